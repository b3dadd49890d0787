// The REPL transcript corpus (tests/transcripts/sessions/*.txt) through the web artifact:
// each session is typed into build/web's pyshell under Node (worker.js in worker_threads,
// @xterm/headless as the terminal) and its final screen compared with
// tests/transcripts/expected/NAME.txt, CPython's screen recorded by the native runner.
// See transcript.mjs for how a session is played and the screen normalised.
//
// Run: node --test tests/headless/   (PYSHELL_TRANSCRIPTS=glob,glob runs only those sessions)
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { WEB_DIR } from './driver.mjs';
import { listSessions, parseSession, runSession, readExpected, diffLines, sessionMatcher, SKIP, KNOWN } from './transcript.mjs';

const haveBuild = fs.existsSync(path.join(WEB_DIR, 'pyshell.js')) && fs.existsSync(path.join(WEB_DIR, 'pyshell.wasm'));
const chosen = sessionMatcher(process.env.PYSHELL_TRANSCRIPTS);
const sessions = listSessions().map(parseSession).filter((s) => chosen(s.name));

let wasmModule = null;
before(async () => {
  // Compiled once, shared by every session's worker.
  if (haveBuild) wasmModule = await WebAssembly.compile(fs.readFileSync(path.join(WEB_DIR, 'pyshell.wasm')));
});

describe('REPL transcripts through the web artifact', { concurrency: 6 }, () => {
  for (const session of sessions) {
    const options = { timeout: 90000 };
    if (!haveBuild) options.skip = `no web build in ${WEB_DIR}`;
    else if (SKIP[session.name]) options.skip = SKIP[session.name];
    else if (KNOWN[session.name]) options.todo = KNOWN[session.name];
    else if (session.xfail) options.todo = 'xfail: ' + session.xfail;
    test(session.name, options, async (t) => {
      const expected = readExpected(session.name);
      assert.ok(expected, `no expected/${session.name}.txt (run_transcripts.py --update-expected)`);
      const result = await runSession(session, { expected, wasmModule });
      assert.equal(result.error, '', `${session.name}: ${result.error}\n` +
        diffLines(expected, result.lines, `${session.name} (CPython, expected)`, `${session.name} (pyshell web)`));
      let lines = result.lines;
      if (JSON.stringify(lines) !== JSON.stringify(expected)) {
        // xterm.js and pyte (the native runner's terminal) differ on a few things: see renderWithPyte.
        const pyte = result.pyteLines();
        if (pyte && JSON.stringify(pyte) === JSON.stringify(expected)) {
          t.diagnostic('equal as pyte renders it; xterm.js draws it differently:\n' +
            diffLines(expected, lines, 'pyte', 'xterm.js'));
          lines = pyte;
        }
      }
      if (JSON.stringify(lines) !== JSON.stringify(expected)) {
        assert.fail(`${session.name}: screens differ (${path.relative(process.cwd(), session.path)})\n` +
          diffLines(expected, lines, `${session.name} (CPython, expected)`, `${session.name} (pyshell web)`) +
          `\nraw output: ${JSON.stringify(result.raw.toString('utf8')).slice(0, 4000)}`);
      }
    });
  }
});
