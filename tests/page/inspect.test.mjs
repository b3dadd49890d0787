// The inspector's page hooks (web/main.js) in Chromium against the real wasm build: a panel
// dispatches pyshell:inspect-subscribe / pyshell:inspect-request / pyshell:insert-line and
// hears pyshell:ready / pyshell:busy / pyshell:inspect. Checks the snapshots after each
// command, children by ref, file preview, delete (and its refusal outside home), download
// through the page's own path, requests served inside input(), a hanging __repr__, and that
// the terminal shows exactly what it would without the panel. One page for the whole file;
// tests run in order. Run: node --test tests/page/inspect.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PageHarness, sleep } from './harness.mjs';

let h;
before(async () => {
  h = await PageHarness.start();
  // Record every hook event from the very start (pyshell:ready comes once per session).
  await h.page.addInitScript(() => {
    window.__events = [];
    for (const name of ['pyshell:ready', 'pyshell:busy', 'pyshell:inspect']) {
      window.addEventListener(name, (event) => window.__events.push({ name, detail: event.detail }));
    }
  });
});
after(async () => { if (h) await h.close(); });

const events = (name) => h.page.evaluate((n) => window.__events.filter((e) => e.name === n).map((e) => e.detail), name);
const replies = async () => (await events('pyshell:inspect')).map((d) => JSON.parse(d.json));
const send = (name, detail) => h.page.evaluate(([n, d]) => window.dispatchEvent(new CustomEvent(n, { detail: d })), [name, detail]);
const request = (req) => send('pyshell:inspect-request', { json: JSON.stringify({ kind: 'request', ...req }) });

/** Waits for a reply after the first `from` ones that passes `test`; returns it. */
async function waitReply(from, test, what, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const found = (await replies()).slice(from).find(test);
    if (found) return found;
    if (Date.now() > deadline) {
      throw new Error(`no ${what} in ${timeout} ms; replies: ${JSON.stringify((await replies()).slice(from)).slice(0, 2000)}`);
    }
    await sleep(50);
  }
}
const variable = (snapshot, name) => snapshot.variables.find((v) => v.name === name);

test('pyshell:ready fires once the first >>> is on screen; nothing is sent before a subscription', async () => {
  await h.open();
  await h.page.waitForFunction(() => window.__events.some((e) => e.name === 'pyshell:ready'), null, { timeout: 10_000 });
  assert.equal((await events('pyshell:ready')).length, 1);
  assert.match(await h.screenText(), />>> $/);
  await h.typeLine('plain = 1');
  await h.waitForText(/\n>>> plain = 1\n>>> $/);
  assert.equal((await replies()).length, 0, 'no snapshots while no panel subscribed');
});

test('subscribing gives a snapshot now and one after every command; busy goes on and off', async () => {
  let from = (await replies()).length;
  await send('pyshell:inspect-subscribe', { on: true });
  const first = await waitReply(from, (r) => r.kind === 'snapshot', 'the snapshot asked for by subscribing');
  assert.equal(first.home, '/home/user');
  assert.equal(variable(first, 'plain').repr, '1');
  assert.ok(first.history.includes('plain = 1'), 'the history: ' + JSON.stringify(first.history));

  from = (await replies()).length;
  const busyBefore = (await events('pyshell:busy')).length;
  await h.mark();
  await h.typeLine("xs = [1, 'two', {'k': (3, 4)}]");
  await h.waitForText(/^>>> xs = .*\n>>> $/, 5_000, { sinceMark: true });
  const snap = await waitReply(from, (r) => r.kind === 'snapshot' && variable(r, 'xs'), 'a snapshot with xs');
  const xs = variable(snap, 'xs');
  assert.equal(xs.type, 'list');
  assert.equal(xs.repr, "[1, 'two', {'k': (3, 4)}]");
  assert.equal(xs.length, 3);
  assert.deepEqual(xs.children.map((c) => c.name), ['[0]', '[1]', '[2]']);
  assert.ok(snap.seq > first.seq);
  const busy = (await events('pyshell:busy')).slice(busyBefore).map((d) => d.busy);
  assert.ok(busy.includes(true) && busy[busy.length - 1] === false, 'busy: ' + JSON.stringify(busy));
  // The terminal shows what it always does.
  assert.equal(await h.textSinceMark(), ">>> xs = [1, 'two', {'k': (3, 4)}]\n>>> ");
});

test('children by ref, one level at a time', async () => {
  const snap = (await replies()).filter((r) => r.kind === 'snapshot').pop();
  const dict = variable(snap, 'xs').children[2];
  assert.equal(dict.name, '[2]');
  assert.ok(dict.expanded, 'two levels come with the snapshot');
  const tuple = dict.children[0];
  assert.equal(tuple.name, "['k']");
  assert.equal(tuple.expanded, false);
  const from = (await replies()).length;
  await request({ op: 'children', ref: tuple.ref });
  const reply = await waitReply(from, (r) => r.kind === 'children', 'the children reply');
  assert.equal(reply.ref, tuple.ref);
  assert.equal(reply.error, '');
  assert.deepEqual(reply.children.map((c) => [c.name, c.repr]), [['[0]', '3'], ['[1]', '4']]);
});

