"""pyshell's Python-side glue for the interactive session (shipped in the stdlib zip).

The C++ host (src/python/python_host.cpp) imports this module once the interpreter is up,
calls install(), and then drives the REPL through prepare() and finish() (it runs each
entry's code itself, between the two; prepare(source, True) for Ctrl-D at a continuation
prompt), prompt() and complete(). It talks back to C++ through the built-in module
_pyshell:

    _pyshell.write(fd, data) -> len(data)    program output (fd 1 or 2), held until
    _pyshell.flush(fd)                       sends it to the terminal
    _pyshell.readline(prompt: str, kind: str) -> bytes
                                             one line from the line editor, b'' at EOF;
                                             raises KeyboardInterrupt on Ctrl-C. kind is
                                             "input" (input(), own history) or "stdin"
    _pyshell.sleep(seconds), has_sleep()     the front end's interruptible sleep (web)
    _pyshell.download(path), has_download()  offer a file to the user (web; builtins.download)
    _pyshell.input(prompt='', /)             builtins.input: a C function (repr, type and help
                                             as CPython's builtin) that calls _input()

The inspector (Session::inspect) loads _pyshell_inspect through load_inspector() on its
first request; nothing of it runs or is imported before.

The REPL semantics are CPython 3.13's interactive loop (Python/pythonrun.c,
PyRun_InteractiveOneObject), checked against the real one by tests/transcripts:

  * an entry is read line by line until the parser has a whole statement: a simple
    statement ends with its line, a compound one at a blank line (unless a bracket or a
    triple-quoted string is still open); parse errors show at once, errors the compiler
    finds (`return` outside a function, ...) once the statement is whole;
  * it is parsed as "<stdin>" and compiled in 'single' mode, with the __future__ features
    seen so far, as "<stdin-N>": N counts the entries that parsed (a blank or comment-only
    line at ">>> " is one, compiled as `pass`; one the parser rejects is not), so the
    compiler's errors and warnings, and warnings.warn() in the entry, name "<stdin-N>"
    while the parser's name "<stdin>"; linecache._register_code() keeps the entry's source,
    which tracebacks quote (the traceback module shows "<stdin-N>" as "<stdin>");
  * the code runs in __main__'s namespace; sys.displayhook prints results (and sets
    builtins._);
  * a SyntaxError the compiler or the running code raises (exec('1 +') too, whatever file
    it names) takes as its text the entry's line of its own line number, as
    _PyRun_InteractiveOne sets it;
  * errors go through sys.excepthook (the C one by default, which calls the traceback
    module: "Did you mean" suggestions, carets), after sys.last_type/value/traceback (and
    sys.last_exc) are set; frames of this module never show in a traceback;
  * sys.ps1 and sys.ps2 are str()-ed once per statement, at its first prompt;
  * input() behaves as CPython's does on a terminal (EOFError without a message on Ctrl-D);
    sys.stdin/stdout/stderr are named, moded, buffered and error-handled as CPython's, and
    a sys.stdin read does not flush sys.stdout (CPython's does not either);
  * sys.path[0] is "" (the current directory), as in CPython's REPL.
"""
import __future__
import _warnings
import builtins
import functools
import io
import operator
import os
import sys

import _pyshell

# An entry's status, as prepare() and finish() return it. python_host.cpp's EntryStatus names
# the same values, and Session's constructor asserts that they match these.
COMPLETE, INCOMPLETE, SYNTAX_ERROR, EXIT = 0, 1, 2, 3

# Compiler flags (Include/cpython/compile.h), as codeop uses them.
_PyCF_ONLY_AST = 0x0400
_PyCF_DONT_IMPLY_DEDENT = 0x0200
_PyCF_ALLOW_INCOMPLETE_INPUT = 0x4000
_FUTURE_FLAGS = 0
for _name in __future__.all_feature_names:
    _FUTURE_FLAGS |= getattr(__future__, _name).compiler_flag
del _name

