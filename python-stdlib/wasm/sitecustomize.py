"""pyshell (wasm build only): fixes for what Emscripten lacks, imported by `site` at start-up.

asyncio: the selector event loop wakes itself up through a "self-pipe" made with
socket.socketpair(), which Emscripten cannot make (its fallback needs listen(), refused
there as in any browser), so asyncio.run() failed. A pipe does the same job (the loop only
reads, writes and closes its two ends), and the selector can wait on it. The patch is applied
when asyncio.selector_events is first imported, so start-up pays nothing for it.
"""
import sys

_TARGET = "asyncio.selector_events"


class _PipeEnd:
    """One end of os.pipe() with the few socket methods the event loop's self-pipe uses."""

    def __init__(self, fd):
        self._fd = fd

    def fileno(self):
        return self._fd

    def setblocking(self, flag):
        import os
        os.set_blocking(self._fd, flag)

    def recv(self, n):
        import os
        return os.read(self._fd, n)

    def send(self, data):
        import os
        return os.write(self._fd, data)

    def close(self):
        import os
        if self._fd >= 0:
            fd, self._fd = self._fd, -1
            os.close(fd)


def _make_self_pipe(self):
    # asyncio.selector_events.BaseSelectorEventLoop._make_self_pipe, with a pipe.
    import os
    r, w = os.pipe()
    self._ssock, self._csock = _PipeEnd(r), _PipeEnd(w)
    self._ssock.setblocking(False)
    self._csock.setblocking(False)
    self._internal_fds += 1
    self._add_reader(self._ssock.fileno(), self._read_from_self)


class _PatchingLoader:
    """Runs the real loader, then patches the module; everything else is the real loader's."""

    def __init__(self, loader):
        self._loader = loader

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        module.BaseSelectorEventLoop._make_self_pipe = _make_self_pipe

    def __getattr__(self, name):
        return getattr(self._loader, name)


class _AsyncioFinder:
    """A sys.meta_path finder that only wraps asyncio.selector_events' loader."""

    @staticmethod
    def find_spec(fullname, path=None, target=None):
        if fullname != _TARGET:
            return None
        from importlib.machinery import PathFinder
        spec = PathFinder.find_spec(fullname, path, target)
        if spec is not None and spec.loader is not None:
            spec.loader = _PatchingLoader(spec.loader)
        return spec


if sys.platform == "emscripten":
    sys.meta_path.insert(0, _AsyncioFinder)
