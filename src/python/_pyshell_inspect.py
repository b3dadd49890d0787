"""pyshell's inspector: what the user's session holds, as the JSON messages of
src/core/inspect_model.h (shipped in the stdlib zip beside _pyshell_support).

Imported on the first inspection request, never at start-up, so a plain terminal pays
nothing. The C++ host (python::Session::inspect in src/python/python_host.cpp) parses the
requests and calls, holding the GIL:

    snapshot(home, history, error="") -> str   a "snapshot" message: the __main__ namespace
                                               (dunders left out), the files under `home`,
                                               the history the front end keeps
    children(ref) -> str                       a "children" message: one more level of a value
    preview(home, path) -> str                 a "preview" message: the start of a file
    delete(home, path) -> str                  "" or why a file/empty folder was not deleted
    resolve(home, path) -> (abspath, error)    a file inside `home` (downloads)

What it does to the session: nothing the program can see, but for running __repr__ and
__len__ of the user's objects (and __str__ of an exception one raises). Those run under a
deadline: a trace function (sys.settrace, with opcode events) that raises once time is up,
so a __repr__ stuck in a Python loop is cut off; the trace function the program had (a
debugger's) is put back afterwards, whatever happened. Output they print is swallowed;
input they read is at its end (never the terminal). Nothing else of the user's runs:
types, lengths, items and attributes are read through the builtin types' own methods
(list.__getitem__, dict.items, type.__dict__ ...), never the objects' overrides. `_`,
sys.last_*, sys.displayhook are untouched. A __repr__ blocked in C (time.sleep, a huge
computation) cannot be cut off this way; it only delays the panel.

Values:  {"name", "type", "repr", "length", "ref", "expanded", "children"}
    name: "x" (a variable), "[0]" (list/tuple/deque item), "['key']" (dict item),
          "#0" (the n-th item of a set), ".attr" (an object's __dict__, a module's or a
          class's non-dunder attributes), "…" (more items: its ref pages on).
    ref:  "r<N>" names a path from a variable (stable across snapshots: the same path
          keeps its ref); "r<N>@<offset>" asks for the items from <offset> on. A ref
          finds what is at its path *now*; "" when there is nothing to expand.
"""
import codecs
import errno
import io
import json
import os
import stat
import sys
import time

# ---- limits ---------------------------------------------------------------------------

MAX_STRING = 80          # characters of a str (bytes of a bytes) shown in a repr
MAX_OTHER = 100          # characters of any other object's own repr
MAX_REPR = 200           # characters of a whole repr
MAX_ITEMS = 8            # items shown in the repr of a list, tuple, set, deque
MAX_DICT_ITEMS = 6       # items shown in the repr of a dict
MAX_LEVEL = 3            # containers nested in a repr before "[...]"
REPR_SECONDS = 0.1       # one __repr__ / __len__
BUDGET_SECONDS = 0.5     # everything the user's code runs for one message
MAX_VARIABLES = 1000     # variables in a snapshot
SNAPSHOT_DEPTH = 2       # levels of children a snapshot includes (variables are level 0)
MAX_CHILDREN = 100       # children of one value in one message (the rest: a "…" row)
MAX_NODES = 2000         # values in one snapshot, variables and children together
MAX_FILES = 2000         # entries under the home folder in a snapshot
MAX_HISTORY = 1000       # newest history entries in a snapshot
PREVIEW_BYTES = 64 * 1024
MAX_REFS = 50000         # remembered paths; past it they are forgotten (old refs go stale)

_CUT = "\u2026"          # "…" marks what a limit cut off
_clock = time.monotonic

# ---- reading the builtin types without running the user's code -------------------------

_type_mro = type.__dict__["__mro__"].__get__
_type_dict = type.__dict__["__dict__"].__get__
_type_name = type.__dict__["__name__"].__get__
_ModuleType = type(sys)
_MappingProxy = type(type.__dict__)
_GetSet = type(type.__dict__["__dict__"])
_module_dict = _ModuleType.__dict__["__dict__"].__get__


