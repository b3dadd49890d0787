"""pyshell's Python-side glue for the interactive session (shipped in the stdlib zip).

The C++ host (src/python/python_host.cpp) imports this module once the interpreter is up,
calls install(), and then drives the REPL through run_source(), prompt() and complete().
It talks back to C++ through the built-in module _pyshell:

    _pyshell.write(fd, data: bytes)          program output → the terminal (fd 1 or 2)
    _pyshell.readline(prompt: str, kind: str) -> bytes
                                             one line from the line editor, b'' at EOF;
                                             raises KeyboardInterrupt on Ctrl-C. kind is
                                             "input" (input(), own history) or "stdin"

The REPL semantics are CPython 3.11's interactive loop, as code.InteractiveConsole has them:
source compiled in 'single' mode with codeop (so incomplete input asks for more), run in
__main__'s namespace, sys.displayhook printing results and setting builtins._, tracebacks
without the host's own frame, SyntaxError shown as CPython's REPL shows it.
"""
import builtins
import codeop
import io
import sys
import traceback

import _pyshell

COMPLETE, INCOMPLETE, SYNTAX_ERROR, EXIT = 0, 1, 2, 3

_compile = codeop.CommandCompiler()


class _TerminalOut(io.RawIOBase):
    """Raw byte stream to the terminal (fd 1 = stdout, 2 = stderr)."""

    def __init__(self, fd):
        self._fd = fd

    def writable(self):
        return True

    def write(self, b):
        data = bytes(b)
        _pyshell.write(self._fd, data)
        return len(data)

    def isatty(self):
        # False so that pydoc uses its plain pager (there is no `less` to run).
        return False


