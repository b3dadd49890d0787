// bin/pyshell-node.mjs as a runner for untrusted programs (grading, issue #14): the time
// limit (--timeout, exit 124), the output limit (--max-output, exit 125), the memory ceiling
// (--max-memory: MemoryError inside Python), a zip as the home folder (--home x.zip), and
// the host kept out of reach: no host command, no socket, whether through pyshell-node or
// by running any file of the web build directly under Node.
//
// The limits are checked over both transports where they take different paths in the
// worker (SAB waits in Atomics.wait, JSPI suspends); under ctest each run
// (PYSHELL_TRANSPORT=sab|jspi) covers its own.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WEB_DIR } from './driver.mjs';

const require = createRequire(import.meta.url);
const { zipSync } = require('fflate');
const here = path.dirname(fileURLToPath(import.meta.url));
const BIN = path.resolve(here, '..', '..', 'bin', 'pyshell-node.mjs');
const haveBuild = fs.existsSync(path.join(WEB_DIR, 'pyshell.wasm'));
const skip = haveBuild ? false : `no web build in ${WEB_DIR}`;
const TRANSPORTS = process.env.PYSHELL_TRANSPORT ? [process.env.PYSHELL_TRANSPORT] : ['sab', 'jspi'];
// A limit of 1 s must end the run soon after: Node's start, 1 s, terminating the worker.
const STOP_BOUND_MS = 2500;

/**
 * Runs `node ARGV...` (pyshell-node when argv starts with BIN); resolves {status, signal,
 * stdout, stderr (strings), stdoutBytes, ms (spawn to exit)}. input: stdin's bytes, then
 * end of file; holdStdin: stdin stays open until the process has exited.
 */
function run(argv, { input = '', holdStdin = false, cwd, env, killAfterMs = 60000 } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, argv, {
      cwd: cwd || os.tmpdir(),
      env: Object.assign({}, process.env, { PYSHELL_WEB_DIR: WEB_DIR }, env || {}),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out = [];
    const err = [];
    let ms = null;
    let killed = false;
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    const timer = setTimeout(() => { killed = true; child.kill('SIGKILL'); }, killAfterMs);
    child.on('exit', () => { ms = performance.now() - t0; });
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out);
      resolve({ status, signal, killed, stdout: stdout.toString('utf8'), stdoutBytes: stdout.length, stderr: Buffer.concat(err).toString('utf8'), ms });
    });
    child.stdin.on('error', () => {}); // it may end before reading everything
    if (holdStdin) child.stdin.write(input);
    else child.stdin.end(input);
  });
}
const cli = (args, o) => run([BIN, ...args], o);