def _lookup(t, name):
    """The attribute `name` as the type `t` defines or inherits it (no metaclass hooks)."""
    for k in _type_mro(t):
        d = _type_dict(k)
        if name in d:
            return d[name]
    return None


def _collections():
    """collections.deque etc. when the program has imported collections (never imported here)."""
    c = sys.modules.get("collections")
    if c is None:
        return None, None, None
    return getattr(c, "deque", None), getattr(c, "defaultdict", None), getattr(c, "OrderedDict", None)


class _Deadline(BaseException):
    """Raised inside a __repr__ by the trace function when its time is up."""


class _Budget:
    """The time the user's code may take for one message, and what ran out."""

    def __init__(self, seconds=BUDGET_SECONDS):
        self.end = _clock() + seconds
        self.truncated = False

    def left(self):
        return self.end - _clock()

    def call(self, fn, arg):
        """fn(arg) under a deadline: (True, result) or (False, the exception raised).
        KeyboardInterrupt goes through (the user asked to stop)."""
        deadline = _clock() + min(REPR_SECONDS, max(0.0, self.left()))

        def tracer(frame, event, _arg):
            # Opcode events too: `while True: pass` jumps to its own line, with no line events.
            if event == "call":
                frame.f_trace_opcodes = True
            if _clock() > deadline:
                raise _Deadline
            return tracer

        previous = sys.gettrace()
        sys.settrace(tracer)
        try:
            return True, fn(arg)
        except KeyboardInterrupt:
            raise
        except BaseException as e:  # _Deadline, or what the user's code raised
            if isinstance(e, _Deadline):
                self.truncated = True
            return False, e
        finally:
            sys.settrace(previous)


def _error_text(e, budget):
    if isinstance(e, _Deadline):
        return "<repr timed out>"
    name = _type_name(type(e))
    ok, text = budget.call(BaseException.__str__, e)
    if not ok or not isinstance(text, str):
        text = "?"
    if len(text) > MAX_OTHER:
        text = text[:MAX_OTHER] + _CUT
    return f"<repr failed: {name}: {text}>" if text else f"<repr failed: {name}>"


def _cut_quoted(r, shown, total):
    """A repr of the first `shown` of `total` characters: mark the cut inside the quotes."""
    if shown >= total:
        return r
    return r[:-1] + _CUT + r[-1:]


