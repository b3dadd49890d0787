#!/usr/bin/env python3
"""Build pyshell's stdlib: one zip of .pyc files, mounted at one path (/lib/python313.zip).

    make_stdlib_zip.py --lib DIR --out ZIP [--mount /lib/python313.zip]
                       [--modules-env FILE] [--extra FILE ...] [--start LIST] [--list]

--lib          a CPython 3.13 Lib/ folder (the wasm build's, or Debian's /usr/lib/python3.13)
--modules-env  the wasm build's modules.env (MODBUILT_NAMES, MODDISABLED_NAMES, ...): every
               pure-Python module that needs an extension module that was not built is left
               out, so nothing in the zip fails to import for that reason
--mount        the path the zip is mounted at; code objects carry it in co_filename, so
               tracebacks name stdlib files as /lib/python313.zip/json/decoder.py
--extra        further .py files to put at the top of the zip (e.g. _sysconfigdata_*.py)
--start        a list of module names (python-stdlib/start_modules.txt) the web build needs
               before its first prompt. Their entries come first in the zip, and two more
               files are written beside it, which web/pre.js puts back together:
                 NAME-start.data  a 20-byte header (b"PYSHSTD1", then little-endian u32
                                  start_end, dir_start, size), the zip's bytes up to
                                  start_end (the start modules) and from dir_start (its
                                  central directory) to the end
                 NAME-rest.data   the bytes in between: every other module, fetched on
                                  the first read that needs them
               A page downloads the start file only (about 5 % of the zip) before the prompt.

Must run under the same CPython minor version as the target (the .pyc magic number must
match): the build uses Debian's /usr/bin/python3.13, the same 3.13.x. The zip is
deterministic (sorted entries, fixed timestamps) and stored uncompressed: imports do not
inflate, and the web server sends it gzip/brotli-compressed, which compresses better.

Left out always: tests, IDLE, tkinter/turtle, turtledemo, ensurepip, lib2to3, site-packages,
__pycache__, the build's config folder. pydoc_data stays so that help('for') works.
"""
from __future__ import annotations

import argparse
import importlib.util
import shlex
import struct
import sys
import zipfile
from pathlib import Path, PurePosixPath

EXCLUDED_TOP = {
    "test", "idlelib", "tkinter", "turtle.py", "turtledemo", "ensurepip", "lib2to3",
    "site-packages", "dist-packages", "lib-dynload", "__pycache__", "__phello__",
    "venv",  # needs ensurepip and subprocess; nothing to install into in a browser tab
}
# Nested test folders of packages. "test" is unittest/test: 1.4 MB of .pyc (0.23 MB of the
# brotli download) that only unittest's own test suite imports.
EXCLUDED_PARTS = {"__pycache__", "tests", "test", "idle_test"}

# extension module -> the pure-Python modules (top-level names or relative paths) that
# cannot import without it.
NEEDS_EXTENSION = {
    "_ctypes": ["ctypes"],
    "_curses": ["curses"],
    "_curses_panel": ["curses/panel.py"],
    "_dbm": ["dbm/ndbm.py"],
    "_gdbm": ["dbm/gnu.py"],
    "_tkinter": ["tkinter", "turtle.py"],
    "_sqlite3": ["sqlite3"],
    "_lzma": ["lzma.py"],
    "_bz2": ["bz2.py"],
    "_ssl": ["ssl.py"],
    "_multiprocessing": ["multiprocessing"],
    "readline": [],
    "_uuid": [],  # uuid falls back to pure Python
}


def parse_modules_env(path: Path) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for line in path.read_text().splitlines():
        if "=" not in line:
            continue
        key, _, value = line.partition("=")
        out[key.strip()] = set(shlex.split(value)[0].split()) if value.strip() else set()
    return out


def excluded_by_missing_extensions(modules_env: Path | None) -> set[str]:
    if modules_env is None:
        return set()
    env = parse_modules_env(modules_env)
    built = env.get("MODBUILT_NAMES", set()) | env.get("MODSHARED_NAMES", set())
    out: set[str] = set()
    for ext, paths in NEEDS_EXTENSION.items():
        if ext not in built:
            out.update(paths)
    return out


def wanted(rel: PurePosixPath, extra_excluded: set[str]) -> bool:
    if rel.parts[0] in EXCLUDED_TOP or rel.parts[0].startswith("config-"):
        return False
    if any(p in EXCLUDED_PARTS for p in rel.parts[:-1]):
        return False
    s = str(rel)
    for ex in extra_excluded:
        if s == ex or s.startswith(ex.rstrip("/") + "/") or rel.parts[0] == ex:
            return False
    return rel.suffix == ".py"


START_MAGIC = b"PYSHSTD1"
START_PADDING = "_pyshell_start_padding.bin"  # not a module: never imported
START_PADDING_BYTES = 64 * 1024
ZIPIMPORT_TAIL = 0xFFFF + 22 + 20 + 56  # see write_split


def read_start_list(path: Path) -> list[str]:
    names = []
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.append(line)
    return names


def start_entries(names: list[str], sources: dict[str, Path]) -> list[str]:
    """The zip sources (relative .py paths) of the modules `names`, in the given order."""
    out: list[str] = []
    missing = []
    for name in names:
        base = name.replace(".", "/")
        for rel in (base + ".py", base + "/__init__.py"):
            if rel in sources:
                if rel not in out:
                    out.append(rel)
                break
        else:
            missing.append(name)
    if missing:
        sys.exit(f"make_stdlib_zip: --start names modules that are not in the zip: {', '.join(missing)}")
    return out


