#!/usr/bin/python3.13
"""pyshell bench/lib/pty_prompt.py: time from process start to the first '>>> ' on a terminal.

    pty_prompt.py [--timeout S] [--prompt '>>> '] -- COMMAND [ARG ...]

Starts COMMAND on a new pseudo-terminal (80x24), as a person would in a terminal window,
and reads its output until PROMPT appears. The clock starts just before the fork and stops
when the bytes holding the prompt are read. Then the program is sent SIGTERM (SIGKILL
after 5 s). Prints one JSON line: {"ms": float, "output": str} or {"error": str, "output": str};
exit status 1 on error. Node has no pty, hence Python (Debian's python3.13).
"""
import fcntl, json, os, pty, select, signal, struct, sys, termios, time


def main(argv):
    timeout, prompt = 60.0, b">>> "
    while argv and argv[0] != "--":
        if argv[0] == "--timeout":
            timeout = float(argv[1])
            argv = argv[2:]
        elif argv[0] == "--prompt":
            prompt = argv[1].encode()
            argv = argv[2:]
        else:
            print(json.dumps({"error": f"unknown argument {argv[0]}", "output": ""}))
            return 1
    cmd = argv[1:]
    if not cmd:
        print(json.dumps({"error": "no command given", "output": ""}))
        return 1
    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execvp(cmd[0], cmd)
        finally:
            os._exit(127)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    out = bytearray()
    result = None
    deadline = t0 + timeout
    while result is None:
        left = deadline - time.perf_counter()
        if left <= 0:
            result = {"error": f"no {prompt.decode()!r} within {timeout} s"}
            break
        r, _, _ = select.select([fd], [], [], left)
        if not r:
            continue
        try:
            data = os.read(fd, 65536)
        except OSError:
            data = b""
        if not data:
            result = {"error": "the program ended before its prompt"}
            break
        out.extend(data)
        if prompt in out:
            result = {"ms": (time.perf_counter() - t0) * 1000.0}
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    end = time.monotonic() + 5
    while time.monotonic() < end:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        try:  # keep draining so the child never blocks on a full pty
            if select.select([fd], [], [], 0.05)[0]:
                os.read(fd, 65536)
        except OSError:
            pass
    else:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    os.close(fd)
    result["output"] = out.decode("utf-8", "replace")[-2000:]
    print(json.dumps(result))
    return 0 if "ms" in result else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
