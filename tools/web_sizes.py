#!/usr/bin/env python3
"""Print the sizes of what a page downloads from the web folder: raw and gzip -9.

    web_sizes.py WEB_DIR
"""
import gzip
import sys
from pathlib import Path


def main() -> int:
    web = Path(sys.argv[1])
    files = sorted(p for p in web.iterdir()
                   if p.is_file() and p.suffix in {".wasm", ".js", ".zip", ".data", ".html"})
    rows, total_raw, total_gz = [], 0, 0
    for p in files:
        raw = p.read_bytes()
        gz = len(gzip.compress(raw, compresslevel=9, mtime=0))
        rows.append((p.name, len(raw), gz))
        total_raw += len(raw)
        total_gz += gz
    width = max([len(r[0]) for r in rows] + [5])
    print(f"pyshell web artifact sizes ({web}):")
    print(f"  {'file':<{width}}  {'raw':>10}  {'gzip -9':>10}")
    for name, raw, gz in rows + [("total", total_raw, total_gz)]:
        print(f"  {name:<{width}}  {raw / 1e6:>8.2f}MB  {gz / 1e6:>8.2f}MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
