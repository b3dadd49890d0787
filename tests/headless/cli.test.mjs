// bin/pyshell-node.mjs: the web artifact as a command. Scripts, -c, piped stdin, exit
// statuses, the home folder as the only host folder Python sees, and (through
// pty_run.py, as Node has no pseudo-terminals) the interactive shell on a terminal.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WEB_DIR } from './driver.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const BIN = path.resolve(here, '..', '..', 'bin', 'pyshell-node.mjs');
const PTY_RUN = path.join(here, 'pty_run.py');
const haveBuild = fs.existsSync(path.join(WEB_DIR, 'pyshell.wasm'));
const skip = haveBuild ? false : `no web build in ${WEB_DIR}`;
const havePty = spawnSync('/usr/bin/python3', ['-c', 'import pty, termios'], { stdio: 'ignore' }).status === 0;
const skipPty = skip || (havePty ? false : 'needs /usr/bin/python3 (pty module) to make a terminal');

/** Runs pyshell-node with args; resolves {status, stdout, stderr}. */
function cli(args, { input, cwd, env, timeoutMs = 30000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: cwd || os.tmpdir(),
      env: Object.assign({}, process.env, { PYSHELL_WEB_DIR: WEB_DIR }, env || {}),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`pyshell-node ${args.join(' ')} did not end in ${timeoutMs} ms; stderr: ${Buffer.concat(err)}`));
    }, timeoutMs);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    child.stdin.on('error', () => {}); // it may end before reading everything
    child.stdin.end(input === undefined ? '' : input);
  });
}

// The oracle: the toolchain root's CPython, the same 3.13.x as the web build. What Python
// itself prints (tracebacks, carets) is compared with what it prints for the same program,
// never with a hand-written copy. No colour: pyshell's streams are not a tty to Python.
const ORACLE = '/usr/bin/python3.13';
const ORACLE_ENV = Object.assign({}, process.env, { NO_COLOR: '1' }); // read even under -E
const haveOracle = fs.existsSync(ORACLE);

/** Runs the oracle CPython with args (as `python3.13 ARGS`); returns {status, stdout, stderr}. */
function oracle(args, { cwd, input } = {}) {
  const r = spawnSync(ORACLE, ['-E', ...args], { cwd: cwd || os.tmpdir(), env: ORACLE_ENV, input: input || '', encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Plays steps into pyshell-node on a pseudo-terminal (pty_run.py); resolves its JSON report. */
function onPty(args, steps, { cols = 80, rows = 24, cwd, argv } = {}) {
  const spec = { argv: argv || [process.execPath, BIN, ...args], cols, rows, steps };
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/python3', [PTY_RUN, JSON.stringify(spec)], {
      cwd: cwd || os.tmpdir(),
      env: Object.assign({}, ORACLE_ENV, { PYSHELL_WEB_DIR: WEB_DIR, TERM: 'xterm-256color' }),
    });
    const out = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => out.push(d));
    child.on('close', () => {
      const text = Buffer.concat(out).toString('utf8');
      try {
        resolve(JSON.parse(text));
      } catch (_) {
        reject(new Error('pty_run.py: ' + text));
      }
    });
  });
}

function tempDir(t, prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function listTree(dir) {
  const out = [];
  const walk = (d, rel) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const r = rel ? rel + '/' + e.name : e.name;
      out.push(e.isDirectory() ? r + '/' : r);
      if (e.isDirectory()) walk(path.join(d, e.name), r);
    }
  };
  walk(dir, '');
  return out.sort();
}

const TERMINAL_RESTORED = { icanon: true, echo: true, isig: true, onlcr: true };

