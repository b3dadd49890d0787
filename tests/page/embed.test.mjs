// Where teachers put pyshell besides serve.py: inside a course page's iframe on another
// origin, and as one file opened from disk. Both run on the JSPI transport (neither is
// cross-origin isolated) in Debian's Chromium. Run: node --test tests/page/
//
//   * the course page: a second loopback server (another origin) serves a page whose
//     iframe shows pyshell (served by serve.py, isolation headers and all) with ?embed;
//   * build/web/pyshell.html (tools/single_file.py) opened as a file:// URL;
//   * build/web/index.html opened as a file says to open pyshell.html instead.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PageHarness, startServer, webDir } from './harness.mjs';

let course = null;   // the course page's server
let courseDir = null;
let h = null;        // pyshell's server and the browser

before(async () => {
  h = await PageHarness.start({ isolation: true });
  courseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyshell-course-'));
  fs.writeFileSync(path.join(courseDir, 'index.html'), `<!doctype html>
<html><head><meta charset="utf-8"><title>Week 3: loops</title></head>
<body><h1>Week 3: loops</h1><p>Try it here:</p>
<iframe id="py" src="${h.url}?embed" style="width: 760px; height: 420px; border: 1px solid #888"></iframe>
</body></html>`);
  course = await startServer({ root: courseDir, isolation: false });
});
after(async () => {
  if (h) await h.close();
  if (course) await course.stop();
  if (courseDir) fs.rmSync(courseDir, { recursive: true, force: true });
});

/** Runs one entry in the harness's page (or frame) and returns what it printed. */
async function run(line, timeout = 10_000) {
  await h.mark();
  await h.inputLine(line);
  const text = await h.waitForText(/\n>>> $/, timeout, { sinceMark: true });
  return text.split('\n').slice(1, -1).join('\n');
}

/** The shell's input() and Ctrl-C in the harness's current page or frame. */
async function inputAndInterrupt() {
  await h.mark();
  await h.inputLine("int(input('how many? ')) * 3");
  await h.waitForText(/\nhow many\? $/, 5_000, { sinceMark: true });
  await h.inputLine('14');
  await h.waitForText(/\n42\n>>> $/, 5_000, { sinceMark: true });
  await h.mark();
  await h.inputLine('while True: pass');
  await h.inputLine('');
  await h.waitForBusy();
  await h.page.evaluate(() => window.pyshell.term.input('\x03', true));
  await h.waitForText(/KeyboardInterrupt\n>>> $/, 5_000, { sinceMark: true });
}

test('pyshell in a cross-origin iframe on a course page: the whole shell, just the terminal', async () => {
  const page = h.page;
  await page.goto(course.url);
  assert.notEqual(new URL(course.url).origin, new URL(h.url).origin, 'the two servers must be two origins');
  const frame = await (await page.waitForSelector('#py')).contentFrame();
  h.page = frame; // the harness's helpers evaluate in the frame
  try {
    await h.waitForPrompt(45_000);
    const how = await frame.evaluate(() => ({
      isolated: window.crossOriginIsolated,
      transport: window.pyshell.transport,
      toolbar: getComputedStyle(document.getElementById('toolbar')).display,
      cols: window.pyshell.term.cols,
    }));
    assert.equal(how.isolated, false);
    assert.equal(how.transport, 'jspi');
    assert.equal(how.toolbar, 'none', '?embed shows just the terminal');
    assert.ok(how.cols >= 70 && how.cols <= 100, `the terminal fits the 760 px frame: ${how.cols} columns`);
    assert.equal(await run('6 * 7'), '42');
    await inputAndInterrupt();
  } finally {
    h.page = page;
  }
});

test('pyshell.html opened from disk: >>>, input(), Ctrl-C, and files kept across an immediate reload', async () => {
  const file = path.join(webDir, 'pyshell.html');
  assert.ok(fs.existsSync(file), `${file} is missing: build it (./dev.sh build)`);
  await h.page.goto(pathToFileURL(file).href);
  await h.waitForPrompt(60_000);
  assert.equal(await h.page.evaluate(() => window.pyshell.transport), 'jspi');
  assert.equal(await run('import sys; sys.version_info[:2]'), '(3, 13)');
  await inputAndInterrupt();
  // No OPFS for a file:// page: the home folder is kept in IndexedDB, each file at its close.
  assert.equal(await h.page.evaluate(() => document.getElementById('home-state').dataset.backend), 'idb');
  assert.equal(await run("open('from_disk.txt', 'w').write('kept')"), '4');
  assert.equal(await run("import os; os.makedirs('d', exist_ok=True)"), '');
  assert.equal(await run("f = open('d/flushed.txt', 'w'); n = f.write('flushed'); f.flush()"), '');
  await h.reload({ timeout: 60_000 }); // at once: nothing to wait for
  assert.equal(await run("open('from_disk.txt').read(), open('d/flushed.txt').read()"), "('kept', 'flushed')");
  // os.fdatasync() keeps a file still open, before the next prompt: reloaded while Python sleeps.
  await h.mark();
  await h.inputLine("import os, time; fd = os.open('synced.txt', os.O_WRONLY | os.O_CREAT); n = os.write(fd, b'datasync'); os.fdatasync(fd); print('synced'); time.sleep(60)");
  await h.waitForText(/^synced$/m, 10_000, { sinceMark: true });
  await h.reload({ timeout: 60_000 });
  assert.equal(await run("open('synced.txt').read()"), "'datasync'");
  assert.equal(await run('import json, decimal; json.dumps(decimal.Decimal("1.5").as_tuple())'), "'[0, [1, 5], -1]'",
    'a module of the lazily loaded part of the stdlib imports (inline in the file)');
});

test('index.html opened from disk says to open pyshell.html', async () => {
  await h.page.goto(pathToFileURL(path.join(webDir, 'index.html')).href);
  await h.page.waitForSelector('#fatal:not([hidden])', { timeout: 10_000 });
  const text = await h.page.locator('#fatal').innerText();
  assert.match(text, /Open pyshell\.html instead/);
  assert.match(text, /pyshell\.html/);
});