function tempDir(t, prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const TIME_LINE = 'pyshell-node: time limit of 1 s reached; the program was stopped\n';

describe('pyshell-node --timeout', { skip, concurrency: 1 }, () => {
  // Sequential: the bound is on wall-clock time, which parallel runs would eat into.
  for (const transport of TRANSPORTS) {
    for (const [what, code] of [
      ['a busy loop', 'while True: pass'],
      ['time.sleep(100)', 'import time\nprint("sleeping", flush=True)\ntime.sleep(100)'],
      ['input() with stdin open', 'print("waiting", flush=True)\ninput()'],
      ['a long C call', 'sum(range(10**15))'],
    ]) {
      test(`${transport}: stops ${what} after 1 s: exit 124, one line on stderr`, async () => {
        const r = await cli(['--transport', transport, '--timeout', '1', '-c', code], { holdStdin: true });
        assert.equal(r.killed, false, 'pyshell-node ended by itself');
        assert.equal(r.status, 124, `exit status 124 as timeout(1); stderr: ${r.stderr}`);
        assert.equal(r.stderr, TIME_LINE, 'the time limit is named on stderr');
        assert.ok(r.ms < STOP_BOUND_MS, `ended ${Math.round(r.ms)} ms after the spawn (bound ${STOP_BOUND_MS} ms)`);
        assert.ok(r.ms >= 1000, `not before the limit (${Math.round(r.ms)} ms)`);
        // Start-up is part of the second: under load the program may not get to its print.
        assert.match(r.stdout, /^((sleeping|waiting)\n)?$/, 'nothing but the program\'s own output');
      });
    }

    test(`${transport}: output written before the stop is kept`, async () => {
      // 3 s: time enough to start and print on a loaded machine, so the line must be there.
      const code = 'import time\nprint("sleeping", flush=True)\ntime.sleep(100)';
      const r = await cli(['--transport', transport, '--timeout', '3', '-c', code], { holdStdin: true });
      assert.equal(r.status, 124, r.stderr);
      assert.equal(r.stdout, 'sleeping\n', 'what Python flushed reached stdout');
      assert.equal(r.stderr, 'pyshell-node: time limit of 3 s reached; the program was stopped\n');
    });
  }

  test('the time counts while the program itself is read from stdin', async () => {
    const r = await cli(['--timeout', '1'], { input: 'print(1)\n', holdStdin: true });
    assert.equal(r.status, 124, r.stderr);
    assert.equal(r.stderr, TIME_LINE);
    assert.ok(r.ms < STOP_BOUND_MS, `ended ${Math.round(r.ms)} ms after the spawn`);
  });

  test('a program that ends in time is not touched; fractions are seconds', async () => {
    const r = await cli(['--timeout', '30', '-c', 'import sys; print("done"); sys.exit(3)']);
    assert.deepEqual([r.status, r.stdout, r.stderr], [3, 'done\n', ''], 'its own exit status and output');
    const half = await cli(['--timeout=0.5', '-c', 'while True: pass']);
    assert.equal(half.status, 124);
    assert.equal(half.stderr, 'pyshell-node: time limit of 0.5 s reached; the program was stopped\n');
  });
});

describe('pyshell-node --max-output', { skip, concurrency: 2 }, () => {
  for (const transport of TRANSPORTS) {
    test(`${transport}: print(1) forever with --max-output 10000: exactly the first 10000 bytes, exit 125`, async () => {
      const r = await cli(['--transport', transport, '--max-output', '10000', '-c', 'while True: print(1)']);
      assert.equal(r.status, 125, `exit status 125; stderr: ${r.stderr}`);
      assert.ok(r.stdoutBytes <= 10000, `stdout is at most the limit (${r.stdoutBytes} bytes)`);
      assert.equal(r.stdout, '1\n'.repeat(5000), 'what fits is written, nothing is lost before the limit');
      assert.equal(r.stderr, 'pyshell-node: output limit of 10000 bytes reached; the program was stopped\n');
    });
  }

  test('stdout and stderr count together; suffixes k and M', async () => {
    const code = 'import sys\nwhile True:\n    print("out", flush=True)\n    print("err", file=sys.stderr)';
    const r = await cli(['--max-output', '1k', '-c', code]);
    assert.equal(r.status, 125, r.stderr);
    const line = 'pyshell-node: output limit of 1024 bytes reached; the program was stopped\n';
    assert.ok(r.stderr.endsWith(line), 'the limit named at the end of stderr: ' + JSON.stringify(r.stderr.slice(-120)));
    const programStderr = Buffer.byteLength(r.stderr) - Buffer.byteLength(line);
    assert.equal(r.stdoutBytes + programStderr, 1024, `1 KiB in all (stdout ${r.stdoutBytes}, stderr ${programStderr})`);
    assert.ok(r.stdout.startsWith('out\n') && r.stderr.startsWith('err\n'), 'both streams had their share');
    const big = await cli(['--max-output', '1M', '-c', 'print("x" * 1048576, end="")']);
    assert.deepEqual([big.status, big.stdoutBytes, big.stderr], [0, 1048576, ''], 'exactly at the limit is within it');
  });

  test('output up to the limit is left alone; one byte more is stopped', async () => {
    const r = await cli(['--max-output', '6', '-c', 'print(12345)']);
    assert.deepEqual([r.status, r.stdout, r.stderr], [0, '12345\n', '']);
    const over = await cli(['--max-output', '5', '-c', 'print(12345)']);
    assert.deepEqual([over.status, over.stdout], [125, '12345']);
    assert.equal(over.stderr, 'pyshell-node: output limit of 5 bytes reached; the program was stopped\n',
      'stderr apart from stdout: no line break for the cut line');
  });
});

describe('pyshell-node --max-memory', { skip, concurrency: 2 }, () => {
  const CATCH = "try:\n    b = bytearray(200*2**20)\nexcept MemoryError:\n    print('caught')\nprint(sum(range(10)))";
  for (const transport of TRANSPORTS) {
    test(`${transport}: 200 MiB with --max-memory 64 is a MemoryError traceback`, async () => {
      const r = await cli(['--transport', transport, '--max-memory', '64', '-c', 'x = bytearray(200*1024*1024)']);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /^Traceback \(most recent call last\):\n[\s\S]*\nMemoryError\n$/, 'Python raised MemoryError');
    });

    test(`${transport}: the program catches the MemoryError and goes on`, async () => {
      const r = await cli(['--transport', transport, '--max-memory', '64', '-c', CATCH]);
      assert.deepEqual([r.status, r.stdout, r.stderr], [0, 'caught\n45\n', '']);
    });

    test(`${transport}: growth stops at the ceiling, not before and not after`, async () => {
      // 1 MiB blocks until MemoryError: more than the 32 MiB the memory starts with (start-up
      // uses part of those), fewer than the 64 of the ceiling; then the program goes on.
      const code = 'l = []\ntry:\n    while True:\n        l.append(bytes(2**20))\nexcept MemoryError:\n    n = len(l)\n    del l\nprint(n)\nprint(len(bytes(8 * 2**20)))';
      const r = await cli(['--transport', transport, '--max-memory', '64', '-c', code]);
      assert.equal(r.status, 0, r.stderr);
      const [n, after] = r.stdout.trim().split('\n').map(Number);
      assert.ok(n > 32 && n < 64, `${n} MiB fitted under a 64 MiB ceiling`);
      assert.equal(after, 8 * 2 ** 20, 'freed memory is usable again');
    });
  }

  test('without --max-memory the same 200 MiB is allocated', async () => {
    const r = await cli(['-c', 'x = bytearray(200*1024*1024); print(len(x))']);
    assert.deepEqual([r.status, r.stdout], [0, '209715200\n'], r.stderr);
  });
});