_future_flags = 0      # the __future__ features the session has imported so far
_entry_count = 0       # entries compiled so far: the N of the next "<stdin-N>"
_running = None        # the source of the entry whose code runs (prepare() to finish())
_ps2 = None            # str(sys.ps2), taken with str(sys.ps1) at the statement's first prompt
_tty = True            # input()'s end of file: EOFError() on a terminal, with a message on a pipe


class _TerminalOut(io.RawIOBase):
    """The byte stream under sys.stdout/sys.stderr (fd 1, 2): the buffer is in C.

    _pyshell.write holds the bytes as CPython's BufferedWriter would, _pyshell.flush sends
    them to the terminal, so the TextIOWrapper over it (write_through, line buffered: a
    flush at every newline) shows exactly what CPython's shows, when CPython's does. Both
    are C functions bound here: in wasm the Python-level layers of print() (a Python
    write method, a BufferedWriter between) cost as much as the rest of it."""

    def __init__(self, fd):
        self._fd = fd
        self.write = functools.partial(_pyshell.write, fd)   # write(b) -> len(b)
        self.flush = functools.partial(_pyshell.flush, fd)

    def writable(self):
        return True

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
            # No flush of sys.stdout first: CPython's sys.stdin does not flush it either, so
            # print('n: ', end='') stays buffered while the line is read.
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
    """input() reading through pyshell's line editor, with its own history.

    As CPython's builtin_input_impl on a terminal: flush, prompt, one edited line;
    Ctrl-C raises KeyboardInterrupt, Ctrl-D EOFError (no message, as PyOS_Readline's)."""
    if sys.stdin is not sys.__stdin__ or sys.stdout is not sys.__stdout__:
        return _builtin_input(prompt)  # redirected: CPython's own, it reads sys.stdin
    sys.audit("builtins.input", prompt)
    try:
        sys.stderr.flush()
    except Exception:
        pass
    sys.stdout.flush()
    line = _pyshell.readline(str(prompt), "input")
    if not line:
        if _tty:
            raise EOFError
        raise EOFError("EOF when reading a line")
    stdin = sys.stdin
    result = line.removesuffix(b"\n").decode(stdin.encoding, stdin.errors)
    sys.audit("builtins.input/result", result)
    return result


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


def _text_stream(raw, name, mode, errors):
    raw.name = name
    # Writing: straight to _TerminalOut, which buffers (see there).
    buffered = io.BufferedReader(raw) if mode == "r" else raw
    text = io.TextIOWrapper(buffered, encoding="utf-8", errors=errors, newline="\n",
                            line_buffering=True, write_through=mode != "r")
    text.mode = mode
    return text


def download(path):
    """download(path): save a file from the shell's folder to your computer."""
    import os
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"download: no such file: {path!r}")
    if not _pyshell.download(os.path.abspath(path)):
        raise OSError(f"download: the page could not send {path!r}")


def install():
    """Wire sys.stdin/stdout/stderr to the terminal and set the interactive prompts."""
    global _tty
    # As CPython's create_stdio() makes them for a terminal in UTF-8 mode (pyshell's) or a
    # C.UTF-8 locale: named, with a mode, "\n" newlines, line buffered, surrogateescape
    # (backslashreplace on stderr).
    sys.stdout = sys.__stdout__ = _text_stream(_TerminalOut(1), "<stdout>", "w", "surrogateescape")
    sys.stderr = sys.__stderr__ = _text_stream(_TerminalOut(2), "<stderr>", "w", "backslashreplace")
    sys.stdin = sys.__stdin__ = _text_stream(_TerminalIn(), "<stdin>", "r", "surrogateescape")
    try:
        _tty = sys.platform == "emscripten" or os.isatty(0)
    except OSError:
        _tty = False
    builtins.input = getattr(_pyshell, "input", _input)
    if _pyshell.has_sleep():
        import time
        time.sleep = _sleep
    if _pyshell.has_download():
        builtins.download = download
    if not hasattr(sys, "ps1"):
        sys.ps1 = ">>> "
    if not hasattr(sys, "ps2"):
        sys.ps2 = "... "
    sys.argv[:] = [""]
    # CPython's REPL imports from the current directory: sys.path[0] is "" (the isolated
    # configuration the host starts from leaves it out).
    if "" not in sys.path:
        sys.path.insert(0, "")


