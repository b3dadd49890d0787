# Deep recursion through C code, each way a student's program commonly gets there, pasted
# into the shell by tests/page/recursion.test.mjs (Chromium) and
# tests/headless/recursion.test.mjs (Node). Each must end in RecursionError (MemoryError for
# the parser) and leave the shell working, at CPython's default recursion limit and after
# sys.setrecursionlimit(10**6), where pure-Python recursion must still go deep.
import sys

def outcome(case):
    try:
        case()
        return "ok"
    except (RecursionError, MemoryError) as error:
        return type(error).__name__

class Init:
    def __init__(self, n):
        self.child = Init(n - 1) if n else None

class Attr:
    def __getattr__(self, name):
        return getattr(self, name + "x")

class Str:
    def __str__(self):
        return str(self)

class Eq:
    def __eq__(self, other):
        return Eq() == other

def by_map(n):
    return n and 1 + sum(map(by_map, [n - 1]))

def by_sorted(n):
    return n and sorted([n], key=lambda x: by_sorted(x - 1))[0]

def pure(n):
    return n and pure(n - 1)

def nested_list_repr():
    a = []
    for _ in range(10**5):
        a = [a]
    return repr(a)

CASES = {
    "init": lambda: Init(10**6),
    "getattr": lambda: Attr().a,
    "str": lambda: str(Str()),
    "eq": lambda: Eq() == 1,
    "map": lambda: by_map(10**6),
    "sorted": lambda: by_sorted(10**6),
    "repr": nested_list_repr,
    "parse": lambda: eval("-" * 100000 + "1"),
}

def run_cases(label):
    for name, case in CASES.items():
        print(f"{label}: {name} {outcome(case)}")
    print(f"{label}: done")