describe('pyshell-node usage errors for the limits', { skip, concurrency: 4 }, () => {
  for (const [args, message] of [
    [['--timeout', 'abc'], /--timeout takes a positive number of seconds, not "abc"/],
    [['--timeout', '0'], /--timeout takes a positive number of seconds, not "0"/],
    [['--timeout', '-1'], /--timeout takes a positive number of seconds, not "-1"/],
    [['--max-output', 'lots'], /--max-output takes a positive number of bytes \(suffix k or M allowed\), not "lots"/],
    [['--max-output', '0'], /--max-output takes a positive number of bytes/],
    [['--max-memory', '1'], /--max-memory 1 is below the 32 MiB the wasm memory starts with/],
    [['--max-memory', 'big'], /--max-memory takes a number of MiB, not "big"/],
    [['--max-memory', '5000'], /cannot pass 4096 MiB/],
  ]) {
    test(`${args.join(' ')}: exit 2 with a message`, async () => {
      const r = await cli([...args, '-c', 'print("ran")']);
      assert.equal(r.status, 2, r.stderr);
      assert.equal(r.stdout, '', 'the program did not run');
      assert.match(r.stderr, message);
      assert.match(r.stderr, /\nusage: pyshell-node/, 'the usage follows');
    });
  }

  test('--timeout as the last argument: exit 2, it needs a value', async () => {
    const r = await cli(['--timeout']);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /^pyshell-node: --timeout needs a value\nusage: /);
  });
});

