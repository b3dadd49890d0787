"""pyshell bench/programs/_runner.py: runs speed-suite programs and prints one JSON line each.

    python3.13 _runner.py [--scale F] [--warmup SECONDS] NAME [NAME ...]

Each program is a module here with `run(scale)` returning a small checksum (the same for
every contestant, so a wrong answer cannot pass for a fast one) and `SCALE`, the work per
scale unit. For each NAME: warm-up calls at 1/10 of the scale (imports, caches,
specialisation) for --warmup seconds (default WARMUP_SECONDS; at least one call), then one
timed call (each call in an interpreter loop of its own, see main()), timed with
time.perf_counter() around run() only, so interpreter start-up is not counted.
Output: {"name", "seconds", "check", "scale"}.
Runs unchanged on Debian's python3.13, on pyshell (pyshell-node) and on Pyodide.
"""
import importlib
import json
import sys
import time

sys.dont_write_bytecode = True  # never leave __pycache__ in bench/programs


TIMED_CALL = compile("check = run(scale)", "<timed call>", "exec")
WARMUP_CALL = compile("run(scale * 0.1)", "<warm-up call>", "exec")
WARMUP_SECONDS = 2.0


def main(argv):
    scale = 1.0
    warmup = WARMUP_SECONDS
    names = []
    i = 0
    while i < len(argv):
        if argv[i] == "--scale":
            scale = float(argv[i + 1])
            i += 2
        elif argv[i] == "--warmup":
            warmup = float(argv[i + 1])
            i += 2
        else:
            names.append(argv[i])
            i += 1
    if not names:
        print("usage: _runner.py [--scale F] [--warmup SECONDS] NAME [NAME ...]", file=sys.stderr)
        return 2
    for name in names:
        mod = importlib.import_module(name)
        # Each call runs in an interpreter loop of its own (exec: a call from C), not inside
        # this frame's loop: in WebAssembly under V8 a function keeps the machine code it was
        # entered with (there is no on-stack replacement), and this frame was entered before
        # V8 had optimised CPython's eval loop, so every Python-to-Python call made from it
        # would run at V8's baseline tier, at a third to a half of the speed (README,
        # Benchmarks). A statement typed at a REPL is such a fresh loop too. The warm-up
        # (imports, caches, specialisation) lasts `warmup` seconds, so that V8's optimised
        # eval loop is ready before the timed call starts. Natively this costs nothing.
        namespace = {"run": mod.run, "scale": scale}
        warm_until = time.perf_counter() + warmup
        while True:
            exec(WARMUP_CALL, namespace)
            if time.perf_counter() >= warm_until:
                break
        t0 = time.perf_counter()
        exec(TIMED_CALL, namespace)
        seconds = time.perf_counter() - t0
        check = namespace["check"]
        print(json.dumps({"name": name, "seconds": seconds, "check": check, "scale": scale}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
