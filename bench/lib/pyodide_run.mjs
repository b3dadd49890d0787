#!/usr/bin/env node
// pyshell bench/lib/pyodide_run.mjs: runs bench/programs/_runner.py in Pyodide under Node
// (the npm package's loadPyodide()), the way `python3.13 _runner.py ARGS` runs natively.
//
//   node bench/lib/pyodide_run.mjs [ARGS for _runner.py]
//
// bench/programs/*.py are copied into Pyodide's in-memory file system (/bench), which is
// put first on sys.path; the runner's stdout lines are printed as they come. Exit status
// is the runner's (1 on a Python error, with the traceback on stderr).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const programs = path.resolve(here, '..', 'programs');

const { loadPyodide } = require('pyodide');
const pyodide = await loadPyodide({
  stdout: (line) => process.stdout.write(line + '\n'),
  stderr: (line) => process.stderr.write(line + '\n'),
});
pyodide.FS.mkdirTree('/bench');
for (const name of fs.readdirSync(programs)) {
  if (name.endsWith('.py')) pyodide.FS.writeFile('/bench/' + name, fs.readFileSync(path.join(programs, name)));
}
pyodide.globals.set('_bench_argv', pyodide.toPy(['_runner.py', ...process.argv.slice(2)]));
let status = 0;
try {
  status = pyodide.runPython(`
import sys, runpy
sys.argv = list(_bench_argv)
sys.path.insert(0, '/bench')
try:
    runpy.run_path('/bench/_runner.py', run_name='__main__')
    _status = 0
except SystemExit as e:
    _status = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
_status
`);
} catch (error) {
  process.stderr.write(String(error && error.message || error) + '\n');
  status = 1;
}
process.exitCode = status;
