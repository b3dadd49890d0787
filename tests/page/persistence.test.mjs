// The home folder across reloads: a file written in Python, the history, and a file
// uploaded through the toolbar's file input. One browser profile for the whole file (the
// IndexedDB copy of /home/user lives in it); tests run in order. Run: node --test tests/page/
//
// The user's view: write something at the prompt, leave the page idle for a few seconds,
// reload. The worker saves the home folder at most every persistIntervalMs (2 s, set by
// main.js), so waiting 3 s is enough for any save policy that does save; the IndexedDB
// check before the reload only makes a failure say where the file got lost.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PageHarness, sleep } from './harness.mjs';

const SETTLE_MS = 3_000;
let h;
before(async () => {
  h = await PageHarness.start();
  await h.open();
});
after(async () => { if (h) await h.close(); });

/**
 * Makes the next command come right after a save: the worker saves at a prompt when its
 * last save is 2 s old, so after 2.1 s idle a `pass` triggers one. Whatever is typed next
 * then changes the home folder less than 2 s after a save, which a save policy that only
 * looks at prompts (and not at the time passing after them) would never write out.
 */
async function justAfterASave() {
  await sleep(2_100);
  await h.typeLine('pass');
  await h.waitForText(/\n>>> pass\n>>> $/);
}

/** Reloads; returns a note on whether `file` had reached IndexedDB before (for failure messages). */
async function settleAndReload(file, expected) {
  await sleep(SETTLE_MS);
  const saved = await h.waitForSavedHomeFile(file, expected, 1_000);
  await h.reload();
  return saved ? `${file} was in IndexedDB before the reload`
    : `${file} had NOT reached IndexedDB ${SETTLE_MS + 1000} ms after it was written (the page never saved it)`;
}

test('a file written in Python is there after a reload', async () => {
  await justAfterASave();
  await h.mark();
  await h.typeLine("open('notes.txt', 'w').write('hi from before the reload')");
  await h.waitForText(/^25\n>>> $/m, 5_000, { sinceMark: true });
  const note = await settleAndReload('/home/user/notes.txt', 'hi from before the reload');
  await h.mark();
  await h.typeLine("import os; os.getcwd(), os.path.exists('notes.txt') and open('notes.txt').read()");
  try {
    await h.waitForText(/^\('\/home\/user', 'hi from before the reload'\)\n>>> $/m, 5_000, { sinceMark: true });
  } catch (error) {
    error.message = note + '\n' + error.message;
    throw error;
  }
});

test('history survives a reload: Up arrow shows a line typed before it', async () => {
  const marker = `'history-marker-${Date.now()}'`;
  await justAfterASave();
  await h.typeLine(marker);
  await h.waitForText(new RegExp(`^${marker}\\n>>> $`, 'm'));
  await sleep(SETTLE_MS);
  // (the history file's format is the shell's business: it is only quoted on failure)
  const history = await h.savedHomeFile('/home/user/.pyshell_history');
  await h.reload();
  await h.press('ArrowUp');
  try {
    await h.waitForText(new RegExp(`\\n>>> ${marker}$`), 5_000);
  } catch (error) {
    error.message = `before the reload, IndexedDB's ~/.pyshell_history ended with ${JSON.stringify((history ?? '(missing)').slice(-120))}\n` + error.message;
    throw error;
  }
  await h.mark();
  await h.press('Enter');
  await h.waitForText(new RegExp(`^>>> ${marker}\\n${marker}\\n>>> $`), 5_000, { sinceMark: true });
});

test('a file uploaded with the toolbar file input can be read in Python', async () => {
  const content = 'uploaded: ✓ line 1\nline 2\n';
  await h.page.setInputFiles('#file-input', {
    name: 'upload-test.txt', mimeType: 'text/plain', buffer: Buffer.from(content, 'utf8'),
  });
  // Uploads are applied when Python next waits for input: the prompt is waiting right now;
  // an empty line makes sure a fresh wait has begun.
  await h.typeLine('');
  await h.mark();
  await h.typeLine("print(repr(open('upload-test.txt', encoding='utf-8').read()))");
  await h.waitForText(/^'uploaded: ✓ line 1\\nline 2\\n'\n>>> $/m, 5_000, { sinceMark: true });
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
  await h.mark();
  await h.typeLine("list(open('while-busy.bin', 'rb').read())");
  await h.waitForText(/^\[0, 1, 2, 255\]\n>>> $/m, 5_000, { sinceMark: true });
});
