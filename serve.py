#!/usr/bin/env python3
"""Serve pyshell's web build so the page is cross-origin isolated.

    serve.py [--root DIR] [--host 127.0.0.1] [--port 8000] [--open]
             [--no-isolation-headers] [--quiet]

* Root defaults to build/web beside this script, host to loopback only, and
  --port 0 picks a free port. On start prints exactly one line
  "pyshell: serving ROOT at http://HOST:PORT/"; --open also opens a browser.
* Every response, errors included, carries Cross-Origin-Opener-Policy:
  same-origin, Cross-Origin-Embedder-Policy: require-corp and
  Cross-Origin-Resource-Policy: same-origin (SharedArrayBuffer needs them;
  --no-isolation-headers drops these three), plus X-Content-Type-Options:
  nosniff and Cache-Control: no-cache (ETag revalidation, so a rebuilt
  artifact is picked up at once).
* MIME types come from a built-in table (.wasm is application/wasm, ...),
  not from the host's mimetypes database.
* NAME.br / NAME.gz beside NAME are sent, with Content-Encoding and NAME's
  type, only when the request's Accept-Encoding allows br / gzip.
* GET and HEAD only (others get 405). No directory listings. A path that
  resolves outside the root (.., %2e%2e, encoded slashes, backslashes,
  symlinks leading out) gets 403/404, never the file.
* Exit status 2 if the root is missing or the address can't be bound;
  Ctrl-C exits quietly. One short access-log line per request on stderr
  unless --quiet.
Note: crossOriginIsolated also needs a secure context -- browse via
localhost/127.0.0.1 (or HTTPS); a plain-http LAN address won't do.
"""
import argparse, http.server, mimetypes, os, signal, socket, socketserver, sys, threading
import urllib.parse, webbrowser
from http import HTTPStatus
from pathlib import Path

DEFAULT_ROOT = Path(__file__).resolve().parent / "build" / "web"
ISOLATION = [("Cross-Origin-Opener-Policy", "same-origin"),
             ("Cross-Origin-Embedder-Policy", "require-corp"),
             ("Cross-Origin-Resource-Policy", "same-origin")]
ALWAYS = [("X-Content-Type-Options", "nosniff"), ("Cache-Control", "no-cache")]
UTF8 = "; charset=utf-8"
MIME = {
    ".html": "text/html" + UTF8, ".htm": "text/html" + UTF8,
    ".js": "text/javascript" + UTF8, ".mjs": "text/javascript" + UTF8,
    ".css": "text/css" + UTF8, ".txt": "text/plain" + UTF8, ".py": "text/plain" + UTF8,
    ".json": "application/json", ".map": "application/json",
    ".webmanifest": "application/manifest+json",
    ".wasm": "application/wasm", ".zip": "application/zip", ".gz": "application/gzip",
    ".data": "application/octet-stream", ".svg": "image/svg+xml", ".png": "image/png",
    ".ico": "image/x-icon", ".woff2": "font/woff2", ".woff": "font/woff",
}
PRECOMPRESSED = [("br", ".br"), ("gzip", ".gz")]  # in order of preference


def accepts(header, coding):
    """Does an Accept-Encoding value allow `coding` (q > 0, or via '*')?"""
    star = False
    for item in (header or "").split(","):
        name, *params = [s.strip() for s in item.split(";")]
        q = 1.0
        for key, _, value in (p.partition("=") for p in params):
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if name.lower() == coding:
            return q > 0
        star = star or (name == "*" and q > 0)
    return star


class Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 60          # drop idle keep-alive connections
    isolation = True      # class attributes, overridden per run in main()
    quiet = False
    not_allowed = False

    def version_string(self):
        return "pyshell-serve"

    def parse_request(self):
        if not super().parse_request():
            return False
        if self.command in ("GET", "HEAD"):
            return True
        self.not_allowed = True
        self.send_error(HTTPStatus.METHOD_NOT_ALLOWED)
        return False

    def end_headers(self):
        for key, value in (ISOLATION if self.isolation else []) + ALWAYS:
            self.send_header(key, value)
        if self.not_allowed:
            self.send_header("Allow", "GET, HEAD")
        super().end_headers()

    def guess_type(self, path):
        known = MIME.get(os.path.splitext(path)[1].lower())
        ctype, encoding = mimetypes.guess_type(path, strict=False)
        return known or (ctype if ctype and not encoding else "application/octet-stream")

    def inside(self, path):
        """`path` with symlinks resolved if it stays inside the root, else None."""
        root = Path(self.directory)
        try:
            real = path.resolve()
        except (OSError, RuntimeError, ValueError):  # e.g. a symlink loop
            return None
        return real if real == root or root in real.parents else None

    def send_head(self):
        raw, _, query = self.path.split("#", 1)[0].partition("?")
        parts = [p for p in urllib.parse.unquote(raw).split("/") if p not in ("", ".")]
        if not raw.startswith("/") or any(p == ".." or "\\" in p or "\0" in p for p in parts):
            self.send_error(HTTPStatus.FORBIDDEN)
            return None
        wanted = Path(self.directory).joinpath(*parts)
        path = self.inside(wanted)
        if path and path.is_dir():
            wanted = wanted / "index.html"  # no listings: 404 below if it is missing
            path = self.inside(wanted)
            if path and path.is_file() and not raw.endswith("/"):
                location = "/" + "".join(urllib.parse.quote(p) + "/" for p in parts)
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", location + ("?" + query if query else ""))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
        elif raw.endswith("/"):
            path = None  # "/file.js/" is not a file
        if not path or not path.is_file():
            self.send_error(HTTPStatus.NOT_FOUND)
            return None
        ctype, encoding, vary = self.guess_type(wanted.name), None, False  # the name asked for
        for coding, suffix in PRECOMPRESSED:
            alt = self.inside(wanted.with_name(wanted.name + suffix))
            if alt and alt.is_file():
                vary = True
                if not encoding and accepts(self.headers.get("Accept-Encoding"), coding):
                    encoding, path = coding, alt
        try:
            f = open(path, "rb")
        except OSError:
            self.send_error(HTTPStatus.NOT_FOUND)
            return None
        st = os.fstat(f.fileno())
        etag = '"%x-%x%s"' % (st.st_mtime_ns, st.st_size, "-" + encoding if encoding else "")
        tags = [t.strip().removeprefix("W/") for t in self.headers.get("If-None-Match", "").split(",")]
        fresh = etag in tags or "*" in tags  # (If-Modified-Since alone just gets a 200)
        self.send_response(HTTPStatus.NOT_MODIFIED if fresh else HTTPStatus.OK)
        if not fresh:
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(st.st_size))
        if encoding:
            self.send_header("Content-Encoding", encoding)
        if vary:
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", self.date_time_string(st.st_mtime))
        self.end_headers()
        if fresh:
            f.close()
            return None
        return f

    def copyfile(self, source, outputfile):
        try:
            super().copyfile(source, outputfile)
        except ConnectionError:  # the browser went away mid-download
            self.close_connection = True

    def log_request(self, code="-", size="-"):
        if not self.quiet:
            line = "".join(c if c.isprintable() else "?" for c in self.requestline)
            sys.stderr.write("%s %s\n" % (getattr(code, "value", code), line))

    def log_error(self, *args):
        pass  # the status already appears in the log_request line


def die(message):
    print(f"pyshell: {message}", file=sys.stderr)
    sys.exit(2)


def main(argv=None):
    ap = argparse.ArgumentParser(description="Serve pyshell's web build, cross-origin isolated.")
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="folder to serve (default: %(default)s)")
    ap.add_argument("--host", default="127.0.0.1", help="address to bind (default: %(default)s, loopback only)")
    ap.add_argument("--port", type=int, default=8000, help="port; 0 picks a free one (default: %(default)s)")
    ap.add_argument("--open", action="store_true", help="open the page in a web browser")
    ap.add_argument("--no-isolation-headers", action="store_true", help="omit the three Cross-Origin-* headers")
    ap.add_argument("--quiet", action="store_true", help="no access log")
    args = ap.parse_args(argv)
    root = args.root.resolve()
    if not root.is_dir():
        die(f"root folder {root} does not exist (build the web target first, or pass --root DIR)")
    if not 0 <= args.port <= 65535:
        die(f"port {args.port} is out of range 0-65535")

    class Server(http.server.ThreadingHTTPServer):
        address_family = socket.AF_INET6 if ":" in args.host else socket.AF_INET

        def server_bind(self):  # skip HTTPServer's reverse-DNS lookup of the host
            socketserver.TCPServer.server_bind(self)
            self.server_name, self.server_port = self.server_address[:2]

    handler = type("RunHandler", (Handler,), {"isolation": not args.no_isolation_headers,
                                              "quiet": args.quiet})
    try:
        httpd = Server((args.host, args.port), lambda *a: handler(*a, directory=str(root)))
    except OSError as e:
        die(f"cannot listen on {args.host}:{args.port}: {e.strerror or e}")
    host = f"[{args.host}]" if ":" in args.host else args.host
    url = f"http://{host}:{httpd.server_address[1]}/"
    print(f"pyshell: serving {root} at {url}", flush=True)
    if args.open:
        local = url.replace("//0.0.0.0:", "//127.0.0.1:").replace("//[::]:", "//[::1]:")
        threading.Thread(target=webbrowser.open, args=(local,), daemon=True).start()
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # SIGTERM: exit like Ctrl-C
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(0)