describe('pyshell-node', { concurrency: 3, skip }, () => {
  test('-c "print(1+1)" prints 2', async () => {
    const r = await cli(['-c', 'print(1+1)']);
    assert.deepEqual(r, { status: 0, stdout: '2\n', stderr: '' });
  });

  test('-c CODE ARG...: sys.argv, stderr apart, exit status of an exception', { skip: !haveOracle && `no ${ORACLE}` }, async () => {
    const args = ['-c', 'import sys; print(sys.argv); print("oops", file=sys.stderr); 1/0', 'a', 'b c'];
    const r = await cli(args);
    assert.equal(r.stdout, "['-c', 'a', 'b c']\n");
    assert.match(r.stderr, /^oops\nTraceback/);
    assert.deepEqual(r, oracle(args), 'as CPython runs the same -c');
  });

  test('a script that calls sys.exit(5) exits 5; argv, __name__, __file__ as in python', async (t) => {
    const dir = tempDir(t, 'pyshell-cli-');
    const script = path.join(dir, 'five.py');
    fs.writeFileSync(script, 'import sys\nprint(sys.argv, __name__, __file__)\nsys.exit(5)\n');
    const r = await cli([script, 'x', '--y'], { cwd: dir });
    assert.equal(r.stdout, `['${script}', 'x', '--y'] __main__ ${script}\n`);
    assert.equal(r.stderr, '');
    assert.equal(r.status, 5);
    const rel = await cli(['five.py'], { cwd: dir });
    assert.equal(rel.status, 5);
    if (haveOracle) assert.deepEqual(rel, oracle(['five.py'], { cwd: dir }), 'argv[0] as given, __file__ absolute, as in CPython');
  });

  test('a traceback from a script shows its lines; SystemExit("message") exits 1', async (t) => {
    const dir = tempDir(t, 'pyshell-cli-');
    fs.writeFileSync(path.join(dir, 'bad.py'), 'def f(d):\n    return d["k"] / 0\n\nf({"k": 1})\n');
    const r = await cli(['bad.py'], { cwd: dir });
    assert.match(r.stderr, /bad.py", line 2, in f\n {4}return d\["k"\] \/ 0\n/, 'the script\'s own lines are shown');
    assert.deepEqual(r, oracle(['bad.py'], { cwd: dir }), 'as CPython runs the same script');
    const m = await cli(['-c', 'raise SystemExit("bye")']);
    assert.deepEqual([m.status, m.stdout, m.stderr], [1, '', 'bye\n']);
  });

  test('piped stdin answers input(); nothing typed is echoed', async () => {
    const code = 'import sys\nname = input("name? ")\nprint("hello", name)\nprint(sys.stdin.isatty(), sys.stdout.isatty())\n' +
      'print(repr(sys.stdin.read()))\ntry:\n    input()\nexcept EOFError:\n    print("EOF")\n';
    const r = await cli(['-c', code], { input: 'bob\nline two\nline three\n' });
    assert.equal(r.stdout, "name? hello bob\nFalse False\n'line two\\nline three\\n'\nEOF\n");
    assert.equal(r.stderr, '');
    assert.equal(r.status, 0);
  });

  test('the program itself can come from stdin (no command, or -)', async () => {
    const r = await cli([], { input: 'import sys\nprint("from stdin", sys.argv)\nsys.exit(3)\n' });
    assert.deepEqual([r.status, r.stdout, r.stderr], [3, "from stdin ['']\n", '']);
    const dash = await cli(['-', 'arg'], { input: 'import sys; print(sys.argv)' });
    assert.deepEqual([dash.status, dash.stdout], [0, "['-', 'arg']\n"]);
  });

  test('files written land in --home and nowhere else; host files are out of reach', async (t) => {
    const root = tempDir(t, 'pyshell-cli-');
    const home = path.join(root, 'home');
    const sibling = path.join(root, 'sibling');
    fs.mkdirSync(home);
    fs.mkdirSync(sibling);
    fs.writeFileSync(path.join(home, 'given.txt'), 'from the host');
    const script = path.join(root, 'writer.py');
    fs.writeFileSync(script, `
import os
print(os.getcwd(), open('given.txt').read())
with open('out.txt', 'w') as f:
    f.write('written')
os.makedirs('sub/dir')
with open('sub/dir/deep.bin', 'wb') as f:
    f.write(bytes(range(256)))
for p in ['/tmp/in-memory.txt', '../escape.txt', '/home/user/../../escape2.txt', ${JSON.stringify(sibling + '/x.txt')}]:
    try:
        with open(p, 'w') as f:
            f.write('x')
        print('wrote', p)
    except OSError as e:
        print('refused', p, type(e).__name__)
for p in ['/etc/passwd', ${JSON.stringify(script)}, ${JSON.stringify(path.join(home, 'given.txt'))}]:
    try:
        open(p).read()
        print('read', p)
    except OSError as e:
        print('cannot read', p, type(e).__name__)
os.symlink('/etc/passwd', 'link')
try:
    open('link').read()
    print('read through link')
except OSError as e:
    print('link', type(e).__name__)
print('system', os.system('touch ' + ${JSON.stringify(path.join(sibling, 'marker'))}))
print(sorted(os.listdir('/')))
`);
    const r = await cli(['--home', home, script], { cwd: sibling });
    assert.equal(r.stderr, '');
    assert.equal(r.status, 0);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines[0], '/home/user from the host');
    assert.ok(lines.includes('wrote /tmp/in-memory.txt'), r.stdout);
    assert.ok(lines.includes('cannot read /etc/passwd FileNotFoundError'), r.stdout);
    assert.ok(lines.includes(`cannot read ${script} FileNotFoundError`), r.stdout);
    assert.ok(lines.includes(`cannot read ${path.join(home, 'given.txt')} FileNotFoundError`), r.stdout);
    assert.ok(lines.includes('link FileNotFoundError'), r.stdout);
    assert.ok(lines.includes('system 32512'), 'os.system runs nothing (status 127): ' + r.stdout);
    assert.ok(!/'(etc|usr|root|work)'/.test(lines[lines.length - 1]), 'the host\'s / is not visible: ' + lines[lines.length - 1]);
    assert.deepEqual(listTree(home), ['given.txt', 'link', 'out.txt', 'sub/', 'sub/dir/', 'sub/dir/deep.bin']);
    assert.equal(fs.readFileSync(path.join(home, 'out.txt'), 'utf8'), 'written');
    assert.deepEqual([...fs.readFileSync(path.join(home, 'sub/dir/deep.bin'))], [...Array(256).keys()]);
    assert.deepEqual(listTree(sibling), [], 'nothing written beside the home folder');
    assert.deepEqual(listTree(root), ['home/', 'home/given.txt', 'home/link', 'home/out.txt', 'home/sub/',
      'home/sub/dir/', 'home/sub/dir/deep.bin', 'sibling/', 'writer.py']);
  });

  test('without --home: a fresh temporary home, removed at exit unless --keep-home', async (t) => {
    const tmp = tempDir(t, 'pyshell-cli-tmp-');
    const code = "open('made.txt', 'w').write('x'); import os; print(os.listdir('.'))";
    const r = await cli(['-c', code], { env: { TMPDIR: tmp } });
    assert.deepEqual([r.status, r.stdout], [0, "['made.txt']\n"], r.stderr);
    assert.deepEqual(fs.readdirSync(tmp), [], 'the temporary home is gone');
    const kept = await cli(['--keep-home', '-c', code], { env: { TMPDIR: tmp } });
    assert.equal(kept.status, 0);
    const m = /the home folder is kept in (.*)\n/.exec(kept.stderr);
    assert.ok(m, kept.stderr);
    assert.equal(fs.readFileSync(path.join(m[1], 'made.txt'), 'utf8'), 'x');
  });

  test('usage errors exit 2', async () => {
    const r = await cli(['--bogus']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unknown option --bogus\nusage: pyshell-node/);
    const missing = await cli(['no-such-script.py']);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /can't open file 'no-such-script\.py': No such file or directory/);
  });

  test('on a terminal: the interactive shell, Ctrl-C, resize, exit status, terminal restored', { skip: skipPty }, async () => {
    const r = await onPty(['-q'], [
      { wait: '>>> ' }, { attrs: true },
      { send: '1+1\r' }, { wait: '2\r\n' },
      { send: 'while True: pass\r\r' }, { sleep: 0.5 }, { send: '\x03' }, { wait: 'KeyboardInterrupt\r\n' },
      { sleep: 0.2 }, { resize: [40, 20] }, { sleep: 0.2 }, { mark: true },
      { send: 'str.\t\t' }, { wait: 'str.zfill(' }, { sleep: 0.2 }, { mark: true },
      { send: '\x15exit(3)\r' },
    ]);
    assert.equal(r.error, '', r.output);
    assert.equal(r.status, 3, r.output);
    assert.deepEqual(r.stty[0], { icanon: false, echo: false, isig: false, onlcr: false }, 'raw mode while it runs');
    assert.deepEqual(r.stty[1], TERMINAL_RESTORED, 'the terminal restored at exit');
    assert.ok(!r.output.includes('\r\r\n'), 'no doubled carriage returns');
    // As CPython 3.13's REPL prints it (tests/transcripts/sessions/ctrl_c_loop.txt holds the screen to CPython's).
    assert.match(r.output, /Traceback \(most recent call last\):\r\n {2}File "<stdin>", line 1, in <module>\r\n {4}while True: pass\r\n {10}\^\^\^\^\r\nKeyboardInterrupt\r\n/);
    const listing = r.output.slice(r.marks[0], r.marks[1]).replace(/\x1b\[[?0-9;]*[a-zA-Z]/g, '').split('\r\n')
      .filter((l) => l.startsWith('str.'));
    assert.ok(listing.length > 10, 'a completion listing: ' + JSON.stringify(listing));
    assert.ok(listing.every((l) => l.length <= 40), 'listed for 40 columns after the resize: ' + JSON.stringify(listing));
  });

  test('on a terminal, a script: the terminal echoes input(), Ctrl-C stops time.sleep (exit 130)', { skip: skipPty || (!haveOracle && `no ${ORACLE}`) }, async (t) => {
    const dir = tempDir(t, 'pyshell-cli-');
    fs.writeFileSync(path.join(dir, 'ask.py'),
      'import sys, time\nprint(sys.stdin.isatty(), sys.stdout.isatty())\nname = input("name? ")\nprint("hello", name)\ntime.sleep(30)\n');
    const steps = [{ wait: 'name? ' }, { attrs: true }, { send: 'bob\r' }, { wait: 'hello bob' }, { sleep: 0.3 }, { send: '\x03' }];
    const r = await onPty(['ask.py'], steps, { cwd: dir });
    assert.equal(r.error, '', r.output);
    assert.equal(r.status, 130, r.output);
    assert.deepEqual(r.stty, [TERMINAL_RESTORED, TERMINAL_RESTORED], 'a script leaves the terminal in its normal mode');
    assert.match(r.output, /^True True\r\nname\? bob\r\nhello bob\r\n\^CTraceback/);
    const cpython = await onPty([], steps, { cwd: dir, argv: [ORACLE, '-E', 'ask.py'] });
    assert.equal(r.output, cpython.output, 'the same screen as CPython running ask.py on a terminal');
  });

  test('on a terminal: Ctrl-C pressed 3 times stops Python stuck in C code', { skip: skipPty }, async () => {
    const r = await onPty(['-q'], [
      { wait: '>>> ' }, { send: 'sum(range(10**12))\r' }, { sleep: 0.5 },
      { send: '\x03' }, { sleep: 0.3 }, { send: '\x03' }, { sleep: 0.3 }, { send: '\x03' },
    ]);
    assert.equal(r.error, '', r.output);
    assert.equal(r.status, 130, r.output);
    assert.match(r.output, /pyshell-node: Python did not react to Ctrl-C/);
    assert.deepEqual(r.stty[0], TERMINAL_RESTORED);
  });
});
