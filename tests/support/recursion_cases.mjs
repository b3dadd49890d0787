// The JS side of tests/support/recursion_cases.py, shared by the deep-recursion tests on the
// page (tests/page/recursion.test.mjs) and under Node (tests/headless/recursion.test.mjs):
// the Python source to run, as one `exec(...)` line, and the check of what it printed.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** One line of Python that defines the cases (CASES, run_cases, pure, ...) in the session. */
export const DEFINE_CASES = `exec(${JSON.stringify(fs.readFileSync(path.join(here, 'recursion_cases.py'), 'utf8'))})`;

/** The keys of CASES in recursion_cases.py. */
export const CASE_NAMES = ['init', 'getattr', 'str', 'eq', 'map', 'sorted', 'repr', 'parse'];

/** run_cases(label)'s output: every case's line says RecursionError (MemoryError for the parser). */
export function assertAllRaise(text, label) {
  for (const name of CASE_NAMES) {
    assert.match(text, new RegExp(`^${label}: ${name} (RecursionError|MemoryError)$`, 'm'), `${label}: ${name}`);
  }
}