class _Repr:
    """Bounded reprs in the manner of reprlib, with cycles shown as Python shows them."""

    def __init__(self, budget):
        self.budget = budget
        self.active = set()
        deque, defaultdict, ordered = _collections()
        self.handlers = {
            _type_dict(str)["__repr__"]: self._str,
            _type_dict(bytes)["__repr__"]: self._bytes,
            _type_dict(bytearray)["__repr__"]: self._bytearray,
            _type_dict(list)["__repr__"]: self._list,
            _type_dict(tuple)["__repr__"]: self._tuple,
            _type_dict(dict)["__repr__"]: self._dict,
            _type_dict(set)["__repr__"]: self._set,
            _type_dict(frozenset)["__repr__"]: self._frozenset,
        }
        if deque is not None:
            self.handlers[_type_dict(deque)["__repr__"]] = self._deque
        if defaultdict is not None:
            self.handlers[_type_dict(defaultdict)["__repr__"]] = self._defaultdict
        if ordered is not None and "__repr__" in _type_dict(ordered):
            self.handlers[_type_dict(ordered)["__repr__"]] = self._ordered

    def __call__(self, obj, level=MAX_LEVEL):
        r = self.one(obj, level)
        return r if len(r) <= MAX_REPR else r[:MAX_REPR] + _CUT

    def one(self, obj, level):
        try:
            handler = self.handlers.get(_lookup(type(obj), "__repr__"))
        except TypeError:  # a class whose __repr__ is something unhashable
            handler = None
        if handler is None:
            return self._other(obj)
        if handler in (self._str, self._bytes, self._bytearray):
            return handler(obj, level)
        key = id(obj)
        if key in self.active:  # a container inside itself: as Python shows it
            return handler(obj, -1)
        self.active.add(key)
        try:
            return handler(obj, level)
        finally:
            self.active.discard(key)

    def _other(self, obj):
        if self.budget.left() <= 0:
            self.budget.truncated = True
            return _CUT
        ok, r = self.budget.call(repr, obj)
        if not ok:
            return _error_text(r, self.budget)
        return r if len(r) <= MAX_OTHER else r[:MAX_OTHER] + _CUT

    def _items(self, iterator, count, limit, level):
        parts = []
        for item in iterator:
            if len(parts) == limit:
                break
            parts.append(self.one(item, level - 1))
        if count > limit:
            parts.append(_CUT)
        return ", ".join(parts)

    def _str(self, obj, level):
        n = str.__len__(obj)
        return _cut_quoted(str.__repr__(str.__getitem__(obj, slice(0, MAX_STRING))), MAX_STRING, n)

    def _bytes(self, obj, level):
        n = bytes.__len__(obj)
        return _cut_quoted(bytes.__repr__(bytes.__getitem__(obj, slice(0, MAX_STRING))), MAX_STRING, n)

    def _bytearray(self, obj, level):
        n = bytearray.__len__(obj)
        r = bytes.__repr__(bytes(bytearray.__getitem__(obj, slice(0, MAX_STRING))))
        return f"{_type_name(type(obj))}({_cut_quoted(r, MAX_STRING, n)})"

    def _list(self, obj, level):
        if level < 0:
            return "[...]"
        n = list.__len__(obj)
        if n == 0:
            return "[]"
        if level == 0:
            return "[" + _CUT + "]"
        return "[" + self._items(iter(list.__getitem__(obj, slice(0, MAX_ITEMS))), n, MAX_ITEMS, level) + "]"

    def _tuple(self, obj, level):
        if level < 0:
            return "(...)"
        n = tuple.__len__(obj)
        if n == 0:
            return "()"
        if level == 0:
            return "(" + _CUT + ")"
        inner = self._items(iter(tuple.__getitem__(obj, slice(0, MAX_ITEMS))), n, MAX_ITEMS, level)
        return "(" + inner + ("," if n == 1 else "") + ")"

    def _dict_body(self, obj, level):
        n = dict.__len__(obj)
        if n == 0:
            return "{}"
        if level <= 0:
            return "{...}" if level < 0 else "{" + _CUT + "}"
        parts = []
        for k, v in dict.items(obj):
            if len(parts) == MAX_DICT_ITEMS:
                break
            parts.append(self.one(k, level - 1) + ": " + self.one(v, level - 1))
        if n > MAX_DICT_ITEMS:
            parts.append(_CUT)
        return "{" + ", ".join(parts) + "}"

    def _dict(self, obj, level):
        return self._dict_body(obj, level)

    def _set_body(self, obj, level, iterate, length):
        n = length(obj)
        if level < 0:
            return "{...}"
        if level == 0:
            return "{" + _CUT + "}"
        return "{" + self._items(iterate(obj), n, MAX_ITEMS, level) + "}"

    def _set(self, obj, level):
        if set.__len__(obj) == 0:
            return _type_name(type(obj)) + "()"
        body = self._set_body(obj, level, set.__iter__, set.__len__)
        return body if type(obj) is set else f"{_type_name(type(obj))}({body})"

    def _frozenset(self, obj, level):
        name = _type_name(type(obj))
        if frozenset.__len__(obj) == 0:
            return name + "()"
        return f"{name}({self._set_body(obj, level, frozenset.__iter__, frozenset.__len__)})"

    def _deque(self, obj, level):
        deque = _collections()[0]
        name = _type_name(type(obj))
        n = deque.__len__(obj)
        if level < 0:
            body = "[...]"
        elif n and level == 0:
            body = "[" + _CUT + "]"
        else:
            body = "[" + self._items(deque.__iter__(obj), n, MAX_ITEMS, level) + "]"
        maxlen = deque.maxlen.__get__(obj)
        return f"{name}({body})" if maxlen is None else f"{name}({body}, maxlen={maxlen})"

    def _defaultdict(self, obj, level):
        defaultdict = _collections()[1]
        factory = defaultdict.default_factory.__get__(obj)
        return f"{_type_name(type(obj))}({self.one(factory, level - 1)}, {self._dict_body(obj, level)})"

    def _ordered(self, obj, level):
        name = _type_name(type(obj))
        n = dict.__len__(obj)
        if n == 0:
            return name + "()"
        if level <= 0:
            return f"{name}([...])" if level < 0 else f"{name}([{_CUT}])"
        parts = []
        for k, v in dict.items(obj):
            if len(parts) == MAX_DICT_ITEMS:
                break
            parts.append("(" + self.one(k, level - 1) + ", " + self.one(v, level - 1) + ")")
        if n > MAX_DICT_ITEMS:
            parts.append(_CUT)
        return f"{name}([{', '.join(parts)}])"