class _TerminalIn(io.RawIOBase):
    """Raw byte stream from the line editor: every read returns at most one edited line."""

    def __init__(self):
        self._pending = b""

    def readable(self):
        return True

    def readinto(self, buf):
        if not self._pending:
            _flush_output()
            self._pending = _pyshell.readline("", "stdin")
            if not self._pending:
                return 0  # end of input (Ctrl-D)
        n = min(len(buf), len(self._pending))
        buf[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n

    def isatty(self):
        return False


def _flush_output():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # a user-replaced stream may not flush; never break the REPL
            pass


def _input(prompt=""):
    """input() reading through pyshell's line editor, with its own history."""
    if sys.stdin is not sys.__stdin__ or sys.stdout is not sys.__stdout__:
        return _builtin_input(prompt)
    _flush_output()
    line = _pyshell.readline(str(prompt), "input")
    if not line:
        raise EOFError("EOF when reading a line")
    return line.decode("utf-8", "surrogateescape").removesuffix("\n")


_builtin_input = builtins.input


def _sleep(secs):
    """time.sleep() that really sleeps in a browser worker and wakes on Ctrl-C."""
    import time
    if not isinstance(secs, (int, float)):
        secs = float(secs)  # TypeError for what time.sleep would refuse too
    if secs != secs or secs < 0:
        raise ValueError("sleep length must be non-negative")
    deadline = time.monotonic() + secs
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return
        _pyshell.sleep(remaining)  # raises KeyboardInterrupt if Ctrl-C woke it


def install():
    """Wire sys.stdin/stdout/stderr to the terminal and set the interactive prompts."""
    sys.stdout = sys.__stdout__ = io.TextIOWrapper(
        io.BufferedWriter(_TerminalOut(1)), encoding="utf-8", errors="backslashreplace",
        line_buffering=True)
    sys.stderr = sys.__stderr__ = io.TextIOWrapper(
        io.BufferedWriter(_TerminalOut(2)), encoding="utf-8", errors="backslashreplace",
        line_buffering=True, write_through=True)
    sys.stdin = sys.__stdin__ = io.TextIOWrapper(
        io.BufferedReader(_TerminalIn()), encoding="utf-8", errors="surrogateescape")
    builtins.input = _input
    if _pyshell.has_sleep():
        import time
        time.sleep = _sleep
    if not hasattr(sys, "ps1"):
        sys.ps1 = ">>> "
    if not hasattr(sys, "ps2"):
        sys.ps2 = "... "
    sys.argv[:] = [""]


def banner():
    return (f"Python {sys.version} on {sys.platform}\n"
            'Type "help", "copyright", "credits" or "license" for more information.\n')


def prompt(continuation):
    try:
        return str(sys.ps2 if continuation else sys.ps1)
    except Exception:
        return "... " if continuation else ">>> "


def _show_syntax_error(source):
    typ, value, tb = sys.exc_info()
    if typ is SyntaxError:
        # codeop reports what compiling the text *without* its final newline found (often
        # "incomplete input"); CPython's REPL tokenizer sees the line with its newline.
        # Report that error, as the real REPL does.
        flags = _compile.compiler.flags & ~codeop.PyCF_ALLOW_INCOMPLETE_INPUT
        try:
            compile(source + "\n", "<stdin>", "single", flags, True)
        except SyntaxError as real:
            typ, value, tb = SyntaxError, real, real.__traceback__
        except Exception:
            pass
    sys.last_type, sys.last_value, sys.last_traceback = typ, value, tb
    lines = traceback.format_exception_only(typ, value)
    if sys.excepthook is sys.__excepthook__:
        sys.stderr.write("".join(lines))
    else:
        sys.excepthook(typ, value, tb)


def _blank_line_error(source):
    """CPython's REPL ends a block at a blank continuation line; codeop would wait for more.

    Inside open brackets or a triple-quoted string a blank line is just a line, so only
    errors other than "still open" ones are reported. Returns True if one was shown.
    """
    flags = _compile.compiler.flags & ~codeop.PyCF_ALLOW_INCOMPLETE_INPUT
    try:
        compile(source + "\n", "<stdin>", "single", flags, True)
    except SyntaxError as e:
        msg = str(e.msg)
        if "never closed" in msg or "unterminated" in msg or "incomplete input" in msg:
            return False
        sys.last_type, sys.last_value, sys.last_traceback = type(e), e, e.__traceback__
        sys.stderr.write("".join(traceback.format_exception_only(type(e), e)))
        return True
    except Exception:
        return False
    return False


def _show_traceback():
    typ, value, tb = sys.exc_info()
    sys.last_type, sys.last_value, sys.last_traceback = typ, value, tb
    tb = tb.tb_next if tb is not None else None  # drop run_source's own frame
    try:
        if sys.excepthook is sys.__excepthook__:
            sys.stderr.write("".join(traceback.format_exception(typ, value, tb)))
        else:
            sys.excepthook(typ, value, tb)
    except BaseException:
        sys.__stderr__.write("".join(traceback.format_exception(*sys.exc_info())))


def _exit_code(exc):
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF  # as the C exit status of `python -c 'sys.exit(n)'`
    try:
        sys.stderr.write(str(code) + "\n")
    except Exception:
        pass
    return 1


def run_source(source):
    """Compile and run one REPL entry. Returns (status, exit_code)."""
    try:
        try:
            code = _compile(source, "<stdin>", "single")
        except (OverflowError, SyntaxError, ValueError):
            _show_syntax_error(source)
            return SYNTAX_ERROR, 0
        if code is None:
            if source.rpartition("\n")[2].strip() == "" and _blank_line_error(source):
                return SYNTAX_ERROR, 0
            return INCOMPLETE, 0
        try:
            exec(code, sys.modules["__main__"].__dict__)
        except SystemExit as e:
            return EXIT, _exit_code(e)
        except BaseException:
            _show_traceback()
        return COMPLETE, 0
    except SystemExit as e:  # raised by a displayhook or excepthook
        return EXIT, _exit_code(e)
    except KeyboardInterrupt:  # arrived while showing a traceback
        sys.stderr.write("\nKeyboardInterrupt\n")
        return COMPLETE, 0
    finally:
        _flush_output()


def complete(text):
    """Every completion of `text` (the word before the cursor), as rlcompleter gives them."""
    import rlcompleter
    completer = rlcompleter.Completer(sys.modules["__main__"].__dict__)
    matches = []
    try:
        for state in range(10000):
            match = completer.complete(text, state)
            if match is None:
                break
            matches.append(match)
    except Exception:
        pass
    return matches
