#!/usr/bin/python3
"""Runs a command on a pseudo-terminal and plays a script of steps into it (the CLI tests'
helper: Node has no pty). argv: JSON {"argv": [...], "cols": 80, "rows": 24, "steps": [...]}
steps: {"send": "text"} | {"wait": "text", "timeout": s} | {"resize": [cols, rows]} |
       {"sleep": s} | {"stty": true} (records `stty -g` of the terminal, from its side).
Prints JSON: {"output": str, "status": int|null, "stty": [...], "error": str}."""
import fcntl, json, os, pty, select, signal, struct, subprocess, sys, termios, time

spec = json.loads(sys.argv[1])
cols, rows = spec.get("cols", 80), spec.get("rows", 24)
pid, fd = pty.fork()
if pid == 0:
    os.execvp(spec["argv"][0], spec["argv"])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
out = bytearray()
result = {"stty": [], "error": ""}
status = None

def pump(timeout):
    global status
    r, _, _ = select.select([fd], [], [], timeout)
    if r:
        try:
            data = os.read(fd, 65536)
        except OSError:
            data = b""
        out.extend(data)
        return bool(data)
    return False

def attrs():
    a = termios.tcgetattr(fd)
    return {"icanon": bool(a[3] & termios.ICANON), "echo": bool(a[3] & termios.ECHO),
            "isig": bool(a[3] & termios.ISIG), "onlcr": bool(a[1] & termios.ONLCR)}

try:
    for step in spec["steps"]:
        if "send" in step:
            os.write(fd, step["send"].encode())
        elif "wait" in step:
            end = time.monotonic() + step.get("timeout", 15)
            while step["wait"].encode() not in out[step.get("from", 0):]:
                if time.monotonic() > end:
                    raise TimeoutError("waiting for %r" % step["wait"])
                pump(0.05)
        elif "resize" in step:
            c, r = step["resize"]
            fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", r, c, 0, 0))
            os.kill(pid, signal.SIGWINCH)
        elif "sleep" in step:
            end = time.monotonic() + step["sleep"]
            while time.monotonic() < end:
                pump(0.02)
        elif "mark" in step:
            result.setdefault("marks", []).append(len(out))
        elif "attrs" in step:
            result["stty"].append(attrs())
    end = time.monotonic() + spec.get("exit_timeout", 15)
    while time.monotonic() < end:
        p, st = os.waitpid(pid, os.WNOHANG)
        if p:
            status = os.waitstatus_to_exitcode(st)
            break
        pump(0.05)
    result["stty"].append(attrs())
    while pump(0.05):
        pass
except Exception as e:
    result["error"] = "%s: %s" % (type(e).__name__, e)
finally:
    if status is None:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except OSError:
            pass
result["output"] = out.decode("utf-8", "replace")
result["status"] = status
print(json.dumps(result))