# ---- children ----------------------------------------------------------------------

_SIMPLE_KEYS = (str, int, float, bool, bytes, type(None))


def _simple_key(k):
    t = type(k)
    if t in _SIMPLE_KEYS:
        return True
    return t is tuple and all(_simple_key(x) for x in k)


def _attr_dict(obj, t):
    """The attributes shown as an object's children (a dict or mappingproxy), and whether
    dunder names are left out (modules, classes); (None, False) for none."""
    if issubclass(t, type):
        return _type_dict(obj), True
    if issubclass(t, _ModuleType):
        d = _module_dict(obj)  # ModuleType's own descriptor, whatever a subclass defines
        return (d, True) if type(d) is dict else (None, False)
    d = _lookup(t, "__dict__")
    if type(d) is not _GetSet:  # no instance dict, or a user-made "__dict__"
        return None, False
    try:
        d = d.__get__(obj)
    except Exception:
        return None, False
    return (d, False) if type(d) is dict else (None, False)


def _is_dunder(name):
    return len(name) > 4 and name[:2] == "__" and name[-2:] == "__"


class _Kids:
    """How to list one value's children: kind and count, without the user's code."""

    def __init__(self, obj):
        t = type(obj)
        deque = _collections()[0]
        self.kind = None
        self.count = 0
        self.auto = True  # a snapshot expands it on its own (not modules and classes)
        if issubclass(t, (list, tuple)):
            self.kind = "seq"
            self.count = (list.__len__ if issubclass(t, list) else tuple.__len__)(obj)
        elif issubclass(t, dict):
            self.kind = "dict"
            self.count = dict.__len__(obj)
        elif issubclass(t, (set, frozenset)):
            self.kind = "set"
            self.count = (set.__len__ if issubclass(t, set) else frozenset.__len__)(obj)
        elif deque is not None and issubclass(t, deque):
            self.kind = "deque"
            self.count = deque.__len__(obj)
        else:
            attrs, skip_dunders = _attr_dict(obj, t)
            if attrs is not None:
                self.kind = "attrs"
                self.attrs = [(k, v) for k, v in attrs.items()
                              if type(k) is str and not (skip_dunders and _is_dunder(k))]
                self.count = len(self.attrs)
                self.auto = not (issubclass(t, type) or issubclass(t, _ModuleType))

    def items(self, obj, offset, limit):
        """(name, value, path step) for children offset .. offset+limit."""
        end = min(self.count, offset + limit)
        if self.kind == "seq":
            get = list.__getitem__ if isinstance(obj, list) else tuple.__getitem__
            for i in range(offset, end):
                yield f"[{i}]", get(obj, i), ("i", i)
        elif self.kind == "dict":
            for p, (k, v) in enumerate(_slice(dict.items(obj), offset, end), offset):
                yield None, (k, v), ("k", k) if _simple_key(k) else ("p", p)
        elif self.kind == "set":
            iterate = set.__iter__ if isinstance(obj, set) else frozenset.__iter__
            for p, v in enumerate(_slice(iterate(obj), offset, end), offset):
                yield f"#{p}", v, ("p", p)
        elif self.kind == "deque":
            for p, v in enumerate(_slice(_collections()[0].__iter__(obj), offset, end), offset):
                yield f"[{p}]", v, ("p", p)
        elif self.kind == "attrs":
            for k, v in self.attrs[offset:end]:
                yield "." + k, v, ("a", k)


