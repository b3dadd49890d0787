#!/usr/bin/env python3
"""Finish the web folder: precompress what a page downloads, and print the sizes.

    web_dist.py WEB_DIR

For every .html .js .css .wasm .zip .data .svg .json .ttf file, writes NAME.gz (gzip -9) and
NAME.br (Debian's `brotli`, quality 10) beside it, unless they are already newer than
NAME; serve.py sends them to browsers that accept them. Every file of the folder is made
world-readable (and every folder world-searchable), so a web server running as another user
can publish it as it is. Then prints a table of raw, gzip and brotli sizes, the figures the
README quotes.
"""
import gzip
import os
import shutil
import subprocess
import sys
from pathlib import Path

SUFFIXES = {".html", ".js", ".css", ".wasm", ".zip", ".data", ".svg", ".json", ".ttf"}
SELF_CONTAINED = {"pyshell.html"}


def fresh(derived: Path, source: Path) -> bool:
    return derived.exists() and derived.stat().st_mtime >= source.stat().st_mtime


def precompress(path: Path, brotli: str | None) -> None:
    # Each file is written beside its final name and renamed, so a server never sends a
    # half-written copy while the build runs.
    gz = path.with_name(path.name + ".gz")
    if not fresh(gz, path):
        tmp = gz.with_name(gz.name + ".tmp")
        tmp.write_bytes(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))
        tmp.replace(gz)
    br = path.with_name(path.name + ".br")
    if brotli and not fresh(br, path):
        tmp = br.with_name(br.name + ".tmp")
        # Quality 10: within 2 % of --best (11) and about 3x faster on the wasm and the zip.
        # --no-copy-stat: brotli would give the copy NAME's mtime truncated to whole seconds,
        # older than NAME, so fresh() never held and every build compressed the zip again.
        subprocess.run([brotli, "--force", "--no-copy-stat", "--quality=10", f"--output={tmp}", str(path)], check=True)
        tmp.replace(br)


def publishable(web: Path) -> None:
    """Readable by everyone: brotli and tempfile-style writers leave 0600, which nginx or
    Apache running as www-data cannot read (the copy is then never sent)."""
    for p in [web, *web.rglob("*")]:
        mode = p.stat().st_mode
        want = mode | (0o555 if p.is_dir() else 0o444)
        if want != mode:
            os.chmod(p, want)


def main() -> int:
    web = Path(sys.argv[1])
    brotli = shutil.which("brotli")
    if not brotli:
        print("web_dist: `brotli` not found (Debian package brotli): writing .gz only", file=sys.stderr)
    # pyshell.html (tools/single_file.py) is for opening from disk, and already compressed inside.
    files = sorted(p for p in web.rglob("*") if p.is_file() and p.suffix in SUFFIXES and p.name not in SELF_CONTAINED)
    for p in files:
        precompress(p, brotli)
    publishable(web)
    rows = []
    for p in files:
        br = p.with_name(p.name + ".br")
        rows.append((str(p.relative_to(web)), p.stat().st_size,
                     p.with_name(p.name + ".gz").stat().st_size, br.stat().st_size if br.exists() else 0))
    width = max([len(r[0]) for r in rows] + [5])
    print(f"pyshell web folder {web}: what a page downloads")
    print(f"  {'file':<{width}}  {'raw':>9}  {'gzip -9':>9}  {'brotli':>9}")
    for name, raw, gz, br in rows:
        print(f"  {name:<{width}}  {raw / 1e6:>7.2f}MB  {gz / 1e6:>7.2f}MB  {br / 1e6:>7.2f}MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
