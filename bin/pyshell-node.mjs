#!/usr/bin/env node
// pyshell-node: pyshell's web artifact (build/web: worker.js, pyshell.js/.wasm, the stdlib
// parts) run by Node instead of a browser page. The worker runs in a worker_threads Worker
// started by the page's own session client (build/web/lib/session.js), over the SAB
// transport (shared rings and control block; JSPI with --transport jspi); output arrives
// as postMessage batches.
//
//   pyshell-node [OPTIONS]                      the interactive shell (stdin a terminal)
//   pyshell-node [OPTIONS] script.py [ARG...]   run a script: sys.argv = [script.py, ARG...]
//   pyshell-node [OPTIONS] -c CODE [ARG...]     run CODE: sys.argv = ['-c', ARG...]
//   pyshell-node [OPTIONS] - [ARG...]           run the program read from stdin (also the
//                                               default when stdin is not a terminal)
// OPTIONS:
//   --home DIR    the host folder Python sees as /home/user, its working directory
//                 (created if missing). Default: a fresh temporary folder, removed at exit.
//   --home ZIP    a .zip file (by its name or its first bytes): unpacked into a fresh
//                 temporary folder that is the home folder (removed at exit; the zip itself
//                 is never written). Only folders and regular files; an entry with an
//                 absolute path or a `..` component is refused. A relative script.py is
//                 then a file of the zip.
//   --keep-home   keep that temporary folder (its path is printed on stderr at exit)
//   --timeout SECONDS
//                 stop the program after SECONDS of wall-clock time (fractions allowed,
//                 counted from pyshell-node's start): exit status 124, as timeout(1)
//   --max-output BYTES
//                 stop the program when stdout and stderr together would pass BYTES
//                 (suffixes k = 1024, M = 1024 * 1024): what fits is written, then exit
//                 status 125
//   --max-memory MB
//                 the wasm memory's ceiling in MiB (at least 32, the memory it starts
//                 with): an allocation past it raises MemoryError inside Python, which the
//                 program may catch; Node's own memory comes on top
//   --web DIR     the web build to run (default: build/web beside this script's folder,
//                 or $PYSHELL_WEB_DIR)
//   --transport sab|jspi
//                 how the worker waits for input (web/lib/session.js): sab (the default:
//                 shared memory; Ctrl-C pressed 3 times stops Python stuck in C code) or
//                 jspi (messages, as a page without cross-origin isolation; for comparisons)
//   -q            no banner (interactive shell)
//   -h, --help
//
// Python sees only the virtual file system: the stdlib zip, /tmp (in memory) and the home
// folder; no other host file, no host process (os.system answers 127), no network. A
// script outside the home folder is handed over as a copy (its path is what tracebacks and
// __file__ show; sys.path[0] is then the home folder). The exit status is Python's (130
// after an unhandled KeyboardInterrupt), or pyshell-node's own: 2 (usage), 124 (--timeout),
// 125 (--max-output); the limits are meant for running untrusted programs (grading), each
// stop announced by one "pyshell-node: ... limit ..." line on stderr.
//
// On a terminal (interactive shell): raw mode, keys go to the shell, Ctrl-C while code
// runs is an interrupt (pressed 3 times without Python reacting, e.g. inside a long C
// loop, it stops Python: exit 130), the window size follows the terminal, and the
// terminal is restored on every way out. Running a script, the terminal stays in its
// normal (cooked) mode, so the terminal itself echoes and edits typed lines; Ctrl-C is
// SIGINT, which becomes the interrupt. Without a terminal nothing typed is echoed, and
// stdin is a pipe for Python (input() reads it; its end is end of file).
import { spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const PROG = 'pyshell-node';
const HOME = '/home/user';
const SCRIPT_DIR = '/tmp/pyshell-node';    // a script from outside the home folder is copied here
const STDIN_RING_BYTES = 64 * 1024;        // the session's default stdin ring (flow control below)
const FORCE_STOP_PRESSES = 3;              // Ctrl-C presses Python ignored before it is stopped
const EXIT_TIME_LIMIT = 124;               // as timeout(1)
const EXIT_OUTPUT_LIMIT = 125;
const MIB = 1024 * 1024;
const MAX_UNZIPPED = 1024 * MIB;           // --home ZIP: at most this much unpacked
// The wasm memory starts at 32 MiB (cmake/web.cmake's INITIAL_MEMORY), in which CPython's
// start-up fits: a ceiling below it cannot hold (worker_wasm.js's limitMemory refuses it).
const MIN_MEMORY_MB = 32;
const STOP_GRACE_MS = 1000;                // a worker that does not end when terminated is left behind

const USAGE = `usage: ${PROG} [--home DIR|ZIP] [--keep-home] [--timeout SECONDS] [--max-output BYTES] [--max-memory MB]
                    [--web DIR] [--transport sab|jspi] [-q] [-c CODE | script.py | -] [ARG...]
  (no command)  the interactive shell when stdin is a terminal, else run the program on stdin
  -c CODE       run CODE (sys.argv = ['-c', ARG...])
  script.py     run the script (sys.argv = ['script.py', ARG...])
  -             run the program read from stdin
  --home DIR    host folder seen as /home/user, the working directory (default: a fresh
                temporary folder, removed at exit)
  --home ZIP    a .zip unpacked into a fresh temporary folder, the home (removed at exit);
                a relative script.py is then one of the zip's files
  --keep-home   keep that temporary folder (its path is printed at exit)
  --timeout S   stop the program after S seconds (wall clock; fractions allowed): exit 124
  --max-output BYTES
                stop the program when stdout + stderr would pass BYTES (10k = 10240,
                1M = 1048576): what fits is written, then exit 125
  --max-memory MB
                the wasm memory's ceiling in MiB (at least ${MIN_MEMORY_MB}): allocations past it
                raise MemoryError in Python
  --web DIR     the web build (default: ${defaultWebDir()}, or $PYSHELL_WEB_DIR)
  --transport T sab (default) or jspi: how Python waits for input (the page's two ways)
  -q            no banner in the interactive shell
Exit status: Python's; 2 usage error; 124 time limit; 125 output limit.
`;

function defaultWebDir() {
  return process.env.PYSHELL_WEB_DIR ? path.resolve(process.env.PYSHELL_WEB_DIR) : path.resolve(here, '..', 'build', 'web');
}

class UsageError extends Error {}

/** A positive number of seconds: "2", "0.5", "1e1". */
function parseSeconds(flag, text) {
  const n = /^\s*[0-9.eE+]+\s*$/.test(text) ? Number(text) : NaN;
  if (!(Number.isFinite(n) && n > 0)) throw new UsageError(`${flag} takes a positive number of seconds, not ${JSON.stringify(text)}`);
  return n;
}

/** A positive byte count, with an optional k (1024) or M (1024 * 1024) suffix. */
function parseBytes(flag, text) {
  const m = /^\s*([0-9]+(?:\.[0-9]*)?)\s*([kKmM]?)[bB]?\s*$/.exec(text);
  const n = m ? Math.floor(Number(m[1]) * ({ '': 1, k: 1024, m: MIB }[m[2].toLowerCase()])) : NaN;
  if (!(Number.isSafeInteger(n) && n > 0)) throw new UsageError(`${flag} takes a positive number of bytes (suffix k or M allowed), not ${JSON.stringify(text)}`);
  return n;
}

/** MiB for the wasm memory's ceiling: at least what start-up takes, below wasm32's 4 GiB. */
function parseMemory(flag, text) {
  const n = /^\s*[0-9]+(\.[0-9]*)?\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(n)) throw new UsageError(`${flag} takes a number of MiB, not ${JSON.stringify(text)}`);
  if (n < MIN_MEMORY_MB) {
    throw new UsageError(`${flag} ${text} is below the ${MIN_MEMORY_MB} MiB the wasm memory starts with (where Python's start-up fits)`);
  }
  if (n >= 4096) throw new UsageError(`${flag} ${text}: the wasm memory cannot pass 4096 MiB anyway`);
  return n;
}