def banner():
    return (f"Python {sys.version} on {sys.platform}\n"
            'Type "help", "copyright", "credits" or "license" for more information.\n')


def _prompt_text(name):
    # As PyRun_InteractiveOneObjectEx: str(sys.ps1); "" when missing or when str() fails.
    try:
        return str(getattr(sys, name))
    except BaseException:
        return ""


def prompt(continuation):
    """The prompt for the next line. CPython takes str(sys.ps1) *and* str(sys.ps2) once per
    statement, at its first line; the continuation lines reuse that ps2."""
    global _ps2
    if continuation and _ps2 is not None:
        return _ps2
    ps1 = _prompt_text("ps1")
    _ps2 = _prompt_text("ps2")
    return _ps2 if continuation else ps1


# ---- compiling an entry ---------------------------------------------------------------

_NOTHING = object()  # an entry of comments only: complete, nothing to run


_IGNORE_WARNINGS = ("ignore", None, Warning, None, 0)


def _parse(source, allow_incomplete):
    """Parse only (no code, no compiler warnings); the parser's own warnings (invalid
    escape sequences, ...) are ignored too: the one compile of the whole entry shows them.
    The ignore filter goes in and out of warnings.filters without warnings'
    _filters_mutated(), which would reset every __warningregistry__ ("default" warnings
    shown once would show again) as codeop's catch_warnings() does."""
    flags = _future_flags | _PyCF_ONLY_AST | _PyCF_DONT_IMPLY_DEDENT
    if allow_incomplete:
        flags |= _PyCF_ALLOW_INCOMPLETE_INPUT
    # The list the C warnings code reads: warnings.filters once warnings is imported (it
    # starts as _warnings.filters, the same list, but a program may replace it).
    filters = getattr(sys.modules.get("warnings", _warnings), "filters", None)
    if not isinstance(filters, list):
        return compile(source, "<stdin>", "single", flags, True)
    filters.insert(0, _IGNORE_WARNINGS)
    try:
        return compile(source, "<stdin>", "single", flags, True)
    finally:
        if filters and filters[0] is _IGNORE_WARNINGS:
            del filters[0]


def _still_open(error):
    """A SyntaxError that says a bracket or a triple-quoted string is still open."""
    msg = str(error.msg)
    return "was never closed" in msg or "unterminated triple-quoted" in msg


def _compile_entry(source):
    """The code of a whole REPL entry, None while it is incomplete, or _NOTHING.

    `source` is the entry's lines joined by "\n", without a final newline (CPython's REPL
    tokenizer sees each line with its newline). Raises the SyntaxError (or ValueError,
    OverflowError) that CPython's REPL reports, and when it reports it. Only parses (no
    compiler warnings, no filter changes) until the entry is whole, then compiles once."""
    lines = source.split("\n")
    if all(not line.strip() or line.lstrip().startswith("#") for line in lines):
        return _nothing()
    if len(lines) > 1 and lines[-1] == "":
        # An empty line ends the entry, unless a bracket or a triple-quoted string is open.
        # (The REPL's tokenizer skips a line of blanks or a comment; only "" ends it.)
        try:
            _parse(source + "\n", False)
        except SyntaxError as e:
            if _still_open(e):
                return None
    else:
        try:
            _parse(source, True)
        except SyntaxError:
            # Not whole without a newline after it. If it parses with one, it is a
            # compound statement that may go on; if the parser wants more, it wants more.
            try:
                _parse(source + "\n", True)
                return None
            except SyntaxError as e:
                if e.msg == "incomplete input":
                    return None
            # A real error in what was typed so far: the parse below reports it.
    return _compile_whole(source, _PyCF_DONT_IMPLY_DEDENT)