def _slice(iterable, start, stop):
    for i, x in enumerate(iterable):
        if i >= stop:
            return
        if i >= start:
            yield x


def _step(obj, step):
    """The child of `obj` at one path step; raises LookupError when it is not there."""
    kind, arg = step
    t = type(obj)
    if kind == "i":
        if issubclass(t, list):
            return list.__getitem__(obj, arg)
        if issubclass(t, tuple):
            return tuple.__getitem__(obj, arg)
    elif kind == "k":
        if issubclass(t, dict):
            return dict.__getitem__(obj, arg)
    elif kind == "p":
        kids = _Kids(obj)
        if kids.kind in ("dict", "set", "deque") and 0 <= arg < kids.count:
            for _name, value, _s in kids.items(obj, arg, 1):
                return value[1] if kids.kind == "dict" else value
    elif kind == "a":
        attrs, _skip = _attr_dict(obj, t)
        if attrs is not None and arg in attrs:
            return attrs[arg]
    raise LookupError(step)


_refs = {}       # "r<N>" -> path (a tuple of steps from a variable)
_ref_of = {}     # path -> "r<N>"
_seq = 0


def _ref(path):
    r = _ref_of.get(path)
    if r is None:
        r = f"r{len(_refs) + 1}"
        _refs[r] = path
        _ref_of[path] = r
    return r


def _forget_refs_if_full():
    if len(_refs) > MAX_REFS:
        _refs.clear()
        _ref_of.clear()


class _Builder:
    """Makes the JSON-ready values of one message under one time budget."""

    def __init__(self, budget):
        self.budget = budget
        self.repr = _Repr(budget)
        self.nodes = 0

    def length(self, obj):
        t = type(obj)
        if t in (list, tuple, dict, set, frozenset, str, bytes, bytearray):
            return len(obj)
        if _lookup(t, "__len__") is None:
            return -1
        if self.budget.left() <= 0:
            self.budget.truncated = True
            return -1
        ok, n = self.budget.call(len, obj)
        return n if ok and type(n) is int else -1

    def value(self, name, obj, path):
        """(the value's dict, its _Kids or None)."""
        self.nodes += 1
        kids = _Kids(obj)
        has_kids = kids.kind is not None and kids.count > 0
        return {
            "name": name,
            "type": _type_name(type(obj)),
            "repr": self.repr(obj),
            "length": self.length(obj),
            "ref": _ref(path) if has_kids else "",
            "expanded": False,
            "children": [],
        }, (kids if has_kids else None)

    def children(self, obj, kids, path, offset, limit):
        """The children dicts from `offset`, at most `limit` of them plus a "…" row when
        more follow; and [(child dict, child object, child path, child _Kids)]."""
        out, expandable = [], []
        for name, child, step in kids.items(obj, offset, limit):
            if kids.kind == "dict":
                key, child = child
                name = "[" + self.repr(key, 1) + "]"
            cpath = path + (step,)
            v, ckids = self.value(name, child, cpath)
            out.append(v)
            if ckids is not None:
                expandable.append((v, child, cpath, ckids))
        shown = offset + len(out)
        if shown < kids.count:
            out.append({"name": _CUT, "type": "", "repr": f"{kids.count - shown} more", "length": -1,
                        "ref": f"{_ref(path)}@{shown}", "expanded": False, "children": []})
        return out, expandable