function parseArgs(argv) {
  const o = {
    home: null, keepHome: false, web: defaultWebDir(), transport: 'sab', quiet: false, mode: null, payload: null, args: [],
    timeout: null, maxOutput: null, maxMemory: null,
  };
  let i = 0;
  const value = (flag) => {
    if (i + 1 >= argv.length) throw new UsageError(`${flag} needs a value`);
    return argv[++i];
  };
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--home') o.home = value(a);
    else if (a.startsWith('--home=')) o.home = a.slice(7);
    else if (a === '--keep-home') o.keepHome = true;
    else if (a === '--timeout') o.timeout = parseSeconds(a, value(a));
    else if (a.startsWith('--timeout=')) o.timeout = parseSeconds('--timeout', a.slice(10));
    else if (a === '--max-output') o.maxOutput = parseBytes(a, value(a));
    else if (a.startsWith('--max-output=')) o.maxOutput = parseBytes('--max-output', a.slice(13));
    else if (a === '--max-memory') o.maxMemory = parseMemory(a, value(a));
    else if (a.startsWith('--max-memory=')) o.maxMemory = parseMemory('--max-memory', a.slice(13));
    else if (a === '--web') o.web = path.resolve(value(a));
    else if (a.startsWith('--web=')) o.web = path.resolve(a.slice(6));
    else if (a === '--transport' || a.startsWith('--transport=')) {
      o.transport = a === '--transport' ? value(a) : a.slice(12);
      if (!['sab', 'jspi'].includes(o.transport)) throw new UsageError(`--transport takes sab or jspi, not ${JSON.stringify(o.transport)}`);
    } else if (a === '-q') o.quiet = true;
    else if (a === '-h' || a === '--help') o.mode = 'help';
    else if (a === '-c') {
      o.mode = 'command';
      o.payload = value(a);
      i++;
      break;
    } else if (a === '-') {
      o.mode = 'stdin';
      o.explicitStdin = true;
      i++;
      break;
    } else if (a === '--') {
      i++;
      if (i < argv.length) {
        o.mode = 'script';
        o.payload = argv[i++];
      }
      break;
    } else if (a.startsWith('-') && a !== '-') {
      throw new UsageError(`unknown option ${a}`);
    } else {
      o.mode = 'script';
      o.payload = a;
      i++;
      break;
    }
    if (o.mode === 'help') break;
  }
  o.args = argv.slice(i);
  return o;
}