describe('pyshell-node --home ZIP', { skip, concurrency: 2 }, () => {
  const enc = (s) => new TextEncoder().encode(s);
  const LIST = "import os\nfor d, subs, files in sorted(os.walk('.')):\n    for f in sorted(files):\n" +
    "        p = os.path.join(d, f)\n        print(p, open(p).read())\nopen('written.txt', 'w').write('new')\nprint(os.getcwd())";

  test('the zip\'s folders and files are the home folder; the zip is untouched; the folder is removed', async (t) => {
    const dir = tempDir(t, 'pyshell-zip-');
    const tmp = path.join(dir, 'tmp');
    fs.mkdirSync(tmp);
    const zip = path.join(dir, 'work.zip');
    const bytes = zipSync({ 'data/in.txt': enc('hello'), 'top.txt': enc('top'), 'empty/': new Uint8Array(0), 'a/b/c.txt': enc('deep') });
    fs.writeFileSync(zip, bytes);
    const r = await cli(['--home', zip, '-c', LIST + "\nprint(sorted(os.listdir('.')))"], { env: { TMPDIR: tmp } });
    assert.equal(r.stderr, '');
    assert.equal(r.status, 0);
    assert.equal(r.stdout, './top.txt top\n./a/b/c.txt deep\n./data/in.txt hello\n/home/user\n' +
      "['a', 'data', 'empty', 'top.txt', 'written.txt']\n", 'every entry, with its bytes, empty folders too');
    assert.deepEqual(fs.readFileSync(zip), Buffer.from(bytes), 'the zip itself is not written');
    assert.deepEqual(fs.readdirSync(tmp), [], 'the unpacked home is removed at exit');
  });

  test('a relative script.py is one of the zip\'s files: argv, __file__, its neighbours, its exit status', async (t) => {
    const dir = tempDir(t, 'pyshell-zip-');
    const zip = path.join(dir, 'submission.zip');
    fs.writeFileSync(zip, zipSync({
      'main.py': enc('import sys, helper\nprint(sys.argv, __file__, helper.answer(), input())\nsys.exit(7)\n'),
      'helper.py': enc('def answer():\n    return 42\n'),
    }));
    fs.writeFileSync(path.join(dir, 'main.py'), 'print("the host file")\n'); // not this one
    const r = await cli(['--home', zip, 'main.py', 'x'], { cwd: dir, input: 'typed\n' });
    assert.deepEqual([r.status, r.stdout, r.stderr], [7, "['main.py', 'x'] /home/user/main.py 42 typed\n", '']);
    const missing = await cli(['--home', zip, 'nope.py'], { cwd: dir });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /can't open file 'nope\.py': No such file or directory/);
  });

  test('--keep-home keeps the unpacked folder; a zip is known by its first bytes too', async (t) => {
    const dir = tempDir(t, 'pyshell-zip-');
    const tmp = path.join(dir, 'tmp');
    fs.mkdirSync(tmp);
    const zip = path.join(dir, 'submission'); // no .zip: its "PK\3\4" says what it is
    fs.writeFileSync(zip, zipSync({ 'main.py': enc('print("from the zip")\nopen("out.txt", "w").write("kept")\n') }));
    const k = await cli(['--home', zip, '--keep-home', 'main.py'], { env: { TMPDIR: tmp } });
    assert.equal(k.status, 0, k.stderr);
    assert.equal(k.stdout, 'from the zip\n');
    const m = /the home folder is kept in (.*)\n/.exec(k.stderr);
    assert.ok(m, 'the kept folder is named: ' + k.stderr);
    assert.equal(fs.readFileSync(path.join(m[1], 'out.txt'), 'utf8'), 'kept', 'what the program wrote is there');
  });

  for (const [what, entries, message] of [
    ['a ../ entry', { 'ok.txt': enc('ok'), '../evil': enc('x') }, /the entry "\.\.\/evil" would be written outside the home folder; refused/],
    ['a deeper .. entry', { 'a/../../evil': enc('x') }, /the entry "a\/\.\.\/\.\.\/evil" would be written outside/],
    ['an absolute entry', { '/tmp/evil': enc('x') }, /the entry "\/tmp\/evil" would be written outside/],
    ['a backslash .. entry', { '..\\evil': enc('x') }, /the entry "\.\.\\\\evil" would be written outside/],
  ]) {
    test(`a zip with ${what} is refused before anything runs`, async (t) => {
      const dir = tempDir(t, 'pyshell-zip-');
      const tmp = path.join(dir, 'tmp');
      fs.mkdirSync(tmp);
      const zip = path.join(dir, 'bad.zip');
      fs.writeFileSync(zip, zipSync(entries));
      const r = await cli(['--home', zip, '-c', 'print("ran")'], { env: { TMPDIR: tmp } });
      assert.equal(r.status, 2, r.stderr);
      assert.equal(r.stdout, '', 'the program did not run');
      assert.match(r.stderr, message);
      assert.deepEqual(fs.readdirSync(tmp), [], 'nothing is left of the home');
      assert.deepEqual(fs.readdirSync(dir).sort(), ['bad.zip', 'tmp'], 'nothing written beside it');
    });
  }

  test('a symbolic link in a zip becomes a file holding its target\'s name: nothing is linked', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyshell-zip-'));
    try {
      const zip = path.join(dir, 'link.zip');
      fs.writeFileSync(zip, zipSync({ link: [enc('/etc/passwd'), { os: 3, attrs: (0o120777 << 16) >>> 0 }] }));
      const r = await cli(['--home', zip, '-c', 'import os; print(os.path.islink("link"), open("link").read())']);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, 'False /etc/passwd\n');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a file that is neither a folder nor a zip, a broken zip, a missing zip: usage errors', async (t) => {
    const dir = tempDir(t, 'pyshell-zip-');
    const file = path.join(dir, 'notes.txt');
    fs.writeFileSync(file, 'text');
    const r = await cli(['--home', file, '-c', 'print("ran")']);
    assert.deepEqual([r.status, r.stdout], [2, '']);
    assert.match(r.stderr, /--home .*notes\.txt: a file, neither a folder nor a zip file/);
    const broken = path.join(dir, 'broken.zip');
    fs.writeFileSync(broken, 'PK\x03\x04 not really');
    const b = await cli(['--home', broken, '-c', 'print("ran")']);
    assert.deepEqual([b.status, b.stdout], [2, ''], b.stderr);
    assert.match(b.stderr, /not a readable zip file/);
    const absent = await cli(['--home', path.join(dir, 'absent.zip'), '-c', 'print("ran")']);
    assert.deepEqual([absent.status, absent.stdout], [2, ''], absent.stderr);
    assert.match(absent.stderr, /absent\.zip: No such file/);
    assert.ok(!fs.existsSync(path.join(dir, 'absent.zip')), 'no folder named absent.zip is made');
  });
});

