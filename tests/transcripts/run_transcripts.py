#!/usr/bin/python3
"""Terminal transcript tests: pyshell's REPL against CPython's, screen by screen.

Every session in sessions/*.txt (format: README.md) is played into two programs, each on its
own pseudo-terminal (80x24, TERM=xterm-256color): pyshell (--pyshell) and the oracle, Debian's
CPython REPL (--python, /usr/bin/python3.13 -s -i -q with PYTHON_BASIC_REPL=1 and
PYTHON_COLORS=0: the basic readline REPL, uncoloured, as pyshell's). The bytes each program
writes are fed to a pyte screen (80 columns, tall enough that nothing scrolls away); the two
final screens, with trailing spaces stripped and the programs' exit statuses appended, must
be equal. Expected output is never written by hand: CPython runs live every time. Its screen
is also kept in expected/NAME.txt (written by --update-expected, from CPython only); a live
oracle that no longer matches that file gets a warning (a different CPython patch level,
say), not a failure.

Run with Debian's /usr/bin/python3 (it has python3-pyte):

    /usr/bin/python3 tests/transcripts/run_transcripts.py --pyshell build/native/pyshell
"""
import argparse
import ast
import concurrent.futures
import difflib
import errno
import fcntl
import fnmatch
import os
import select
import shutil
import signal
import struct
import sys
import tempfile
import termios
import threading
import time
import warnings
from dataclasses import dataclass, field

try:
    import pyte
except ImportError:  # pragma: no cover
    sys.exit("transcripts: needs pyte (Debian: apt-get install python3-pyte; run with /usr/bin/python3)")

HERE = os.path.dirname(os.path.abspath(__file__))
SESSIONS_DIR = os.path.join(HERE, "sessions")
EXPECTED_DIR = os.path.join(HERE, "expected")

COLUMNS, ROWS = 80, 24          # the window size both programs are told
SCREEN_ROWS = 1000              # pyte's screen: tall, so that nothing scrolls away
DEFAULT_PROMPTS = (">>> ", "... ")
STEP_TIMEOUT = 15.0             # seconds one step may take before the session fails
SETTLE = 0.04                   # output quiet this long (program blocked on input) = ready
SETTLE_UNKNOWN = 0.25           # ... when /proc cannot say whether it is blocked on input
QUIET = 0.4                     # `#! wait quiet`: no output for this long
EXIT_TIMEOUT = 10.0
# The oracle's own environment on top of the shared one. CPython 3.13's default REPL on a
# terminal is PyREPL (Lib/_pyrepl); pyshell follows the basic one, readline's, which
# PYTHON_BASIC_REPL selects. 3.13 colours tracebacks on a terminal (Lib/_colorize.py);
# pyshell does not (its sys.stderr is no tty), and PYTHON_COLORS=0 keeps the oracle's bytes
# as plain (the screens compared are text either way). Both are read only without -E.
ORACLE_ENV = {"PYTHON_BASIC_REPL": "1", "PYTHON_COLORS": "0"}

KEYS = {
    "enter": b"\r", "tab": b"\t", "esc": b"\x1b", "backspace": b"\x7f", "space": b" ",
    "up": b"\x1b[A", "down": b"\x1b[B", "right": b"\x1b[C", "left": b"\x1b[D",
    "home": b"\x1b[H", "end": b"\x1b[F", "delete": b"\x1b[3~",
}
KEYS.update({f"ctrl-{c}": bytes([i + 1]) for i, c in enumerate("abcdefghijklmnopqrstuvwxyz")})

# Where a process sleeps when it waits for terminal input (/proc/PID/wchan): a read() on
# the tty, or select()/poll() on it (GNU readline under CPython's readline module).
INPUT_WCHANS = {"wait_woken", "n_tty_read", "do_select", "core_sys_select",
                "poll_schedule_timeout", "do_sys_poll", "do_poll"}