// Runs the user's program (-c code, a script, or stdin) the way `python` does, inside
// pyshell.wasm's `-c`: sys.argv = ['-c', SPEC, ARG...] on the way in, SPEC a JSON object:
//   file: a path in the virtual FS (a script in the home folder, or its copy), or
//   code: the -c code;
//   shown: the file name for tracebacks and __file__; argv0: sys.argv[0];
//   path0: put first on sys.path: the script's folder, or '' (the working directory,
//          the home folder) for -c, stdin and a copied script.
// The program runs in __main__'s namespace; a traceback leaves out this code's frame, as
// CPython's does for its own runner; SystemExit works as usual. time.sleep() sleeps in
// short slices so that Ctrl-C stops it (a -c run's sleep cannot be woken otherwise).
const BOOTSTRAP = String.raw`def _pyshell_node_main():
    import sys, time, json
    g = globals()
    del g['_pyshell_node_main']
    spec = json.loads(sys.argv[1])
    sys.argv[:2] = [spec['argv0']]
    sys.path.insert(0, spec['path0'])
    _sleep, _now = time.sleep, time.monotonic
    def sleep(secs):
        _sleep(0 * secs)  # the same argument checks
        end = _now() + secs
        while True:
            left = end - _now()
            if left <= 0:
                return
            _sleep(min(left, 0.02))
            for _ in range(1024):  # CPython looks at the interrupt cell every 1000 loop checks
                pass
    sleep.__doc__ = _sleep.__doc__
    time.sleep = sleep
    if spec['file'] is not None:
        shown = spec['shown']
        with open(spec['file'], 'rb') as f:
            source = f.read()
        if not shown.startswith('<'):
            g['__file__'] = shown
        if shown != spec['file'] and not shown.startswith('<'):
            import linecache
            text = source.decode('utf-8', 'replace')
            linecache.cache[shown] = (len(text), None, text.splitlines(True), shown)
    else:
        shown, source = '<string>', spec['code']
        # CPython 3.13's -c shows the command's own lines in a traceback (under "<string>",
        # which is otherwise this bootstrap's name).
        import linecache
        linecache.cache[shown] = (len(source), None, source.splitlines(True), shown)
    me = sys._getframe().f_code
    try:
        code = compile(source, shown, 'exec', dont_inherit=True)
        del spec, source
        exec(code, g)
    except SystemExit:
        raise
    except BaseException as e:
        kept = []  # the traceback without this function's frame and the sleep above
        tb = e.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code is not me and tb.tb_frame.f_code is not sleep.__code__:
                kept.append(tb)
            tb = tb.tb_next
        for a, b in zip(kept, kept[1:] + [None]):
            a.tb_next = b
        tb = kept[0] if kept else None
        e = e.with_traceback(tb)
        if sys.excepthook is sys.__excepthook__:
            import traceback  # it finds the source of a copied script (linecache); C's printer would not
            traceback.print_exception(e)
        else:
            sys.excepthook(type(e), e, tb)
        sys.exit(130 if isinstance(e, KeyboardInterrupt) else 1)
_pyshell_node_main()
`;

