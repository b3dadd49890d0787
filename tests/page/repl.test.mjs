// The page in Chromium: banner and prompt, expressions, multi-line blocks, input(),
// Ctrl-C (busy loop and time.sleep), history recall, Tab completion, a screenshot, and
// exit()/Restart. One browser and one page for the whole file; tests run in order and each
// leaves a fresh '>>> ' behind. Run: node --test tests/page/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { PageHarness, PROMPT_AT_END, sleep } from './harness.mjs';
import { PY_VERSION_RE } from '../support/versions.mjs';

let h;
before(async () => { h = await PageHarness.start(); });
after(async () => { if (h) await h.close(); });

test('the page shows the banner and reaches >>>; 1+1 is 2', async () => {
  await h.open();
  const screen = await h.screenText();
  assert.match(screen, new RegExp(String.raw`^Python ${PY_VERSION_RE} .* on emscripten\nType "help", "copyright", "credits" or "license" for more information\.\n>>> $`, 'm'));
  assert.equal(await h.sessionState(), 'running');
  await h.mark();
  await h.typeLine('1+1');
  await h.waitForText(/^>>> 1\+1\n2\n>>> $/, 10_000, { sinceMark: true });
});

test('a multi-line def and a call', async () => {
  await h.mark();
  await h.typeLine('def twice(x):');
  await h.waitForText(/^\.\.\. $/m, 5_000, { sinceMark: true });
  await h.typeLine('    y = x * 2');
  await h.typeLine('    return y');
  await h.typeLine('');
  await h.waitForText(/\.\.\. \n>>> $/, 5_000, { sinceMark: true });
  await h.typeLine('twice(21), twice("ab")');
  const text = await h.waitForText(/^\(42, 'abab'\)\n>>> $/m, 5_000, { sinceMark: true });
  assert.match(text, /^>>> def twice\(x\):\n\.\.\.     y = x \* 2\n\.\.\.     return y\n\.\.\. \n>>> twice/);
});

test("input('name? ') is answered in the terminal", async () => {
  await h.mark();
  await h.typeLine("name = input('name? ')");
  await h.waitForText(/^name\? $/m, 5_000, { sinceMark: true });
  await h.typeLine('Ada Lovelace');
  await h.waitForText(/name\? Ada Lovelace\n>>> $/, 5_000, { sinceMark: true });
  await h.typeLine("f'hello, {name}!', len(name)");
  await h.waitForText(/^\('hello, Ada Lovelace!', 12\)\n>>> $/m, 5_000, { sinceMark: true });
});

test('Ctrl-C stops `while True: pass` (echoed as ^C, as a tty does) with a KeyboardInterrupt traceback; the prompt works after', async () => {
  await h.mark();
  await h.typeLine('while True: pass');
  await h.typeLine('');
  await h.waitForBusy();
  await sleep(300); // really inside the loop, not just started
  assert.doesNotMatch(await h.textSinceMark(), /KeyboardInterrupt/);
  await h.press('Control+c');
  await h.waitForText(
    /^\^CTraceback \(most recent call last\):\n {2}File "<stdin>", line \d+, in <module>\n {4}while True: pass\n {10}\^{4}\nKeyboardInterrupt\n>>> $/m,
    5_000, { sinceMark: true });
  await h.mark();
  await h.typeLine('6*7');
  await h.waitForText(/^>>> 6\*7\n42\n>>> $/, 5_000, { sinceMark: true });
});

test('Ctrl-C interrupts time.sleep(10) within a second', async () => {
  await h.mark();
  await h.typeLine('import time; t0 = time.monotonic(); time.sleep(10)');
  await h.waitForBusy();
  await sleep(500);
  const pressed = Date.now();
  await h.press('Control+c');
  await h.waitForText(/^KeyboardInterrupt\n>>> $/m, 5_000, { sinceMark: true });
  const elapsed = Date.now() - pressed;
  assert.ok(elapsed < 1000, `KeyboardInterrupt took ${elapsed} ms after Ctrl-C`);
  const text = await h.textSinceMark();
  assert.match(text, /Traceback \(most recent call last\):\n {2}File "<stdin>", line 1, in <module>\n( {4}.*\n)*KeyboardInterrupt\n>>> $/);
  // and Python agrees that the sleep was cut short
  await h.mark();
  await h.typeLine('time.monotonic() - t0 < 5');
  await h.waitForText(/^True\n>>> $/m, 5_000, { sinceMark: true });
});