def write_split(zip_path: Path, start_end: int | None) -> tuple[Path, Path]:
    """Writes NAME-start.data and NAME-rest.data beside the zip (see --start)."""
    data = zip_path.read_bytes()
    eocd = data.rfind(b"PK\x05\x06")
    assert eocd >= 0 and "a zip ends with its end-of-central-directory record"
    dir_start = struct.unpack_from("<I", data, eocd + 16)[0]
    start_end = dir_start if start_end is None else start_end
    assert 0 < start_end <= dir_start <= len(data) and "start entries, then the rest, then the directory"
    # The start file's tail is the directory and at least what zipimport reads to find it:
    # CPython 3.13's zipimport reads the last ZIPIMPORT_TAIL bytes at once (the longest
    # comment, the end record and the ZIP64 locator and record) before it looks for the end
    # record, so those bytes must be there before the rest is.
    dir_start = max(start_end, min(dir_start, len(data) - ZIPIMPORT_TAIL))
    stem = zip_path.with_suffix("")
    start = stem.with_name(stem.name + "-start.data")
    rest = stem.with_name(stem.name + "-rest.data")
    header = START_MAGIC + struct.pack("<III", start_end, dir_start, len(data))
    for path, body in ((start, header + data[:start_end] + data[dir_start:]), (rest, data[start_end:dir_start])):
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(body)
        tmp.replace(path)
    return start, rest


def pyc_bytes(source: bytes, filename: str) -> bytes:
    code = compile(source, filename, "exec", dont_inherit=True, optimize=0)
    # An unchecked-hash pyc: valid without its source, never re-validated.
    from importlib._bootstrap_external import _code_to_hash_pyc  # type: ignore[attr-defined]
    return bytes(_code_to_hash_pyc(code, importlib.util.source_hash(source), checked=False))


def build(lib: Path, out: Path, mount: str, modules_env: Path | None, extras: list[Path],
          list_only: bool, start_list: Path | None = None) -> int:
    if not (lib / "os.py").is_file():
        sys.exit(f"make_stdlib_zip: {lib} is not a CPython Lib/ folder (no os.py)")
    # The .pyc magic number is the compiling interpreter's: it must be the Lib/'s own version
    # (the folder is named pythonX.Y, both in an installed CPython and in the wasm build).
    running = f"python{sys.version_info[0]}.{sys.version_info[1]}"
    if lib.name.startswith("python3.") and lib.name != running:
        sys.exit(f"make_stdlib_zip: {lib} is {lib.name}'s Lib/, but this is {running} ({sys.executable}): "
                 "its .pyc files would not load")
    extra_excluded = excluded_by_missing_extensions(modules_env)
    sources: dict[str, Path] = {}
    for path in sorted(lib.rglob("*.py")):
        rel = PurePosixPath(path.relative_to(lib).as_posix())
        if wanted(rel, extra_excluded):
            sources[str(rel)] = path
    for path in extras:
        sources[path.name] = path
    if list_only:
        print("\n".join(sorted(sources)))
        return 0
    first = start_entries(read_start_list(start_list), sources) if start_list else []
    order = first + sorted(set(sources) - set(first))
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".tmp")
    failed = []
    start_end = 0
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as zf:
        for i, rel in enumerate(order):
            if i == len(first):
                # Python reads the zip through a buffer (4-8 KiB): reading the last start
                # module reads a little past it. The padding is what it reads there, so
                # that only a read of another module needs the rest.
                pad = zipfile.ZipInfo(START_PADDING, date_time=(1980, 1, 1, 0, 0, 0))
                pad.external_attr = 0o644 << 16
                zf.writestr(pad, bytes(START_PADDING_BYTES))
                start_end = zf.fp.tell()  # where the first entry after the start modules begins
            src = sources[rel].read_bytes()
            try:
                data = pyc_bytes(src, f"{mount}/{rel}")
            except SyntaxError as e:  # e.g. lib2to3 test data; report, keep going
                failed.append(f"{rel}: {e}")
                continue
            info = zipfile.ZipInfo(rel[:-3] + ".pyc", date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    tmp.replace(out)
    if start_list:
        start, rest = write_split(out, start_end or None)  # None: every module is a start module
        print(f"make_stdlib_zip: {start.name} ({len(first)} start modules, {start.stat().st_size / 1e6:.2f} MB), "
              f"{rest.name} ({rest.stat().st_size / 1e6:.2f} MB)")
    for f in failed:
        print(f"make_stdlib_zip: skipped (does not compile): {f}", file=sys.stderr)
    print(f"make_stdlib_zip: {out} ({len(sources) - len(failed)} modules, "
          f"{out.stat().st_size / 1e6:.1f} MB; left out for missing extensions: "
          f"{', '.join(sorted(extra_excluded)) or 'nothing'})")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lib", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--mount", default="/lib/python313.zip")
    ap.add_argument("--modules-env", type=Path)
    ap.add_argument("--extra", type=Path, action="append", default=[])
    ap.add_argument("--start", type=Path, help="modules needed before the first prompt (see above)")
    ap.add_argument("--list", action="store_true", help="print the modules that would go in")
    a = ap.parse_args(argv)
    return build(a.lib, a.out, a.mount.rstrip("/"), a.modules_env, a.extra, a.list, a.start)


if __name__ == "__main__":
    sys.exit(main())
