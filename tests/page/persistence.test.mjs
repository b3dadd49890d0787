// The home folder across reloads (web/lib/home_fs.js, home_store.js): a file is kept when
// the call that wrote it returns, so a reload, a closed tab or a dead worker right after it
// loses nothing; no timer in between. Each case runs over both transports (the SAB store in
// its own worker, answering through shared memory; the JSPI store awaited by suspended
// system calls). One browser profile for the whole file; tests run in order.
// Run: node --test tests/page/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PageHarness } from './harness.mjs';

const TRANSPORTS = ['sab', 'jspi'];
const DELAYS_MS = [0, 50, 100, 500];
const ROUNDS = 20;
let h;
before(async () => {
  h = await PageHarness.start();
});
after(async () => { if (h) await h.close(); });

async function openWith(transport) {
  await h.open(`?transport=${transport}`);
  assert.equal(await h.page.evaluate(() => window.pyshell.transport), transport, 'the page chose another transport');
}

/** Runs one line at the prompt; resolves the text it printed (before the next prompt). */
async function run(line, timeout = 10_000) {
  await h.mark();
  await h.inputLine(line);
  const text = await h.waitForText(/\n>>> $/, timeout, { sinceMark: true });
  const cols = await h.page.evaluate(() => window.pyshell.term.cols);
  const echoRows = Math.max(1, Math.ceil(('>>> ' + line).length / cols)); // a long line wraps
  return text.split('\n').slice(echoRows, -1).join('\n');
}

/** After a reload: the file's content as Python reads it (repr), or a note that it is missing. */
async function readBack(name) {
  return run(`import os; open(${JSON.stringify(name)}).read() if os.path.exists(${JSON.stringify(name)}) else 'MISSING'`);
}

function delayFor(round) { return DELAYS_MS[round % DELAYS_MS.length]; }
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

for (const transport of TRANSPORTS) {
  test(`${transport}: a file written and closed is there after a reload ${ROUNDS} times in a row (0 to 500 ms later)`, async () => {
    await openWith(transport);
    for (let round = 0; round < ROUNDS; round++) {
      const value = `${transport} round ${round} ${Date.now()}`;
      assert.equal(await run(`f = open('kept.txt', 'w'); n = f.write(${JSON.stringify(value)}); f.close()`), '');
      await pause(delayFor(round));
      await h.reload();
      assert.equal(await readBack('kept.txt'), `'${value}'`, `round ${round}: reloaded ${delayFor(round)} ms after the close`);
    }
  });

  test(`${transport}: a file written by input()-driven code is there after an immediate reload`, async () => {
    await openWith(transport);
    for (let round = 0; round < 4; round++) {
      const value = `typed ${round} ${Date.now()}`;
      await h.mark();
      await h.inputLine("name = input('file? '); text = input('text? '); open(name, 'w').write(text); print('saved', name)");
      await h.waitForText(/file\? $/, 5_000, { sinceMark: true });
      await h.inputLine('answer.txt');
      await h.waitForText(/text\? $/, 5_000, { sinceMark: true });
      await h.inputLine(value);
      await h.waitForText(/saved answer\.txt\n>>> $/, 5_000, { sinceMark: true });
      await pause(delayFor(round));
      await h.reload();
      assert.equal(await readBack('answer.txt'), `'${value}'`, `round ${round}`);
    }
  });

  test(`${transport}: the worker terminated right after a write loses nothing`, async () => {
    await openWith(transport);
    for (let round = 0; round < 4; round++) {
      const value = `before the crash ${round} ${Date.now()}`;
      await h.mark();
      // flush() without close: the bytes are in the file once the write under it returns.
      await h.inputLine(`f = open('crash.txt', 'w'); f.write(${JSON.stringify(value)}); f.flush(); print('flushed')`);
      await h.waitForText(/^flushed\n>>> $/m, 5_000, { sinceMark: true });
      await h.page.evaluate(() => window.pyshell.session.client.close()); // terminates the worker
      await h.reload();
      assert.equal(await readBack('crash.txt'), `'${value}'`, `round ${round}`);
    }
  });

  test(`${transport}: renames, deletes and folders are kept too`, async () => {
    await openWith(transport);
    assert.equal(await run("import os, shutil; os.makedirs('proj/sub', exist_ok=True); n = open('proj/sub/a.py', 'w').write('x = 1\\n')"), '');
    assert.equal(await run("n = open('gone.txt', 'w').write('bye')"), '');
    assert.equal(await run("os.replace('proj/sub/a.py', 'proj/b.py'); os.remove('gone.txt'); os.rename('proj', 'project')"), '');
    await h.reload();
    assert.equal(await run("import os, shutil; sorted(os.listdir('project')), open('project/b.py').read(), os.path.exists('gone.txt'), os.path.exists('proj')"),
      "(['b.py', 'sub'], 'x = 1\\n', False, False)");
    assert.equal(await run("shutil.rmtree('project')"), '');
    await h.reload();
    assert.equal(await run("import os; os.path.exists('project')"), 'False');
  });
}

test('history survives an immediate reload: Up arrow shows a line typed before it', async () => {
  await openWith('sab');
  const marker = `'history-marker-${Date.now()}'`;
  await h.typeLine(marker);
  await h.waitForText(new RegExp(`^${marker}\\n>>> $`, 'm'));
  await h.reload();
  await h.press('ArrowUp');
  await h.waitForText(new RegExp(`\\n>>> ${marker}$`), 5_000);
  await h.mark();
  await h.press('Enter');
  await h.waitForText(new RegExp(`^>>> ${marker}\\n${marker}\\n>>> $`), 5_000, { sinceMark: true });
});

test('a file uploaded with the toolbar file input can be read in Python, and is kept', async () => {
  await openWith('sab');
  const content = 'uploaded: ✓ line 1\nline 2\n';
  await h.page.setInputFiles('#file-input', {
    name: 'upload-test.txt', mimeType: 'text/plain', buffer: Buffer.from(content, 'utf8'),
  });
  // Uploads are applied when Python next waits for input: the prompt is waiting right now;
  // an empty line makes sure a fresh wait has begun.
  await run('');
  assert.equal(await run("print(repr(open('upload-test.txt', encoding='utf-8').read()))"), "'uploaded: ✓ line 1\\nline 2\\n'");
  await h.reload();
  assert.equal(await run("open('upload-test.txt', encoding='utf-8').read() == " + JSON.stringify(content)), 'True');
});

test('a file uploaded while Python runs arrives when it next waits for input', async () => {
  await h.mark();
  await h.typeLine("import os, time; time.sleep(1.5); os.path.exists('while-busy.bin')");
  await h.waitForBusy();
  await h.page.setInputFiles('#file-input', {
    name: 'while-busy.bin', mimeType: 'application/octet-stream', buffer: Buffer.from([0, 1, 2, 255]),
  });
  // still running: the upload must not have been applied mid-statement
  await h.waitForText(/^False\n>>> $/m, 10_000, { sinceMark: true });
  assert.equal(await run("list(open('while-busy.bin', 'rb').read())"), '[0, 1, 2, 255]');
});