test('Up arrow recalls the previous lines', async () => {
  await h.typeLine("'recall-one'");
  await h.waitForText(/^'recall-one'\n>>> $/m);
  await h.typeLine("'recall-two'");
  await h.waitForText(/^'recall-two'\n>>> $/m);
  await h.press('ArrowUp');
  await h.waitForText(/\n>>> 'recall-two'$/, 5_000);
  await h.press('ArrowUp');
  await h.waitForText(/\n>>> 'recall-one'$/, 5_000);
  await h.mark();
  await h.press('Enter');
  await h.waitForText(/^>>> 'recall-one'\n'recall-one'\n>>> $/, 5_000, { sinceMark: true });
});

test('Tab completes str.up to str.upper(', async () => {
  await h.type('str.up');
  await h.waitForText(/\n>>> str\.up$/, 5_000);
  await h.press('Tab');
  await h.waitForText(/\n>>> str\.upper\($/, 5_000);
  await h.mark();
  await h.typeLine("'tab')");
  await h.waitForText(/^>>> str\.upper\('tab'\)\n'TAB'\n>>> $/, 5_000, { sinceMark: true });
});

test('a screenshot of the terminal is saved under test-results/page/', async () => {
  await h.typeLine("print('screenshot: ✓ café ' + 'λ' * 3)");
  await h.waitForText(/^screenshot: ✓ café λλλ\n>>> $/m);
  await sleep(200); // let the renderer draw the last frame
  const file = await h.screenshot('terminal', { terminalOnly: true });
  await h.screenshot('page');
  const png = fs.readFileSync(file);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'not a PNG');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  assert.ok(width >= 300 && height >= 200, `terminal screenshot is only ${width}x${height}`);
  assert.ok(png.length > 5_000, `terminal screenshot is only ${png.length} bytes: is anything drawn?`);
  // the terminal is visible, not hidden behind the loading or error overlay
  assert.equal(await h.page.locator('#loading').isVisible(), false, 'the loading overlay is still shown');
  assert.equal(await h.page.locator('#fatal').isVisible(), false, 'the error panel is shown');
});

test('exit() shows that Python exited; Enter starts a fresh Python with a fresh namespace', async () => {
  await h.typeLine('left_over = 123');
  await h.waitForText(/\n>>> left_over = 123\n>>> $/);
  await h.mark();
  await h.typeLine('exit()');
  await h.waitForText(/\[Python exited with status 0 — press Enter or click Restart\]$/, 10_000, { sinceMark: true });
  assert.equal(await h.sessionState(), 'exited');
  assert.equal(await h.page.locator('#status').textContent(), 'exited');
  await h.mark();
  await h.press('Enter');
  await h.waitForText(new RegExp(String.raw`^─+ restarted ─+\nPython ${PY_VERSION_RE} [^\n]*\nType "help"[^\n]*\n>>> $`, 'm'), 30_000, { sinceMark: true });
  assert.equal(await h.sessionState(), 'running');
  await h.mark();
  await h.typeLine("'left_over' in dir(), 2**10");
  await h.waitForText(/^\(False, 1024\)\n>>> $/m, 5_000, { sinceMark: true });
});

test('the Restart button gives a fresh >>> and a fresh namespace', async () => {
  await h.typeLine('before_restart = 1');
  await h.waitForText(/\n>>> before_restart = 1\n>>> $/);
  await h.mark();
  await h.page.click('#btn-restart');
  await h.waitForText(new RegExp(String.raw`^─+ restarted ─+\nPython ${PY_VERSION_RE} [^\n]*\nType "help"[^\n]*\n>>> $`, 'm'), 30_000, { sinceMark: true });
  await h.mark();
  await h.typeLine('before_restart');
  await h.waitForText(/^NameError: name 'before_restart' is not defined\n>>> $/m, 5_000, { sinceMark: true });
  assert.match(await h.screenText(), PROMPT_AT_END);
});