/* ---- the host out of reach ---- */

// One program that tries every way out it has: a host command (os.system, subprocess,
// os.popen, os.execv), a TCP connection and a UDP datagram to listeners of this test, and
// a listening socket. Each attempt prints what happened; markers are host files that only
// a host process could create.
function escapeProgram(markerDir, tcpPort, udpPort) {
  const m = (name) => JSON.stringify(path.join(markerDir, name));
  return `import os, socket, subprocess
def attempt(name, f):
    try:
        print(name, 'ok', f())
    except BaseException as e:
        print(name, 'failed', type(e).__name__, isinstance(e, OSError))
attempt('system', lambda: os.system('touch ' + ${m('system')}))
attempt('subprocess', lambda: subprocess.run(['touch', ${m('subprocess')}]))
attempt('popen', lambda: os.popen('touch ' + ${m('popen')}).read())
attempt('execv', lambda: os.execv('/usr/bin/touch', ['touch', ${m('execv')}]))
attempt('connect', lambda: socket.create_connection(('127.0.0.1', ${tcpPort}), timeout=5).sendall(b'hello'))
def udp():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    return s.sendto(b'hello', ('127.0.0.1', ${udpPort}))
attempt('udp', udp)
def listen():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    s.listen()
    return s.getsockname()
attempt('listen', listen)
print('end')
`;
}

