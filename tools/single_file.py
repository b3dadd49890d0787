#!/usr/bin/env python3
"""Write the single-file build of the page: one HTML file that opens from disk.

    single_file.py WEB_DIR [OUT]        (OUT defaults to WEB_DIR/pyshell.html)

A page opened as a file:// URL cannot start a worker from another file, fetch the wasm or
download the stdlib, so everything the served page loads is put inside this one file:

  * index.html's markup, with its style sheets and scripts inlined (<style>, <script>);
  * window.pyshellInlineAssets = {name: {type, gzip: base64}} for every other file:
    the worker (worker.js with the libraries it loads, as self.pyshellInlineLibs),
    pyshell.js, pyshell.wasm, both stdlib parts, and the inspector (its module, wasm and
    font), gzipped: web/lib/assets.js inflates them in the page (DecompressionStream).

The page (web/main.js) then runs on the JSPI transport (a file is never cross-origin
isolated), and keeps files in the browser's storage for file:// pages.
"""
import base64
import gzip
import json
import re
import sys
from pathlib import Path

# What the worker loads with importScripts (web/worker.js), in its order, and the store's
# worker it starts (home_store_worker.js, from a Blob with home_store.js before it).
WORKER_LIBS = ["protocol.js", "ring.js", "batcher.js", "progress.js", "mailbox.js", "control.js",
               "channel_sab.js", "channel_jspi.js", "home_fs.js", "home_store.js", "home_store_worker.js",
               "worker_home.js", "worker_host.js", "worker_wasm.js", "fflate.js"]
# Files the page or the worker ask lib/assets.js for, and their types.
ASSETS = {
    "pyshell.js": "text/javascript",
    "pyshell.wasm": "application/wasm",
    "python313-start.data": "application/octet-stream",
    "python313-rest.data": "application/octet-stream",
    "inspector.js": "text/javascript",
    "inspector.wasm": "application/wasm",
    "inspector-font.ttf": "font/ttf",
}


def script_text(source: str) -> str:
    """JavaScript safe inside <script>…</script>: no "</script" or "<!--" in it."""
    return source.replace("</script", "<\\/script").replace("<!--", "<\\!--")


def packed(data: bytes, kind: str) -> dict:
    return {"type": kind, "gzip": base64.b64encode(gzip.compress(data, compresslevel=9, mtime=0)).decode("ascii")}


def main() -> int:
    web = Path(sys.argv[1])
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else web / "pyshell.html"
    html = (web / "index.html").read_text(encoding="utf-8")

    libs = {name: (web / "lib" / name).read_text(encoding="utf-8") for name in WORKER_LIBS}
    worker = "self.pyshellInlineLibs = " + json.dumps(libs) + ";\n" + (web / "worker.js").read_text(encoding="utf-8")
    assets = {"worker.js": packed(worker.encode("utf-8"), "text/javascript")}
    for name, kind in ASSETS.items():
        assets[name] = packed((web / name).read_bytes(), kind)

    def inline_css(m: re.Match) -> str:
        return "<style>\n" + (web / m.group(1)).read_text(encoding="utf-8") + "\n</style>"

    def inline_js(m: re.Match) -> str:
        return "<script>\n" + script_text((web / m.group(1)).read_text(encoding="utf-8")) + "\n</script>"

    html = re.sub(r'<link rel="stylesheet" href="([^"]+)">', inline_css, html)
    html = re.sub(r'<script src="([^"]+)"></script>', inline_js, html)
    # The assets first: lib/assets.js reads them when it loads.
    table = "<script>\nwindow.pyshellInlineAssets = " + json.dumps(assets) + ";\n</script>\n"
    html = html.replace("<script>\n", table + "<script>\n", 1)
    html = html.replace("<title>pyshell — Python 3.13</title>", "<title>pyshell — Python 3.13 (single file)</title>")
    if re.search(r'<script src="|<link rel="stylesheet" href="', html):
        print("single_file.py: index.html still refers to another file", file=sys.stderr)
        return 1
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(out)
    print(f"single_file.py: {out} ({out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