test('files: preview, delete inside home, refusal outside it, download through the page', async () => {
  let from = (await replies()).length;
  await h.typeLine("open('notes.txt', 'w').write('hello from the panel\\n')");
  const snap = await waitReply(from, (r) => r.kind === 'snapshot' && r.files.some((f) => f.path === 'notes.txt'), 'notes.txt in a snapshot');
  const file = snap.files.find((f) => f.path === 'notes.txt');
  assert.equal(file.size, 21);
  assert.equal(file.is_dir, false);

  from = (await replies()).length;
  await request({ op: 'preview', path: 'notes.txt' });
  const preview = await waitReply(from, (r) => r.kind === 'preview', 'the preview');
  assert.deepEqual(preview, { kind: 'preview', path: 'notes.txt', text: 'hello from the panel\n', binary: false, truncated: false, error: '' });

  const download = h.page.waitForEvent('download', { timeout: 10_000 });
  await request({ op: 'download', path: 'notes.txt' });
  assert.equal((await download).suggestedFilename(), 'notes.txt');

  from = (await replies()).length;
  await request({ op: 'delete', path: '../../etc/passwd' });
  const refused = await waitReply(from, (r) => r.kind === 'snapshot', 'the snapshot after a refused delete');
  assert.match(refused.error, /outside the home folder/);

  from = (await replies()).length;
  await request({ op: 'delete', path: 'notes.txt' });
  const deleted = await waitReply(from, (r) => r.kind === 'snapshot', 'the snapshot after the delete');
  assert.equal(deleted.error, undefined);
  assert.ok(!deleted.files.some((f) => f.path === 'notes.txt'));
  await h.mark();
  await h.typeLine("import os; os.path.exists('notes.txt')");
  await h.waitForText(/^False\n>>> $/m, 5_000, { sinceMark: true });
});

test('requests are answered while Python waits in input(); bad ones get an error reply', async () => {
  await h.mark();
  await h.typeLine("answer = input('? ')");
  await h.waitForText(/^\? $/m, 5_000, { sinceMark: true });
  let from = (await replies()).length;
  await request({ op: 'snapshot' });
  const during = await waitReply(from, (r) => r.kind === 'snapshot', 'a snapshot inside input()');
  assert.ok(variable(during, 'xs') && !variable(during, 'answer'));
  from = (await replies()).length;
  await send('pyshell:inspect-request', { json: '{"kind":"request","op":' });
  const bad = await waitReply(from, (r) => r.kind === 'error', 'the error reply');
  assert.match(bad.error, /bad inspect request/);
  await h.typeLine('forty-two');
  await h.waitForText(/\? forty-two\n>>> $/, 5_000, { sinceMark: true });
  from = (await replies()).length;
  await h.typeLine('answer');
  await h.waitForText(/^'forty-two'\n>>> $/m, 5_000, { sinceMark: true });
  const snap = await waitReply(from, (r) => r.kind === 'snapshot' && variable(r, 'answer'), 'the snapshot with answer');
  assert.equal(variable(snap, 'answer').repr, "'forty-two'");
});

test('a __repr__ that hangs is cut off; the shell goes on', async () => {
  await h.typeLine('class Hang:');
  await h.typeLine('    def __repr__(self):');
  await h.typeLine('        while True: pass');
  await h.typeLine('');
  await h.waitForText(/\.\.\. \n>>> $/);
  const from = (await replies()).length;
  await h.mark();
  await h.typeLine('hang = Hang()');
  const snap = await waitReply(from, (r) => r.kind === 'snapshot' && variable(r, 'hang'), 'the snapshot with hang', 15_000);
  assert.equal(variable(snap, 'hang').repr, '<repr timed out>');
  assert.equal(snap.truncated, true);
  await h.typeLine('import sys; sys.gettrace(), 6 * 7');
  await h.waitForText(/^\(None, 42\)\n>>> $/m, 5_000, { sinceMark: true });
});

test('pyshell:insert-line puts a line into the prompt without running it', async () => {
  await h.mark();
  await send('pyshell:insert-line', { text: "print('from history')\n" });
  await h.waitForText(/^>>> print\('from history'\)$/, 5_000, { sinceMark: true });
  await sleep(200);
  assert.doesNotMatch(await h.textSinceMark(), /\nfrom history/, 'it must not run by itself');
  await h.press('Enter');
  await h.waitForText(/^>>> print\('from history'\)\nfrom history\n>>> $/, 5_000, { sinceMark: true });
});

test('unsubscribing stops the snapshots', async () => {
  let from = (await replies()).length;
  await h.typeLine('before_off = 1');
  await waitReply(from, (r) => r.kind === 'snapshot' && variable(r, 'before_off'), 'a snapshot while subscribed');
  await send('pyshell:inspect-subscribe', { on: false });
  await sleep(100);
  from = (await replies()).length;
  await h.typeLine('after = 1');
  await h.waitForText(/\n>>> after = 1\n>>> $/);
  await sleep(300);
  assert.equal((await replies()).length, from);
  await h.screenshot('inspect-hooks', { terminalOnly: true });
});