/** Every .js/.mjs file in the web folder, lib/ and the rest, recursively. */
function webScripts() {
  const found = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.m?js$/.test(e.name)) found.push(p);
    }
  };
  walk(WEB_DIR);
  return found.sort();
}

describe('the host stays out of reach', { skip, concurrency: 1 }, () => {
  let tcp;
  let udp;
  let tcpSeen = 0;
  let udpSeen = 0;
  before(async () => {
    tcp = net.createServer((c) => { tcpSeen += 1; c.destroy(); });
    await new Promise((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    udp = dgram.createSocket('udp4');
    udp.on('message', () => { udpSeen += 1; });
    await new Promise((resolve) => udp.bind(0, '127.0.0.1', resolve));
  });
  after(async () => {
    await new Promise((resolve) => tcp.close(resolve));
    await new Promise((resolve) => udp.close(resolve));
  });
  const ports = () => [tcp.address().port, udp.address().port];

  for (const transport of TRANSPORTS) {
    test(`${transport}: through pyshell-node, no host command runs and no socket connects`, async (t) => {
      const markers = tempDir(t, 'pyshell-markers-');
      const r = await cli(['--transport', transport, '-c', escapeProgram(markers, ...ports())]);
      assert.equal(r.status, 0, r.stderr);
      const lines = r.stdout.trim().split('\n');
      assert.deepEqual(lines, [
        'system ok 32512', // status 127 ("command not found") in wait() form, as a shell that has no such command
        'subprocess failed OSError True',
        'popen failed OSError True',
        'execv failed OSError True',
        'connect failed OSError True',
        'udp failed OSError True',
        'listen failed OSError True',
        'end',
      ], 'each way out fails as in a browser');
      assert.deepEqual(fs.readdirSync(markers), [], 'no host process created a marker');
      assert.deepEqual([tcpSeen, udpSeen], [0, 0], 'the listeners saw nothing');
    });
  }

  test('every .js/.mjs file of the web build run directly by Node: no marker, no connection', { timeout: 300000 }, async (t) => {
    const scripts = webScripts();
    assert.ok(scripts.some((f) => f.endsWith(path.join('lib', 'session.js'))) && scripts.some((f) => f.endsWith('pyshell.js')),
      'the walk found the web build\'s scripts: ' + scripts.join(' '));
    const markers = tempDir(t, 'pyshell-markers-');
    const cwd = tempDir(t, 'pyshell-cwd-');
    const code = escapeProgram(markers, ...ports());
    const report = [];
    // The program as a -c argument (pyshell.js runs it: it is Emscripten's main), and as
    // stdin (any script that reads a program or lines from it).
    const runs = scripts.flatMap((file) => [
      { file, how: '-c', argv: [file, '-c', code], input: '' },
      { file, how: 'stdin', argv: [file], input: code },
    ]);
    for (let i = 0; i < runs.length; i += 4) {
      await Promise.all(runs.slice(i, i + 4).map(async (x) => {
        const r = await run(x.argv, { input: x.input, cwd, env: { PYSHELL_WEB_DIR: '' }, killAfterMs: 30000 });
        report.push(`${path.relative(WEB_DIR, x.file)} ${x.how}: ${r.killed ? 'killed' : r.status}`);
        if (x.how === '-c' && x.file === path.join(WEB_DIR, 'pyshell.js')) {
          // The one file that runs Python by itself: it must have got to the end.
          assert.match(r.stdout, /^system ok 32512\n[\s\S]*\nend\n$/, 'pyshell.js ran the program: ' + r.stdout + r.stderr);
        }
      }));
    }
    t.diagnostic(report.sort().join('; '));
    assert.deepEqual(fs.readdirSync(markers), [], 'no host process created a marker');
    assert.deepEqual(fs.readdirSync(cwd), [], 'nothing written in the working directory');
    assert.deepEqual([tcpSeen, udpSeen], [0, 0], 'the listeners saw nothing');
  });
});