def _nothing():
    """An entry of blanks and comments: CPython's REPL compiles it as `pass` (under the next
    <stdin-N> name), so it takes a number too."""
    global _entry_count
    _entry_count += 1
    return _NOTHING


def _compile_whole(source, flags):
    """Compile a whole entry as CPython 3.13's REPL does (PyRun_InteractiveOneObject, run_mod):
    the parser reads it as "<stdin>" (so its errors and warnings say "<stdin>" and take no
    number), the compiler gets the AST under "<stdin-N>", N counting every entry that
    parsed (compiler errors and warnings, and warnings.warn() from the entry's code, name
    it so), linecache._register_code() learns its source, for tracebacks to quote, and the
    "exec" audit event sees the code."""
    global _future_flags, _entry_count
    try:
        tree = compile(source + "\n", "<stdin>", "single", _future_flags | flags | _PyCF_ONLY_AST, True)
    except SyntaxError as e:
        _as_repl_reports(e, source)
        raise
    name = f"<stdin-{_entry_count}>"
    _entry_count += 1
    try:
        code = compile(tree, name, "single", _future_flags | flags, True)
    except SyntaxError as e:
        _quote_entry_line(e, source)
        raise
    _future_flags |= code.co_flags & _FUTURE_FLAGS
    import linecache
    linecache._register_code(code, source + "\n", "<stdin>")
    sys.audit("exec", code)  # as run_mod() before it runs the code (PyEval_EvalCode does not)
    return code


def _quote_entry_line(error, source):
    """As _PyRun_InteractiveOne does for a SyntaxError the entry's compiling or running
    raised (compile(), exec() and `raise` included, whatever file it names): its `text`
    becomes the entry's line number `lineno`, newline kept."""
    try:
        n = operator.index(error.lineno)
    except Exception:
        return
    lines = (source + "\n").splitlines(True)
    if 0 < n <= len(lines):
        try:
            error.text = lines[n - 1]
        except Exception:
            pass


def _as_repl_reports(error, source):
    """Make a SyntaxError from the parser read as the REPL's: its tokenizer holds one line
    at a time, so `text` is the physical line the error is on, without its newline (and a
    blank line's caret sits in column 1)."""
    if not isinstance(error, SyntaxError) or error.text is None or not error.lineno:
        return
    lines = source.split("\n")
    line = lines[error.lineno - 1] if 0 < error.lineno <= len(lines) else ""
    error.text = line
    if line == "":
        error.offset = error.end_offset = 1


# ---- reporting errors -------------------------------------------------------------------

def _strip_own_frames(tb):
    """`tb` without this module's frames (input()'s, sys.stdin's reads)."""
    mine = globals()
    kept = []
    while tb is not None:
        if tb.tb_frame.f_globals is not mine:
            kept.append(tb)
        tb = tb.tb_next
    for outer, inner in zip(kept, kept[1:]):
        outer.tb_next = inner
    if kept:
        kept[-1].tb_next = None
    return kept[0] if kept else None


def _clean(exc, seen=None):
    """Strip this module's frames from `exc` and the exceptions chained to it."""
    seen = set() if seen is None else seen
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        try:
            exc.__traceback__ = _strip_own_frames(exc.__traceback__)
        except Exception:
            pass
        if exc.__cause__ is not None:
            _clean(exc.__cause__, seen)
        exc = exc.__context__