class _Quiet:
    """While the inspector runs: what a __repr__ prints is swallowed, and one that reads
    input (input(), sys.stdin) meets the end of input instead of waiting for the user."""

    def __enter__(self):
        self.saved = sys.stdin, sys.stdout, sys.stderr
        sys.stdin = io.StringIO()
        sys.stdout = sys.stderr = io.StringIO()

    def __exit__(self, *exc):
        sys.stdin, sys.stdout, sys.stderr = self.saved


def _dumps(message):
    # ASCII only: names with surrogate escapes cross as \udcXX (the C++ reader makes them U+FFFD).
    return json.dumps(message, ensure_ascii=True, separators=(",", ":"), allow_nan=False)


def _main_dict():
    main = sys.modules.get("__main__")
    d = getattr(main, "__dict__", None) if main is not None else None
    return d if isinstance(d, dict) else {}


def _variables(builder):
    names = sorted(k for k in _main_dict() if type(k) is str and not _is_dunder(k))
    if len(names) > MAX_VARIABLES:
        names = names[:MAX_VARIABLES]
        builder.budget.truncated = True
    main = _main_dict()
    variables, queue = [], []
    for name in names:
        if name not in main:  # a __repr__ deleted it meanwhile
            continue
        obj = main[name]
        path = (("v", name),)
        v, kids = builder.value(name, obj, path)
        variables.append(v)
        if kids is not None and kids.auto:
            queue.append((v, obj, path, kids, 1, (id(obj),)))
    # Breadth first, so every variable gets its first level before any gets a second.
    i = 0
    while i < len(queue):
        v, obj, path, kids, depth, ancestors = queue[i]
        i += 1
        room = MAX_NODES - builder.nodes
        if room <= 0:
            builder.budget.truncated = True
            break
        v["children"], expandable = builder.children(obj, kids, path, 0, min(MAX_CHILDREN, room))
        v["expanded"] = True
        if depth < SNAPSHOT_DEPTH:
            for cv, cobj, cpath, ckids in expandable:
                if ckids.auto and id(cobj) not in ancestors:
                    queue.append((cv, cobj, cpath, ckids, depth + 1, ancestors + (id(cobj),)))
    return variables


def _files(home):
    """Everything under `home`, depth first, sorted by name, parents before children."""
    out = []
    truncated = False

    def listing(rel):
        try:
            with os.scandir(os.path.join(home, rel) if rel else home) as it:
                return iter(sorted(it, key=lambda e: e.name))
        except OSError:
            return iter(())

    stack = [("", listing(""))]
    while stack:
        rel_dir, entries = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            continue
        if len(out) >= MAX_FILES:
            truncated = True
            break
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        rel = rel_dir + "/" + entry.name if rel_dir else entry.name
        is_dir = stat.S_ISDIR(st.st_mode)
        out.append({"path": rel, "size": 0 if is_dir else st.st_size,
                    "mtime": st.st_mtime, "is_dir": is_dir})
        if is_dir:
            stack.append((rel, listing(rel)))
    return out, truncated


def snapshot(home, history, error=""):
    """The "snapshot" message: variables, files, history (see the module's doc)."""
    global _seq
    _forget_refs_if_full()
    _seq += 1
    budget = _Budget()
    with _Quiet():
        variables = _variables(_Builder(budget))
    files, files_cut = _files(home) if home else ([], False)
    history = list(history)
    history_cut = len(history) > MAX_HISTORY
    if history_cut:
        history = history[-MAX_HISTORY:]
    message = {
        "kind": "snapshot", "seq": _seq, "home": home, "variables": variables,
        "files": files, "history": history,
        "truncated": budget.truncated or files_cut or history_cut,
    }
    if error:
        message["error"] = error
    return _dumps(message)


