// A flood of output: 100,000 printed lines reach the terminal complete and in order, the
// last one is on screen, and the page answers while they arrive (the worker pauses Python
// when the page falls behind instead of freezing the tab). Run: node --test tests/page/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PageHarness, sleep } from './harness.mjs';

const LINES = 100_000;
let h;
before(async () => {
  h = await PageHarness.start();
  await h.open();
});
after(async () => { if (h) await h.close(); });

test(`${LINES.toLocaleString('en')} printed lines arrive complete; the page stays responsive`, async (t) => {
  // Record everything the page hands to xterm.js from now on (main.js writes the worker's
  // output with term.write): the scrollback keeps only the last 10,000 lines.
  await h.page.evaluate(() => {
    const term = window.pyshell.term;
    const write = term.write.bind(term);
    const decoder = new TextDecoder();
    window.__written = [];
    term.write = (data, callback) => {
      window.__written.push(typeof data === 'string' ? data : decoder.decode(data, { stream: true }));
      return write(data, callback);
    };
  });
  await h.typeLine(`for i in range(${LINES}): print(i)`);
  await h.typeLine('');
  const started = Date.now();

  // While it prints, the page must keep answering: time page.evaluate round trips.
  let finished = false;
  let failure = null;
  const done = h.waitForText(new RegExp(`\\n${LINES - 1}\\n>>> $`), 90_000)
    .catch((error) => { failure = error; }).finally(() => { finished = true; });
  const latencies = [];
  while (!finished) {
    const t = Date.now();
    await h.page.evaluate(() => document.title);
    latencies.push(Date.now() - t);
    await sleep(100);
  }
  await done;
  if (failure) throw failure;
  const elapsed = Date.now() - started;

  const visible = await h.visibleText();
  assert.match(visible, new RegExp(`\\n${LINES - 2}\\n${LINES - 1}\\n>>> $`), 'the last line is not on screen');

  const result = await h.page.evaluate((n) => {
    const text = window.__written.join('').replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
    const numbers = text.split(/\r?\n/).filter((line) => /^\d+$/.test(line)).map(Number);
    let firstBad = -1;
    for (let i = 0; i < Math.max(n, numbers.length); i++) {
      if (numbers[i] !== i) { firstBad = i; break; }
    }
    return { count: numbers.length, firstBad, around: firstBad < 0 ? [] : numbers.slice(Math.max(0, firstBad - 2), firstBad + 3) };
  }, LINES);
  assert.equal(result.firstBad, -1, `line ${result.firstBad} is missing or out of order (got ${JSON.stringify(result.around)} around it)`);
  assert.equal(result.count, LINES);

  const worst = Math.max(...latencies);
  const sorted = latencies.slice().sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  t.diagnostic(`${LINES} lines in ${elapsed} ms; page.evaluate round trips while printing: ` +
    `${latencies.length} samples, median ${median} ms, worst ${worst} ms`);
  assert.ok(latencies.length >= 2, 'too few responsiveness samples');
  assert.ok(worst < 1_000, `the page took ${worst} ms to answer while the output arrived`);
  assert.ok(median < 300, `the page's median answer time while printing was ${median} ms`);

  // and the prompt works afterwards
  await h.mark();
  await h.typeLine('len("after the flood")');
  await h.waitForText(/^15\n>>> $/m, 5_000, { sinceMark: true });
});

test('Ctrl-C stops a flood of output at once', async () => {
  await h.mark();
  await h.typeLine('i = 0');
  await h.typeLine('while True: print(i); i += 1');
  await h.typeLine('');
  await h.waitForBusy();
  await sleep(1_000);
  const pressed = Date.now();
  await h.press('Control+c');
  // The interrupt may land between print's text and its newline: that number is still in
  // sys.stdout's buffer and comes out after the traceback, right before the prompt, as in
  // CPython's own REPL on a terminal.
  await h.waitForText(/\nKeyboardInterrupt\n\d*>>> $/, 10_000);
  const elapsed = Date.now() - pressed;
  assert.ok(elapsed < 2_000, `the output went on for ${elapsed} ms after Ctrl-C`);
  await h.mark();
  await h.typeLine('i > 1000');
  await h.waitForText(/^True\n>>> $/m, 5_000, { sinceMark: true });
});