function loadLibs(webDir) {
  for (const f of ['worker.js', 'lib/session.js']) {
    if (!fs.existsSync(path.join(webDir, f))) {
      throw new UsageError(`no pyshell web build in ${webDir} (${f} is missing): build it (cmake --build --preset web) or pass --web DIR`);
    }
  }
  return require(path.join(webDir, 'lib', 'session.js'));
}

function isInside(child, parent) {
  const rel = path.relative(parent, child);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/* ---- --home ZIP ---- */

/** True for a regular file named *.zip or starting with a zip signature (PK\3\4, or PK\5\6: empty). */
function isZipFile(file) {
  let st;
  try {
    st = fs.statSync(file);
  } catch (_) {
    return false;
  }
  if (!st.isFile()) return false;
  if (/\.zip$/i.test(file)) return true;
  const head = Buffer.alloc(4);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, 4, 0);
  } finally {
    fs.closeSync(fd);
  }
  return head.equals(Buffer.from('PK\x03\x04', 'latin1')) || head.equals(Buffer.from('PK\x05\x06', 'latin1'));
}

/**
 * fflate: this checkout's (node_modules beside bin/), the web build's copy of its UMD build
 * (lib/fflate.js, when the build has one), or wherever Node's resolution finds it (an
 * installed package's dependencies).
 */
function loadFflate(webDir) {
  for (const name of [path.resolve(here, '..', 'node_modules', 'fflate'), path.join(webDir, 'lib', 'fflate.js'), 'fflate']) {
    try {
      return require(name);
    } catch (_) { /* the next way */ }
  }
  throw new UsageError('--home ZIP needs the npm package fflate (npm install fflate)');
}

/**
 * Unpacks the zip file into dir (an empty folder): its folders and files with their bytes,
 * nothing else (no links, no modes). Throws a UsageError naming the first entry that would
 * land outside dir (an absolute path, a drive, a `..` component).
 */