def children(ref):
    """The "children" message for `ref` ("r<N>" or "r<N>@<offset>")."""
    _forget_refs_if_full()
    base, _, offset_text = ref.partition("@")
    path = _refs.get(base)
    offset = int(offset_text) if offset_text.isdigit() else (0 if not offset_text else -1)
    message = {"kind": "children", "ref": ref, "children": [], "error": ""}
    if path is None or offset < 0:
        message["error"] = "unknown ref: take a new snapshot"
        return _dumps(message)
    main = _main_dict()
    try:
        obj = main[path[0][1]]
        for step in path[1:]:
            obj = _step(obj, step)
    except LookupError:
        message["error"] = "this value is no longer there"
        return _dumps(message)
    kids = _Kids(obj)
    if kids.kind is None or kids.count == 0:
        message["error"] = "this value has no children now"
        return _dumps(message)
    with _Quiet():
        builder = _Builder(_Budget())
        message["children"], _expandable = builder.children(obj, kids, path, offset, MAX_CHILDREN)
    return _dumps(message)


# ---- files ---------------------------------------------------------------------------

def _inside(home, path, follow):
    """(absolute path, "") for `path` (relative to home, or absolute) inside the home
    folder, or ("", why not). follow=False resolves only the parent folders (a symlink is
    itself, not what it points to)."""
    if not isinstance(path, str) or not path or "\0" in path:
        return "", "no file name given" if not path else "not a valid file name"
    root = os.path.realpath(home)
    full = os.path.normpath(os.path.join(root, path))
    if follow:
        real = os.path.realpath(full)
    else:
        parent, name = os.path.split(full)
        real = os.path.join(os.path.realpath(parent), name)
    if real == root:
        return "", "that is the home folder itself"
    if os.path.commonpath([root, real]) != root:
        return "", f"{path} is outside the home folder"
    return real, ""


def resolve(home, path):
    """(absolute path, "") of a file inside the home folder, or ("", why not)."""
    real, error = _inside(home, path, True)
    if error:
        return "", error
    if not os.path.isfile(real):
        return "", f"there is no file {path}"
    return real, ""


def delete(home, path):
    """Deletes a file or an empty folder inside the home folder: "" or why it was not."""
    real, error = _inside(home, path, False)
    if error:
        return "cannot delete: " + error
    try:
        is_dir = stat.S_ISDIR(os.lstat(real).st_mode)
        if is_dir:
            os.rmdir(real)
        else:
            os.unlink(real)
    except FileNotFoundError:
        return f"cannot delete {path}: there is no such file or folder"
    except OSError as e:
        if e.errno in (errno.ENOTEMPTY, errno.EEXIST):
            return f"cannot delete {path}: the folder is not empty"
        return f"cannot delete {path}: {e.strerror or e}"
    return ""


def _looks_binary(sample, text):
    if b"\0" in sample:
        return True
    if not text:
        return False
    odd = sum(1 for c in text if (c < " " and c not in "\t\n\r\f\v\b\x1b") or c == "\ufffd")
    return odd > len(text) * 0.3


def preview(home, path):
    """The "preview" message: the first PREVIEW_BYTES of a file, as text unless binary."""
    message = {"kind": "preview", "path": path, "text": "", "binary": False, "truncated": False, "error": ""}
    real, error = _inside(home, path, True)
    if not error and os.path.isdir(real):
        error = f"{path} is a folder"
    if error:
        message["error"] = error
        return _dumps(message)
    try:
        with open(real, "rb") as f:
            data = f.read(PREVIEW_BYTES + 1)
    except OSError as e:
        message["error"] = f"cannot read {path}: {e.strerror or e}"
        return _dumps(message)
    truncated = len(data) > PREVIEW_BYTES
    sample = data[:PREVIEW_BYTES]
    # An incremental decoder holds back a character cut in two at the end of the sample.
    text = codecs.getincrementaldecoder("utf-8")("replace").decode(sample, final=not truncated)
    message["truncated"] = truncated
    if _looks_binary(sample, text):
        message["binary"] = True
    else:
        message["text"] = text
    return _dumps(message)