def _report(exc):
    """Show an exception as CPython's REPL does (PyErr_PrintEx): sys.last_exc and the
    legacy sys.last_type/value/traceback set, the "sys.excepthook" audit event (an audit
    hook's RuntimeError means: show nothing), then sys.excepthook; if the hook fails, both
    errors through the default display."""
    _clean(exc)
    typ, tb = type(exc), exc.__traceback__
    sys.last_exc = exc
    sys.last_type, sys.last_value, sys.last_traceback = typ, exc, tb
    hook = getattr(sys, "excepthook", None)
    try:
        sys.audit("sys.excepthook", hook, typ, exc, tb)
    except RuntimeError:
        return
    except Exception:
        # CPython reports this one through sys.unraisablehook first (which takes only its
        # own C argument type, so not from here), then shows the exception all the same.
        pass
    if hook is None:
        sys.stderr.write("sys.excepthook is missing\n")
        sys.__excepthook__(typ, exc, tb)
        return
    try:
        hook(typ, exc, tb)
    except SystemExit:
        raise
    except BaseException as hook_error:
        _clean(hook_error)
        _flush_output()
        sys.stderr.write("Error in sys.excepthook:\n")
        sys.__excepthook__(type(hook_error), hook_error, hook_error.__traceback__)
        sys.stderr.write("\nOriginal exception was:\n")
        sys.__excepthook__(typ, exc, tb)


def _exit_code(exc):
    # As _Py_HandleSystemExit: None → 0, an int → itself, anything else printed → 1.
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


def prepare(source, at_eof=False):
    """Compile one REPL entry (its lines joined by "\n") for running. Returns
    (status, exit_code, code): code is the code object to run in __main__'s namespace, with
    finish() called after it; or None when there is nothing to run: the entry is INCOMPLETE,
    or its error is reported already (SYNTAX_ERROR), or it was only comments (COMPLETE).

    A host that runs the code itself (PyEval_EvalCode(code, main_dict, main_dict), then
    finish(the exception or None)) has no Python frame under the entry's code, exactly as
    CPython's REPL: the recursion limit leaves the same depth to the program."""
    global _running
    try:
        code = _compile_entry_at_eof(source) if at_eof else _compile_entry(source)
    except BaseException as e:  # SyntaxError, ValueError, OverflowError, ...; KeyboardInterrupt
        error = e
    else:
        if code is None:
            return INCOMPLETE, 0, None
        if code is not _NOTHING:
            _running = source
            return COMPLETE, 0, code
        error = None
    # Outside the except clause, as everywhere below: like PyErr_Print, the hook runs with
    # no exception being handled, so one it raises is not chained to this one.
    status, exit_code = finish(error, SYNTAX_ERROR if isinstance(error, Exception) else COMPLETE)
    return status, exit_code, None


def finish(error=None, status=COMPLETE):
    """After an entry's code ran: `error` is what it raised (None if nothing). SystemExit
    ends the REPL with its status; anything else is reported as CPython's REPL does.
    Flushes sys.stdout and sys.stderr. Returns (status, exit_code)."""
    global _ps2, _running
    _ps2 = None  # the next statement takes str(sys.ps1), str(sys.ps2) afresh
    source, _running = _running, None
    try:
        if isinstance(error, SyntaxError) and source is not None:
            _quote_entry_line(error, source)
        if isinstance(error, SystemExit):
            return EXIT, _exit_code(error)
        if error is not None:
            _report(error)
        return status, 0
    except SystemExit as e:  # raised by an excepthook
        return EXIT, _exit_code(e)
    except KeyboardInterrupt:  # arrived while showing a traceback
        sys.stderr.write("\nKeyboardInterrupt\n")
        return status, 0
    finally:
        _flush_output()


def _compile_entry_at_eof(source):
    if all(not line.strip() or line.lstrip().startswith("#") for line in source.split("\n")):
        return _nothing()
    return _compile_whole(source, 0)


def load_inspector():
    """The _pyshell_inspect module (the inspector panels' data, see its doc), imported on
    the first inspection request from the stdlib zip: the user's folder ("" in sys.path)
    is left out meanwhile, so a file of theirs with that name cannot stand in for it."""
    module = sys.modules.get("_pyshell_inspect")
    if module is not None:
        return module
    saved = sys.path[:]
    try:
        try:
            cwd = os.getcwd()
        except OSError:
            cwd = None
        sys.path[:] = [p for p in saved if p not in ("", ".", cwd)]
        import _pyshell_inspect
    finally:
        sys.path[:] = saved
    return _pyshell_inspect


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
