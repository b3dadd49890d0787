// The home folder's owner and limits (web/lib/home_store.js, home_owner.js): an IndexedDB
// home of an older pyshell moves into the Origin Private File System once; a second tab
// cannot overwrite the first's files (read-only, or take over: the first then stops
// saving and says so); a write past the quota is ENOSPC with a sentence, nothing saved is
// lost; the whole folder goes out and comes back as a .zip. One served origin, one profile;
// tests run in order; the tabs, the quota and the zips on both transports.
// Run: node --test tests/page/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { PageHarness, repoRoot } from './harness.mjs';

const require = createRequire(import.meta.url);
const fflate = require(`${repoRoot}/node_modules/fflate`);

let h;
before(async () => {
  h = await PageHarness.start();
});
after(async () => { if (h) await h.close(); });

/** Runs one line at the prompt of `page`; resolves what it printed (before the next prompt). */
async function runOn(page, line, timeout = 10_000) {
  const lines = () => page.evaluate(() => {
    const b = window.pyshell.term.buffer.active;
    const out = [];
    for (let i = 0; i < b.length; i++) out.push(b.getLine(i).translateToString(true));
    while (out.length && out[out.length - 1] === '') out.pop(); // the empty rows below the cursor
    return out;
  });
  await page.waitForFunction(() => window.pyshell && window.pyshell.session && window.pyshell.session.ready, null, { timeout: 30_000 });
  await page.waitForFunction(() => { // the prompt is drawn
    const b = window.pyshell.term.buffer.active;
    const row = b.getLine(b.baseY + b.cursorY);
    return row && row.translateToString(true).trimEnd() === '>>>';
  }, null, { timeout: 30_000 });
  const start = (await lines()).length - 1; // the prompt's row
  await page.evaluate((t) => window.pyshell.term.input(t + '\r', true), line);
  const cols = await page.evaluate(() => window.pyshell.term.cols);
  const echoRows = Math.max(1, Math.ceil(('>>> ' + line).length / cols)); // a long line wraps
  const deadline = Date.now() + timeout;
  for (;;) {
    const all = await lines();
    const tail = all.slice(start);
    if (tail.length > echoRows && tail[tail.length - 1].trimEnd() === '>>>') return tail.slice(echoRows, -1).join('\n');
    if (Date.now() > deadline) throw new Error(`no prompt after ${JSON.stringify(line)}; screen:\n${all.slice(-20).join('\n')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const run = (line, timeout) => runOn(h.page, line, timeout);
const homeState = (page) => page.evaluate(() => ({ ...document.getElementById('home-state').dataset, text: document.getElementById('home-state').textContent }));

test('an IndexedDB home of an older pyshell moves into OPFS once, losing nothing', async () => {
  // The origin's storage before pyshell ever ran here: IDBFS's layout, as pyshell 0.1 saved it.
  await h.page.goto(h.url + 'xterm/xterm.css');
  await h.page.evaluate(() => new Promise((resolve, reject) => {
    const r = indexedDB.open('/home/user', 21);
    r.onupgradeneeded = () => r.result.createObjectStore('FILE_DATA').createIndex('timestamp', 'timestamp', { unique: false });
    r.onerror = () => reject(r.error);
    r.onsuccess = () => {
      const tx = r.result.transaction('FILE_DATA', 'readwrite');
      const s = tx.objectStore('FILE_DATA');
      const file = (text) => ({ timestamp: new Date(), mode: 0o100644, contents: new TextEncoder().encode(text) });
      s.put({ timestamp: new Date(), mode: 0o040755 }, '/home/user/old');
      s.put(file('print("from the old home")\n'), '/home/user/old/prog.py');
      s.put(file('notes ✓'), '/home/user/notes.txt');
      s.put(file('old history line\n'), '/home/user/.pyshell_history');
      tx.oncomplete = () => { r.result.close(); resolve(); };
    };
  }));
  await h.open();
  assert.equal((await homeState(h.page)).backend, 'opfs');
  assert.equal(await run("open('notes.txt').read(), open('old/prog.py').read()"), "('notes ✓', 'print(\"from the old home\")\\n')");
  await h.page.waitForFunction(() => /saved files? moved to this browser's file system/.test(document.getElementById('toasts').textContent), null, { timeout: 5_000 });
  // Moved once: a file deleted now stays deleted (the IndexedDB copy is not read again).
  assert.equal(await run("import os; os.remove('notes.txt')"), '');
  await h.reload();
  assert.equal(await run("import os; os.path.exists('notes.txt'), os.path.exists('old/prog.py')"), '(False, True)');
  assert.equal(await h.savedHomeFile('/home/user/old/prog.py'), 'print("from the old home")\n');
});

test('the page asks for persistent storage and says what the browser answered', async () => {
  await h.page.waitForFunction(() => document.getElementById('home-state').dataset.persisted !== 'null', null, { timeout: 5_000 });
  const state = await homeState(h.page);
  assert.ok(['true', 'false'].includes(state.persisted), 'persist() was not answered: ' + JSON.stringify(state));
  const title = await h.page.evaluate(() => document.getElementById('home-state').title);
  assert.match(title, state.persisted === 'true' ? /persistent storage granted/ : /did not grant persistent storage/);
});

for (const transport of ['sab', 'jspi']) {
  const query = `?transport=${transport}`;

  test(`${transport}: a second tab cannot overwrite the first one's files: read-only, or take over`, async () => {
    await h.open(query);
    assert.equal(await run("n = open('shared.txt', 'w').write('from A')"), '');
    const b = await h.context.newPage();
    h.watch(b);
    await b.goto(h.url + query);
    await b.waitForSelector('#owner-dialog[open]', { timeout: 10_000 });
    await b.click('#owner-read-only');
    assert.equal(await runOn(b, "open('shared.txt').read()"), "'from A'");
    const refused = await runOn(b, "import errno\ntry:\n    open('shared.txt', 'w')\nexcept OSError as e:\n    print(e.errno == errno.EROFS, 'read-only' in str(e))\n".replace(/\n/g, '\r') + '\r');
    assert.match(refused, /True True/);
    assert.equal((await homeState(b)).readOnly, 'yes');
    assert.equal(await run("open('shared.txt').read()"), "'from A'", 'tab A lost its file');
    assert.equal(await run("n = open('shared.txt', 'w').write('A still saves')"), '', 'tab A can still write');
    await b.close();

    const c = await h.context.newPage();
    h.watch(c);
    await c.goto(h.url + query);
    await c.waitForSelector('#owner-dialog[open]', { timeout: 10_000 });
    await c.click('#owner-steal');
    assert.equal(await runOn(c, "open('shared.txt').read()"), "'A still saves'");
    assert.equal(await runOn(c, "n = open('shared.txt', 'w').write('from C')"), '');
    // A says it stopped saving, and a write there now fails instead of overwriting C's work.
    await h.page.waitForFunction(() => document.getElementById('home-state').dataset.readOnly === 'yes', null, { timeout: 5_000 });
    assert.equal(await h.page.isVisible('#btn-take-over'), true, 'tab A offers to take the files back');
    const refusedA = await run("try:\r    open('shared.txt', 'w').write('A again')\rexcept OSError as e:\r    print('refused:', e)\r");
    assert.match(refusedA, /refused: .*another tab, which now keeps your files/);
    assert.match(refusedA.replace(/\n/g, ''), /pyshell: pyshell was opened in another tab.*no longer save them \(Take over, or a reload, takes them back\)\.$/, 'the terminal says so too, above the prompt');
    assert.equal(await h.savedHomeFile('/home/user/shared.txt'), 'from C');
    // Take over from A: C stops saving in turn.
    await h.page.click('#btn-take-over');
    await h.waitForPrompt();
    await c.waitForFunction(() => document.getElementById('home-state').dataset.readOnly === 'yes', null, { timeout: 10_000 });
    assert.equal(await run("open('shared.txt').read()"), "'from C'");
    assert.equal(await run("n = open('shared.txt', 'w').write('A owns it again')"), '');
    await c.close();
  });

  test(`${transport}: a write past the quota is ENOSPC with a sentence; saved files stay whole; the prompt comes back`, async () => {
    await h.open(query);
    const cdp = await h.context.newCDPSession(h.page);
    const origin = new URL(h.url).origin;
    assert.equal(await run("n = open('before-full.txt', 'w').write('kept ' * 1000)"), '');
    const { usage } = await h.page.evaluate(() => navigator.storage.estimate());
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: usage + 2 * 1024 * 1024 });
    try {
      const out = await run("import errno\rtry:\r    with open('huge.bin', 'wb') as f: f.write(b'x' * (8 * 2**20))\rexcept OSError as e:\r    print(e.errno == errno.ENOSPC, e)\r\r", 20_000);
      assert.match(out.replace(/\n/g, ''), /True \[Errno 51\] .*storage for this site is full \(.* used of the .* this site may use\)/);
      assert.equal(await run("import os; os.path.getsize('huge.bin'), open('before-full.txt').read() == 'kept ' * 1000"), '(0, True)');
    } finally {
      await cdp.send('Storage.overrideQuotaForOrigin', { origin }); // no size: the override is gone
    }
    await h.reload();
    assert.equal(await run("open('before-full.txt').read() == 'kept ' * 1000"), 'True');
  });

  test(`${transport}: Export .zip downloads the whole home folder; Import .zip unpacks one into it`, async () => {
    await h.open(query);
    assert.equal(await run("import os; os.makedirs('zipme/deep', exist_ok=True); n = open('zipme/deep/z.txt', 'w').write('zipped ✓')"), '');
    const [download] = await Promise.all([h.page.waitForEvent('download', { timeout: 10_000 }), h.page.click('#btn-export')]);
    assert.equal(download.suggestedFilename(), 'pyshell-home.zip');
    const entries = fflate.unzipSync(new Uint8Array(fs.readFileSync(await download.path())));
    assert.equal(new TextDecoder().decode(entries['zipme/deep/z.txt']), 'zipped ✓');
    assert.ok('shared.txt' in entries && '.pyshell_history' in entries, 'every file is in the zip: ' + Object.keys(entries).join(', '));

    const zip = fflate.zipSync({ 'restored/a.py': fflate.strToU8('print(42)\n'), 'restored/data/b.csv': fflate.strToU8('x,y\n1,2\n') });
    await h.page.setInputFiles('#zip-input', { name: 'backup.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
    await run(''); // (requests are served while Python waits for input)
    await h.page.waitForFunction(() => document.body.textContent.includes('Imported 2 files from backup.zip'), null, { timeout: 10_000 });
    await h.reload();
    assert.equal(await run("open('restored/a.py').read(), open('restored/data/b.csv').read()"), "('print(42)\\n', 'x,y\\n1,2\\n')");

    const evil = fflate.zipSync({ '../escape.txt': fflate.strToU8('no') });
    await h.page.setInputFiles('#zip-input', { name: 'evil.zip', mimeType: 'application/zip', buffer: Buffer.from(evil) });
    await run('');
    await h.page.waitForFunction(() => document.body.textContent.includes('Refused evil.zip'), null, { timeout: 10_000 });
  });
}