function unpackZip(file, dir, webDir) {
  const { unzipSync } = loadFflate(webDir);
  const zip = new Uint8Array(fs.readFileSync(file));
  let entries;
  let total = 0;
  try {
    entries = unzipSync(zip, {
      filter(entry) { // what it unpacks to, before unpacking: a zip bomb is refused, not unpacked
        total += entry.originalSize;
        if (total > MAX_UNZIPPED) throw new Error(`it would unpack to more than ${MAX_UNZIPPED / MIB} MiB`);
        return true;
      },
    });
  } catch (error) {
    throw new UsageError(`--home ${file}: not a readable zip file (${error.message})`);
  }
  const planned = [];
  for (const [name, data] of Object.entries(entries)) {
    // Windows tools may write "\\" for "/": both are separators here.
    const normal = name.replace(/\\/g, '/');
    const isDir = normal.endsWith('/');
    if (normal.startsWith('/') || /^[A-Za-z]:/.test(normal) || normal.split('/').includes('..') || normal.includes('\0')) {
      throw new UsageError(`--home ${file}: the entry ${JSON.stringify(name)} would be written outside the home folder; refused`);
    }
    // (a symbolic link's entry becomes a file holding its target's name: nothing is linked)
    planned.push({ parts: normal.split('/').filter((p) => p !== '' && p !== '.'), isDir, data });
  }
  for (const { parts, isDir, data } of planned) {
    if (!parts.length) continue;
    const target = path.join(dir, ...parts);
    try {
      if (isDir) {
        fs.mkdirSync(target, { recursive: true });
      } else {
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, data, { flag: 'wx' }); // never over (or through) what is already there
      }
    } catch (error) {
      // "a" as a file and "a/b", or one name twice
      throw new UsageError(`--home ${file}: the entry ${JSON.stringify(parts.join('/'))} could not be unpacked (${error.code || error.message})`);
    }
  }
  return planned.length;
}

/** True when fds a and b are one file, pipe or terminal (a shell's 2>&1). */
function sameFile(a, b) {
  try {
    const x = fs.fstatSync(a);
    const y = fs.fstatSync(b);
    return x.dev === y.dev && x.ino === y.ino && x.rdev === y.rdev;
  } catch (_) {
    return true;
  }
}