# Python 3.12+ warns at every os.fork() in a process with threads (the runner's pool). The
# child only makes a few system calls before exec (Program.start: its arguments are encoded
# before the fork), none that waits on a lock another thread may hold, so here it is noise.
warnings.filterwarnings("ignore", r"This process \(pid=\d+\) is multi-threaded, use of fork\(\)",
                        DeprecationWarning)


class SessionError(Exception):
    pass


# ---- session files -----------------------------------------------------------------------

@dataclass
class Step:
    data: bytes                 # bytes sent to the terminal
    text: str                   # how the step reads in the session file (for messages)
    wait: object = None         # None = the default prompts; ("any", texts), ("quiet",), ("exit",)
    lineno: int = 0
    paste: bool = False         # bracketed paste when the program has turned that mode on


@dataclass
class Session:
    name: str
    path: str
    steps: list = field(default_factory=list)
    env: dict = field(default_factory=dict)
    xfail: str = ""
    timeout: float = STEP_TIMEOUT


def _value(node):
    """A constant expression: str/bytes/int literals joined by + and repeated by *."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes, int)):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mult)):
        left, right = _value(node.left), _value(node.right)
        return left + right if isinstance(node.op, ast.Add) else left * right
    raise ValueError(f"not a constant: {ast.dump(node)}")


def _literal(arg, path, lineno):
    """A directive argument: a Python string literal (or literals joined by + and *, as
    "'ab' * 3 + '\\r'"), or else the text as written, stripped."""
    arg = arg.strip()
    if arg[:1] in ("'", '"') or arg[:2] in ("b'", 'b"'):
        try:
            value = _value(ast.parse(arg, mode="eval").body)
        except (ValueError, SyntaxError, TypeError) as e:
            raise SessionError(f"{path}:{lineno}: bad string expression {arg!r}: {e}") from None
        if isinstance(value, (str, bytes)):
            return value
    return arg


def _encode(value):
    return value if isinstance(value, bytes) else value.encode("utf-8")


def parse_session(path):
    name = os.path.splitext(os.path.basename(path))[0]
    session = Session(name, path)
    prompts = None
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the file's final newline ends the last line; it is not an empty line
    for lineno, raw in enumerate(lines, 1):
        line = raw.rstrip("\r")
        if line.startswith("##"):
            continue
        if not line.startswith("#!"):
            session.steps.append(Step(_encode(line) + b"\r", line, prompts, lineno))
            continue
        word, _, arg = line[2:].strip().partition(" ")
        if word == "xfail":
            session.xfail = arg.strip() or "(no reason given)"
        elif word == "env":
            key, eq, value = arg.strip().partition("=")
            if not eq:
                raise SessionError(f"{path}:{lineno}: #! env NAME=VALUE")
            session.env[key] = value
        elif word == "timeout":
            session.timeout = float(arg)
        elif word == "prompts":
            # The prompts that mean "ready for the next step" from here on.
            items = ast.literal_eval("[" + arg + "]") if arg.strip() else []
            prompts = ("any", tuple(items)) if items else None
        elif word == "line":
            text = _literal(arg, path, lineno)
            session.steps.append(Step(_encode(text) + b"\r", str(text), prompts, lineno))
        elif word == "key":
            keys = arg.split()
            if not keys or any(k.lower() not in KEYS for k in keys):
                raise SessionError(f"{path}:{lineno}: unknown key in {arg!r}; known: {sorted(KEYS)}")
            data = b"".join(KEYS[k.lower()] for k in keys)
            session.steps.append(Step(data, f"<{arg.strip()}>", prompts, lineno))
        elif word == "send":
            data = _encode(_literal(arg, path, lineno))
            session.steps.append(Step(data, f"send {arg.strip()}", prompts, lineno))
        elif word == "paste":
            data = _encode(_literal(arg, path, lineno)).replace(b"\r\n", b"\r").replace(b"\n", b"\r")
            session.steps.append(Step(data, f"paste {arg.strip()}", prompts, lineno, paste=True))
        elif word == "wait":
            if not session.steps:
                raise SessionError(f"{path}:{lineno}: #! wait must follow a step")
            what = arg.strip()
            if what == "quiet":
                session.steps[-1].wait = ("quiet",)
            elif what == "exit":
                session.steps[-1].wait = ("exit",)
            else:
                session.steps[-1].wait = ("any", (str(_literal(arg, path, lineno)),))
        else:
            raise SessionError(f"{path}:{lineno}: unknown directive #! {word}")
    if not session.steps:
        raise SessionError(f"{path}: no steps")
    return session


# ---- running one program on a pseudo-terminal ----------------------------------------------

class Screen(pyte.Screen):
    """pyte's screen, answering the terminal's reports (DSR) back to the program."""

    def __init__(self, columns, lines, reply):
        super().__init__(columns, lines)
        self._reply = reply

    def write_process_input(self, data):
        self._reply(data.encode("utf-8"))


def render_line(screen, y, upto=None):
    line = screen.buffer[y]
    out = []
    end = screen.columns if upto is None else min(upto, screen.columns)
    for x in range(end):
        data = line[x].data
        out.append(data)  # the stub after a wide character holds ""
    return "".join(out)


def screen_text(screen):
    rows = [render_line(screen, y).rstrip() for y in range(screen.lines)]
    while rows and not rows[-1]:
        rows.pop()
    return rows


def final_screen(raw, home):
    """The screen the output makes, with the run's own $HOME (a temporary folder) written as
    a placeholder of the same length, so that paths print alike in both programs."""
    home = os.fsencode(home)
    placeholder = b"/HOME".ljust(len(home), b"~")
    screen = pyte.Screen(COLUMNS, SCREEN_ROWS)
    pyte.ByteStream(screen).feed(raw.replace(home, placeholder))
    return screen_text(screen)


@dataclass
class RunResult:
    screen: list
    exit_status: object          # int, "signal N", or "running" (still alive at the end)
    raw: bytes
    error: str = ""              # a step that timed out, or the program ended too soon
    seconds: float = 0.0

    def text(self):
        return self.screen + [f"[exit: {self.exit_status}]"]


class Program:
    def __init__(self, argv, env, cwd):
        self.argv, self.env, self.cwd = argv, env, cwd
        self.raw = bytearray()
        self.screen = Screen(COLUMNS, SCREEN_ROWS, self._write)
        self.stream = pyte.ByteStream(self.screen)
        self.pid = None
        self.fd = None
        self.exit_status = None
        self.eof = False
        self.last_output = time.monotonic()

    # -- process --
    def start(self):
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        argv = [os.fsencode(a) for a in self.argv]
        env = {os.fsencode(k): os.fsencode(v) for k, v in self.env.items()}
        cwd = os.fsencode(self.cwd)
        pid = os.fork()
        if pid == 0:  # child: as little Python as possible between fork and exec
            try:
                os.close(master)
                os.setsid()
                fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
                for fd in (0, 1, 2):
                    os.dup2(slave, fd)
                if slave > 2:
                    os.close(slave)
                os.chdir(cwd)
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        os.close(slave)
        self.pid, self.fd = pid, master
        os.set_blocking(master, False)

    def _write(self, data):
        while data:
            try:
                n = os.write(self.fd, data)
            except BlockingIOError:
                select.select([], [self.fd], [], 1.0)
                continue
            except OSError:
                return  # the program has gone
            data = data[n:]

    def send(self, data):
        self._write(data)

    def pump(self, timeout):
        """Read whatever output arrives within `timeout` seconds. True if any arrived."""
        if self.eof:
            self._reap(block=False)
            time.sleep(min(timeout, 0.01))
            return False
        r, _, _ = select.select([self.fd], [], [], max(timeout, 0))
        if not r:
            self._reap(block=False)
            return False
        try:
            data = os.read(self.fd, 65536)
        except BlockingIOError:
            return False
        except OSError as e:
            if e.errno != errno.EIO:
                raise
            data = b""
        if not data:
            self.eof = True  # every slave fd is closed: the program (and its children) ended
            return False
        self.raw += data
        self.stream.feed(data)
        self.last_output = time.monotonic()
        return True

    def _reap(self, block):
        if self.exit_status is not None:
            return True
        try:
            pid, status = os.waitpid(self.pid, 0 if block else os.WNOHANG)
        except ChildProcessError:
            self.exit_status = "unknown"
            return True
        if pid == 0:
            return False
        if os.WIFEXITED(status):
            self.exit_status = os.WEXITSTATUS(status)
        elif os.WIFSIGNALED(status):
            self.exit_status = f"signal {os.WTERMSIG(status)}"
        else:
            self.exit_status = f"status {status}"
        return True

    def exited(self):
        return self._reap(block=False)

    def blocked_on_input(self):
        """Whether /proc says the program sleeps waiting for terminal input: True when one of
        its threads sleeps in a terminal read (or a select/poll) and none is running, False
        when one runs, None when /proc cannot tell."""
        verdict = None
        try:
            tasks = os.listdir(f"/proc/{self.pid}/task")
        except OSError:
            return None
        for tid in tasks:
            try:
                with open(f"/proc/{self.pid}/task/{tid}/stat") as f:
                    state = f.read().rpartition(")")[2].split()[0]
                with open(f"/proc/{self.pid}/task/{tid}/wchan") as f:
                    wchan = f.read().strip()
            except (OSError, IndexError):
                continue  # the thread ended meanwhile
            if state not in ("S", "I"):
                return False  # running (R), or in uninterruptible I/O (D)
            if wchan.split(".")[0] in INPUT_WCHANS:  # e.g. "poll_schedule_timeout.constprop.0"
                verdict = True
        return verdict

    def bracketed_paste(self):
        return (2004 << 5) in self.screen.mode  # pyte keeps private modes shifted by 5

    def cursor_text(self):
        y, x = self.screen.cursor.y, self.screen.cursor.x
        return render_line(self.screen, y, x)

    # -- waits --
    def wait_ready(self, prompts, since, deadline):
        """Until the cursor sits right after one of `prompts`, the program waits for input and
        its output has been quiet a moment. `since`: the output length when the step began
        (a prompt already on the screen then does not count)."""
        while True:
            now = time.monotonic()
            if now > deadline:
                raise TimeoutError(f"no prompt {' or '.join(map(repr, prompts))} "
                                   f"(cursor line {self.cursor_text()!r})")
            if self.eof or self.exited():
                while self.pump(0.05):
                    pass
                raise EOFError("the program exited")
            if self.pump(0.02):
                continue
            if len(self.raw) <= since:
                continue
            before_cursor = self.cursor_text()
            if not any(before_cursor.endswith(p) for p in prompts):
                continue
            blocked = self.blocked_on_input()
            settle = SETTLE if blocked is not None else SETTLE_UNKNOWN
            if blocked is False or time.monotonic() - self.last_output < settle:
                continue
            return

    def wait_quiet(self, deadline):
        while True:
            if time.monotonic() > deadline:
                raise TimeoutError("output never went quiet")
            if self.eof or self.exited():
                while self.pump(0.05):
                    pass
                raise EOFError("the program exited")
            if not self.pump(0.05) and time.monotonic() - self.last_output >= QUIET:
                return

    def wait_exit(self, deadline):
        while not (self.exited() and self.eof):
            if time.monotonic() > deadline:
                if self.exited():
                    return  # ended, but a grandchild holds the terminal: good enough
                raise TimeoutError("the program did not exit")
            self.pump(0.05)
        while self.pump(0.01):
            pass

    def stop(self):
        """End a program still running after the last step, and close the terminal."""
        if self.exit_status is None and not self.exited():
            for sig in (signal.SIGHUP, signal.SIGKILL):
                try:
                    os.kill(self.pid, sig)
                except ProcessLookupError:
                    break
                end = time.monotonic() + 2.0
                while time.monotonic() < end and not self.exited():
                    time.sleep(0.01)
                if self.exit_status is not None:
                    break
            self._reap(block=True)
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def run_program(argv, session, base_env):
    """Play `session` into `argv` on a fresh terminal; returns a RunResult."""
    start = time.monotonic()
    home = tempfile.mkdtemp(prefix=f"transcript-{session.name}-")  # same length for both runs
    env = dict(base_env)
    env["HOME"] = home
    env.update(session.env)
    prog = Program(argv, env, home)
    error = ""
    still_running = True
    try:
        prog.start()
        # The first prompt.
        try:
            prog.wait_ready(DEFAULT_PROMPTS, 0, time.monotonic() + session.timeout * 2)
        except EOFError:
            raise SessionError("exited before its first prompt")
        except TimeoutError as e:
            raise SessionError(f"no first prompt: {e}")
        for i, step in enumerate(session.steps):
            since = len(prog.raw)
            data = step.data
            if step.paste and prog.bracketed_paste():
                data = b"\x1b[200~" + data + b"\x1b[201~"
            prog.send(data)
            deadline = time.monotonic() + session.timeout
            wait = step.wait
            try:
                if wait is None:
                    prog.wait_ready(DEFAULT_PROMPTS, since, deadline)
                elif wait[0] == "any":
                    prog.wait_ready(wait[1], since, deadline)
                elif wait[0] == "quiet":
                    prog.wait_quiet(deadline)
                elif wait[0] == "exit":
                    prog.wait_exit(deadline)
                    still_running = False
            except EOFError:
                still_running = False
                if i != len(session.steps) - 1:
                    error = f"ended after line {step.lineno} ({step.text!r}), before the session did"
                break
            except TimeoutError as e:
                error = f"line {step.lineno} ({step.text!r}): {e}"
                break
        if not still_running:
            try:
                prog.wait_exit(time.monotonic() + EXIT_TIMEOUT)
            except TimeoutError as e:
                error = error or str(e)
    except SessionError as e:
        error = str(e)
    finally:
        # A program still alive after the last step is "running" (then stopped); both
        # programs must agree on that too.
        exit_status = prog.exit_status if prog.pid is not None and prog.exited() else "running"
        prog.stop()
        shutil.rmtree(home, ignore_errors=True)
    return RunResult(final_screen(bytes(prog.raw), home), exit_status, bytes(prog.raw), error,
                     time.monotonic() - start)


# ---- comparing ---------------------------------------------------------------------------

def diff(a, b, name_a, name_b):
    return "".join(difflib.unified_diff([l + "\n" for l in a], [l + "\n" for l in b],
                                        name_a, name_b, lineterm="\n"))


def expected_path(name):
    return os.path.join(EXPECTED_DIR, name + ".txt")


def read_expected(name):
    try:
        with open(expected_path(name), encoding="utf-8") as f:
            return f.read().split("\n")[:-1]
    except FileNotFoundError:
        return None


def write_expected(name, lines):
    os.makedirs(EXPECTED_DIR, exist_ok=True)
    with open(expected_path(name), "w", encoding="utf-8") as f:
        f.write("".join(l + "\n" for l in lines))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pyshell", help="the pyshell binary under test (required unless "
                                      "--update-expected)")
    ap.add_argument("--python", default="/usr/bin/python3.13", help="the oracle CPython REPL")
    ap.add_argument("--only", action="append", default=[], metavar="NAME",
                    help="run only this session (a glob; may be repeated)")
    ap.add_argument("--update-expected", action="store_true",
                    help="record CPython's screens into expected/ (pyshell is not run)")
    ap.add_argument("-j", "--jobs", type=int, default=0,
                    help="programs run at once (default: 4 per CPU, 4 to 16; they mostly wait)")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="list every session; on a failure also show the raw output")
    args = ap.parse_args()
    if not args.update_expected and not args.pyshell:
        ap.error("--pyshell is required")

    paths = sorted(os.path.join(SESSIONS_DIR, p) for p in os.listdir(SESSIONS_DIR)
                   if p.endswith(".txt"))
    if args.only:
        paths = [p for p in paths
                 if any(fnmatch.fnmatch(os.path.basename(p)[:-4], pat) for pat in args.only)]
        if not paths:
            print(f"transcripts: no session matches {args.only}", file=sys.stderr)
            return 2
    try:
        sessions = [parse_session(p) for p in paths]
    except SessionError as e:
        print(f"transcripts: {e}", file=sys.stderr)
        return 2

    base_env = {"TERM": "xterm-256color", "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"}
    # Not -E: it would ignore ORACLE_ENV (the environment is built from nothing anyway).
    python_argv = [args.python, "-s", "-i", "-q"]
    python_env = dict(base_env, **ORACLE_ENV)
    pyshell_argv = [os.path.abspath(args.pyshell), "-q"] if args.pyshell else None
    for exe in filter(None, [args.python, pyshell_argv and pyshell_argv[0]]):
        if not os.access(exe, os.X_OK):
            print(f"transcripts: cannot run {exe}", file=sys.stderr)
            return 2

    jobs = args.jobs or min(16, max(4, 4 * (os.cpu_count() or 1)))
    lock = threading.Lock()
    t0 = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {}
        for s in sessions:
            futures[(s.name, "python")] = pool.submit(run_program, python_argv, s, python_env)
            if not args.update_expected:
                futures[(s.name, "pyshell")] = pool.submit(run_program, pyshell_argv, s, base_env)

        if args.update_expected:
            bad = 0
            for s in sessions:
                r = futures[(s.name, "python")].result()
                if r.error:
                    bad += 1
                    print(f"{s.name}: CPython: {r.error} (not recorded)")
                    continue
                old = read_expected(s.name)
                write_expected(s.name, r.text())
                state = "new" if old is None else ("unchanged" if old == r.text() else "updated")
                print(f"{s.name}: {state}")
            print(f"transcripts: recorded {len(sessions) - bad}, {bad} could not be recorded")
            return 1 if bad else 0

        passed, failed, xfailed, xpassed, warnings = [], [], [], [], []
        for s in sessions:
            py = futures[(s.name, "python")].result()
            ps = futures[(s.name, "pyshell")].result()
            problems = []
            if py.error:
                problems.append(f"CPython (the oracle): {py.error}")
            if ps.error:
                problems.append(f"pyshell: {ps.error}")
            if py.text() != ps.text():
                problems.append("screens differ:\n" + diff(py.text(), ps.text(),
                                                           f"{s.name} (CPython)", f"{s.name} (pyshell)"))
            expected = read_expected(s.name)
            if expected is None:
                warnings.append(f"{s.name}: no expected/{s.name}.txt (run --update-expected)")
            elif expected != py.text() and not py.error:
                warnings.append(f"{s.name}: the live CPython screen differs from expected/{s.name}.txt "
                                "(a different CPython?):\n" + diff(expected, py.text(), "expected", "live CPython"))
            timing = f"({py.seconds:.1f}s / {ps.seconds:.1f}s)"
            with lock:
                if not problems:
                    if s.xfail:
                        xpassed.append(s.name)
                        print(f"XPASS {s.name} {timing}: passes although marked xfail ({s.xfail}); "
                              "remove the #! xfail line")
                    elif args.verbose:
                        print(f"ok    {s.name} {timing}")
                    passed.append(s.name)
                    continue
                if s.xfail and not py.error:
                    xfailed.append(s.name)
                    print(f"xfail {s.name} {timing}: {s.xfail}")
                    if args.verbose:
                        print("\n".join(problems))
                    continue
                failed.append(s.name)
                print(f"FAIL  {s.name} {timing} ({os.path.relpath(s.path)})")
                for p in problems:
                    print("  " + p.replace("\n", "\n  ").rstrip())
                if args.verbose:
                    print(f"  raw CPython output: {py.raw!r}")
                    print(f"  raw pyshell output: {ps.raw!r}")
    for w in warnings:
        print("warning: " + w)
    if args.verbose:
        print(f"({time.monotonic() - t0:.1f}s)")
    if xfailed:
        print(f"transcripts: {len(xfailed)} xfail: {', '.join(xfailed)}")
    print(f"transcripts: {len(passed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