async function readAll(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function main() {
  let o;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${PROG}: ${error.message}\n${USAGE}`);
    return 2;
  }
  if (o.mode === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  // --timeout counts from here: reading a program from stdin and Python's start-up are
  // part of the time a grader waits.
  const deadline = o.timeout === null ? null : performance.now() + o.timeout * 1000;
  const timeLimitLine = () => `${PROG}: time limit of ${o.timeout} s reached; the program was stopped`;
  const stdinTty = !!process.stdin.isTTY;
  const stdoutTty = !!process.stdout.isTTY;
  if (!o.mode) o.mode = stdinTty ? 'interactive' : 'stdin';
  let libs;
  try {
    libs = loadLibs(o.web);
  } catch (error) {
    process.stderr.write(`${PROG}: ${error.message}\n`);
    return 2;
  }
  const { createSession } = libs;

  /* ---- the home folder ---- */
  let home;
  let ownHome = false;
  const cleanupHome = () => {
    if (!ownHome) return;
    if (o.keepHome) process.stderr.write(`${PROG}: the home folder is kept in ${home}\n`);
    else fs.rmSync(home, { recursive: true, force: true });
    ownHome = false;
  };
  const zipHome = o.home && isZipFile(o.home);
  if (o.home && !zipHome && /\.zip$/i.test(o.home) && !fs.existsSync(o.home)) {
    // a zip that is not there, rather than a new folder named *.zip
    process.stderr.write(`${PROG}: --home ${o.home}: No such file\n`);
    return 2;
  }
  if (o.home && !zipHome) {
    home = path.resolve(o.home);
    try {
      fs.mkdirSync(home, { recursive: true });
    } catch (error) {
      process.stderr.write(`${PROG}: --home ${o.home}: ${error.code === 'EEXIST' ? 'a file, neither a folder nor a zip file' : error.message}\n`);
      return 2;
    }
  } else {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'pyshell-home-'));
    ownHome = true;
  }
  if (zipHome) {
    try {
      unpackZip(o.home, home, o.web);
    } catch (error) {
      o.keepHome = false; // half unpacked: nothing worth keeping
      cleanupHome();
      if (!(error instanceof UsageError)) throw error;
      process.stderr.write(`${PROG}: ${error.message}\n`);
      return 2;
    }
  }
  const realHome = fs.realpathSync(home);

  /* ---- what to run ---- */
  let script = 'pyshell.js';
  let args = o.quiet ? ['-q'] : [];
  const files = [];
  if (o.mode !== 'interactive') {
    const spec = { file: null, code: null, shown: null, argv0: '', path0: '' };
    if (o.mode === 'command') {
      spec.code = o.payload;
      spec.argv0 = '-c';
    } else if (o.mode === 'stdin') {
      let timer = null;
      const source = await (deadline === null ? readAll(process.stdin) : Promise.race([
        readAll(process.stdin),
        new Promise((resolve) => { timer = setTimeout(resolve, deadline - performance.now(), null); }),
      ]));
      clearTimeout(timer);
      if (source === null) { // stdin never ended: there is no program yet
        process.stderr.write(timeLimitLine() + '\n');
        cleanupHome();
        return EXIT_TIME_LIMIT;
      }
      spec.file = SCRIPT_DIR + '/stdin.py';
      spec.shown = '<stdin>';
      spec.argv0 = o.explicitStdin ? '-' : '';
      files.push({ path: spec.file, data: new Uint8Array(source) });
    } else {
      let real;
      try {
        // With --home ZIP the zip's files have no host path to give: a relative script path
        // is one in the unpacked home (the working directory, as for `cd home; python x.py`).
        real = fs.realpathSync(zipHome && !path.isAbsolute(o.payload) ? path.join(home, o.payload) : o.payload);
        if (!fs.statSync(real).isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
      } catch (error) {
        const why = error.code === 'ENOENT' ? 'No such file or directory' : error.code === 'EISDIR' ? 'Is a directory' : error.message;
        process.stderr.write(`${PROG}: can't open file '${o.payload}': ${why}\n`);
        cleanupHome();
        return 2;
      }
      if (isInside(real, realHome)) {
        // In the home folder: Python reads it there, imports its neighbours.
        // Its __file__ and traceback name are absolute, as CPython makes them (argv[0] is as given).
        spec.file = HOME + '/' + path.relative(realHome, real).split(path.sep).join('/');
        spec.shown = spec.file;
        spec.path0 = path.posix.dirname(spec.file);
        spec.argv0 = path.isAbsolute(o.payload) ? spec.file : path.posix.relative(HOME, spec.file);
      } else {
        // Elsewhere: a copy, shown under the absolute name of the path it was given, as CPython does.
        spec.file = SCRIPT_DIR + '/' + path.basename(real);
        spec.shown = path.resolve(o.payload);
        spec.argv0 = o.payload;
        files.push({ path: spec.file, data: new Uint8Array(fs.readFileSync(real)) });
      }
    }
    args = ['-c', BOOTSTRAP, JSON.stringify(spec), ...o.args];
  }

  /* ---- the session ---- */
  const cols = process.stdout.columns || 80;
  const rows = process.stdout.rows || 24;
  const interactive = o.mode === 'interactive';
  const rawMode = interactive && stdinTty;

  let finished = false;
  let rawOn = false;
  let session = null;
  let inputClosed = false;
  let unanswered = 0; // Ctrl-C presses while an earlier interrupt is still pending

  function restoreTerminal() {
    if (rawOn) {
      try { process.stdin.setRawMode(false); } catch (_) { /* not a terminal any more */ }
      rawOn = false;
    }
  }
  process.on('exit', restoreTerminal);

  const exitWith = (code) => new Promise((resolve) => {
    if (finished) return;
    finished = true;
    restoreTerminal();
    process.stdin.pause();
    if (process.stdin.isTTY || typeof process.stdin.destroy === 'function') process.stdin.destroy();
    const done = () => {
      cleanupHome();
      resolve(code);
    };
    // terminate() stops wasm in a loop, in Atomics.wait or suspended; should it ever hang,
    // the exit status still comes (process.exit leaves the worker behind).
    const stop = session ? Promise.race([session.close(), new Promise((r) => setTimeout(r, STOP_GRACE_MS).unref())]) : Promise.resolve();
    stop.then(() => {
      // let the last writes reach the terminal or pipe
      let left = 2;
      const one = () => { if (--left === 0) done(); };
      process.stdout.write('', one);
      process.stderr.write('', one);
    }, done);
  });
  let resolveRun;
  const result = new Promise((resolve) => { resolveRun = resolve; });
  const finish = (code) => { exitWith(code).then(resolveRun); };

  /** Input for Python (^C while code runs: an interrupt, echoed as "^C"; session.js). */
  function writeInput(bytes) {
    if (finished || inputClosed) return;
    session.sendInput(bytes);
    if (session.queuedInputBytes > 16 * STDIN_RING_BYTES && !process.stdin.isPaused()) {
      process.stdin.pause(); // a big pipe: wait for Python to read
      const resume = setInterval(() => {
        if (session.queuedInputBytes < STDIN_RING_BYTES) {
          clearInterval(resume);
          if (!finished) process.stdin.resume();
        }
      }, 20);
    }
  }
  function closeInput() {
    if (finished || inputClosed) return;
    inputClosed = true;
    session.closeInput(); // after what is still queued
  }

  /** Ctrl-C: an interrupt for Python; repeated without effect, stop it. */
  /** Before an interrupt is raised: true (and Python is stopped) when the earlier ones went unanswered. */
  function forceStop() {
    if (session.interruptPending()) unanswered += 1;
    else unanswered = 0;
    if (unanswered < FORCE_STOP_PRESSES - 1) return false;
    process.stderr.write(`${rawOn ? '\r\n' : '\n'}${PROG}: Python did not react to Ctrl-C (busy in C code?); stopped.${rawOn ? '\r\n' : '\n'}`);
    finish(130);
    return true;
  }
  function interrupt() {
    if (finished || forceStop()) return;
    session.interrupt();
  }

  /* ---- output ---- */
  let crlf = false;
  let outputBytes = 0; // stdout + stderr so far (--max-output)
  let lastByte = 10;   // the last one written: a limit's line starts on a line of its own...
  const oneSink = sameFile(1, 2); // ... where stdout and stderr end up together
  const lineBreak = () => (!oneSink || lastByte === 10 ? '' : rawOn ? '\r\n' : '\n');
  function writeOut(fd, bytes, ack) {
    if (finished) return;
    let data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    if (o.maxOutput !== null && outputBytes + data.length > o.maxOutput) {
      // What fits is written; then the program is stopped (its later output never arrives).
      const stream = fd === 2 ? process.stderr : process.stdout;
      const fits = data.subarray(0, o.maxOutput - outputBytes);
      stream.write(fits);
      if (fits.length) lastByte = fits[fits.length - 1];
      outputBytes = o.maxOutput;
      process.stderr.write(`${lineBreak()}${PROG}: output limit of ${o.maxOutput} bytes reached; the program was stopped${rawOn ? '\r\n' : '\n'}`);
      finish(EXIT_OUTPUT_LIMIT);
      return;
    }
    outputBytes += data.length;
    if (data.length) lastByte = data[data.length - 1];
    if (crlf) data = Buffer.from(data.toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
    (fd === 2 ? process.stderr : process.stdout).write(data, ack);
  }

  function onMessage(m) {
    if (finished) return;
    switch (m.type) {
      case 'state':
        if (!m.busy) unanswered = 0;
        break;
      case 'worker-exit':
        process.stderr.write(`${PROG}: the worker ended without an exit status\n`);
        finish(1);
        break;
      case 'exit':
        finish(m.code);
        break;
      case 'error':
        process.stderr.write(`${rawOn ? '\x1b[0m\r\n' : '\n'}${PROG}: ${String(m.message).replace(/\n/g, rawOn ? '\r\n' : '\n')}${rawOn ? '\r\n' : '\n'}`);
        finish(1);
        break;
      case 'notice':
        if (m.level === 'error') process.stderr.write(`${PROG}: ${m.text}${rawOn ? '\r\n' : '\n'}`);
        break;
      case 'download':
        process.stderr.write(`${PROG}: download(${JSON.stringify(m.name)}) has nowhere to go here; the file stays in the home folder.${rawOn ? '\r\n' : '\n'}`);
        break;
      default:
        break; // progress, ready, persist: nothing to show
    }
  }

  const ttyFds = [];
  if (rawMode || (stdinTty && !interactive)) ttyFds.push(0);
  if (stdoutTty) ttyFds.push(1);
  if (process.stderr.isTTY) ttyFds.push(2);
  session = createSession({
    transport: o.transport,
    worker: new Worker(path.join(o.web, 'worker.js')),
    cols,
    rows,
    init: {
      base: o.web + path.sep,
      script,
      args,
      homeDir: home,
      files,
      options: Object.assign(interactive
        ? { persistIntervalMs: 2000 }
        // A script: stdout and stderr apart; "\n" as written (a terminal's own output
        // processing turns it into "\r\n"); isatty() true only where it is.
        : { persistIntervalMs: 2000, ttyFds, onlcr: false, splitOutput: true },
      o.maxMemory === null ? {} : { maxMemoryBytes: Math.floor(o.maxMemory * MIB) }),
    },
    on: { output: (data, fd, ack) => writeOut(fd, data, ack), message: onMessage },
  });
  if (deadline !== null) {
    // The worker is terminated wherever Python is: a busy loop, input(), time.sleep().
    setTimeout(() => {
      if (finished) return;
      process.stderr.write(`${lineBreak()}${timeLimitLine()}${rawOn ? '\r\n' : '\n'}`);
      finish(EXIT_TIME_LIMIT);
    }, Math.max(0, deadline - performance.now())).unref();
  }

  /* ---- input ---- */
  if (rawMode) {
    process.stdin.setRawMode(true);
    rawOn = true;
    // libuv's raw mode keeps output post-processing (ONLCR: "\n" → "\r\n"); the shell
    // writes "\r\n" itself and may move the cursor down with a bare "\n", as to xterm.js.
    // Off with stty (setRawMode(false) brings back the settings from before raw mode).
    const stty = spawnSync('stty', ['-onlcr'], { stdio: ['inherit', 'ignore', 'ignore'] });
    if (stty.status !== 0) crlf = true; // no stty: "\r\n" → "\n", which the terminal turns back
    process.stdin.on('data', (chunk) => {
      // Ctrl-C while code runs is SIGINT, not a key: the session client's rule, echoed as
      // "^C" as a tty in cooked mode (ECHOCTL) and the page do. Unanswered presses add up.
      const bytes = new Uint8Array(chunk);
      if (session.busy && bytes.includes(3) && forceStop()) return;
      writeInput(bytes);
    });
    process.stdin.on('end', closeInput);
    process.stdout.on('resize', () => session.resize(process.stdout.columns || cols, process.stdout.rows || rows));
  } else if (o.mode === 'stdin') {
    closeInput(); // the program came from stdin: nothing is left for input()
  } else {
    process.stdin.on('data', (chunk) => writeInput(new Uint8Array(chunk)));
    process.stdin.on('end', closeInput);
    process.stdin.on('error', closeInput);
  }
  process.on('SIGINT', interrupt); // cooked terminal or kill -INT
  for (const sig of ['SIGTERM', 'SIGHUP']) {
    process.on(sig, () => finish(128 + os.constants.signals[sig]));
  }
  if (!process.stdout.isTTY) process.stdout.on('error', (e) => { if (e.code === 'EPIPE') finish(141); });

  return result;
}

main().then((code) => {
  process.exit(code);
}, (error) => {
  try { if (process.stdin.isTTY) process.stdin.setRawMode(false); } catch (_) { /* ignore */ }
  process.stderr.write(`${PROG}: ${error && error.stack || error}\n`);
  process.exit(1);
});
