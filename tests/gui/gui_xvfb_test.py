#!/usr/bin/python3.13
"""pyshell-gui under Xvfb, driven with real X key events (xdotool).

Starts a virtual X server, starts pyshell-gui on it (with --dump-screen, which writes the
console's text and the Variables panel's rows whenever they change), types commands,
checks the console shows their results and the panel the new variables, interrupts a
running loop with Ctrl-C, takes a screenshot (kept as a test output), then closes the
window while code runs, as a window manager's close button does, and expects a clean exit.

    gui_xvfb_test.py PYSHELL_GUI X11_CLOSE OUTPUT_DIR

Exit status 77 (ctest's SKIP_RETURN_CODE) only when no X server can be started.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

SKIP = 77


def fail(message, dump=None):
    print("FAIL:", message)
    if dump is not None:
        print("---- console dump ----")
        print(dump)
    sys.exit(1)


def start_xvfb():
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        print("SKIP: Xvfb is not installed (Debian package xvfb)")
        sys.exit(SKIP)
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        [xvfb, "-displayfd", str(write_fd), "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset"],
        pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    number = b""
    deadline = time.time() + 20
    while time.time() < deadline and not number.endswith(b"\n"):
        chunk = os.read(read_fd, 16)
        if not chunk:
            break
        number += chunk
    os.close(read_fd)
    if not number.strip():
        proc.kill()
        print("SKIP: Xvfb did not start")
        sys.exit(SKIP)
    return proc, ":" + number.decode().strip()


def main():
    gui, x11_close, out_dir = sys.argv[1:4]
    os.makedirs(out_dir, exist_ok=True)
    for tool in ("xdotool", "import"):
        if shutil.which(tool) is None:
            fail(f"{tool} is missing (tools/install-deps.sh installs xdotool and imagemagick)")
    xvfb, display = start_xvfb()
    home = tempfile.mkdtemp(prefix="pyshell-gui-test-")
    scratch = tempfile.mkdtemp(prefix="pyshell-gui-dump-")
    dump_path = os.path.join(scratch, "screen.txt")
    env = dict(os.environ, DISPLAY=display, HOME=home)
    env.pop("WAYLAND_DISPLAY", None)
    log = open(os.path.join(out_dir, "pyshell-gui.log"), "w")
    def start_gui():
        if os.path.exists(dump_path):
            os.remove(dump_path)
        return subprocess.Popen([gui, "--home", home, "--dump-screen", dump_path], env=env,
                                stdout=log, stderr=subprocess.STDOUT)

    proc = start_gui()

    def dump():
        try:
            with open(dump_path, encoding="utf-8") as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def wait_for(predicate, what, timeout=60):
        nonlocal proc
        deadline = time.time() + timeout
        while time.time() < deadline:
            if proc.poll() is not None:
                fail(f"pyshell-gui exited ({proc.returncode}) while waiting for {what}", dump())
            text = dump()
            if predicate(text):
                return text
            time.sleep(0.1)
        fail(f"timed out waiting for {what}", dump())

    def console(text):
        return text.split("\n--- variables ---\n")[0]

    def prompt_line(text):
        return console(text).rstrip("\n").split("\n")[-1]

    def item(text, panel, kind, ident):
        """The rectangle (x, y, w, h) where the panels drew an item, or None."""
        section = text.split("--- items ---\n", 1)[-1]
        for line in section.split("\n"):
            parts = line.split("\t")
            if len(parts) == 4 and parts[0] == panel and parts[1] == kind and parts[3] == ident:
                return [float(v) for v in parts[2].split()]
        return None

    def click(rect, dx=None):
        x = rect[0] + (dx if dx is not None else min(rect[2] / 2, 40))
        y = rect[1] + rect[3] / 2
        xdo("mousemove", "--sync", str(int(x)), str(int(y)))
        time.sleep(0.5)
        xdo("click", "1")

    def xdo(*args):
        subprocess.run(["xdotool", *args], env=env, check=True, timeout=60)

    try:
        wait_for(lambda t: console(t).rstrip().endswith(">>>"), "the first prompt")
        window = subprocess.run(["xdotool", "search", "--sync", "--name", "^pyshell$"], env=env,
                                capture_output=True, text=True, timeout=30).stdout.split()
        if not window:
            fail("no window named pyshell on the X server")
        window = window[0]
        xdo("windowfocus", "--sync", window)

        # Real key events: letters, symbols, Enter.
        xdo("type", "--delay", "15", "x = 6 * 7")
        xdo("key", "Return")
        xdo("type", "--delay", "15", "print(x, [i * i for i in range(4)])")
        xdo("key", "Return")
        wait_for(lambda t: "42 [0, 1, 4, 9]" in console(t), "the printed result")
        # Editing keys reach the line editor as terminal bytes: Home, then insert.
        xdo("type", "--delay", "15", "len(s)")
        xdo("key", "Home")
        xdo("type", "--delay", "15", "s = 'abc'; ")
        xdo("key", "Return")
        wait_for(lambda t: "\n3\n" in console(t), "len(s) after editing the line with Home")
        # The panel shows the variables after each command.
        text = wait_for(lambda t: "x : int = 42" in t and "s : str = 'abc'" in t, "x and s in the Variables panel")

        # Expanding a row with the mouse asks the interpreter for its children.
        xdo("type", "--delay", "15", "items = [10, [20, 30]]")
        xdo("key", "Return")
        text = wait_for(lambda t: item(t, "Variables", "row", "items") is not None, "the items row")
        click(item(text, "Variables", "row", "items"))
        wait_for(lambda t: "  [0] : int = 10" in t and "  [1] : list = [20, 30]" in t, "the children of items")
        # Clicking a history line puts it into the prompt, not run.
        text = dump()
        click(item(text, "History", "row", "x = 6 * 7"))
        wait_for(lambda t: prompt_line(t) == ">>> x = 6 * 7", "the history line in the prompt")
        xdo("windowfocus", "--sync", window)
        xdo("key", "ctrl+u")  # the console has the keyboard again: clear the line
        wait_for(lambda t: prompt_line(t) == ">>>", "the prompt cleared with Ctrl-U")

        # Ctrl-C interrupts running code; the window stays responsive meanwhile.
        xdo("type", "--delay", "15", "while True: pass")
        xdo("key", "Return", "Return")
        wait_for(lambda t: t.rstrip().endswith("--- busy ---"), "the loop to run")
        time.sleep(0.5)
        xdo("key", "ctrl+c")
        wait_for(lambda t: "KeyboardInterrupt" in console(t) and console(t).rstrip().endswith(">>>"),
                 "KeyboardInterrupt and a new prompt")

        # Dragging over console text selects it; Ctrl+Shift+C copies, Ctrl+V pastes it back.
        text = dump()
        lines = console(text).split("\n")
        row = lines.index("42 [0, 1, 4, 9]")
        ox, oy, cw, lh = item(text, "Console", "grid", "cells")
        y = int(oy + (row + 0.5) * lh)
        # Each step waits for a few frames to see it (an ASan build draws slowly).
        xdo("mousemove", "--sync", str(int(ox + 0.2 * cw)), str(y))
        time.sleep(0.5)
        xdo("mousedown", "1")
        time.sleep(0.5)
        xdo("mousemove", "--sync", str(int(ox + 2.2 * cw)), str(y))  # "42"
        time.sleep(0.5)
        xdo("mouseup", "1")
        time.sleep(0.5)
        xdo("key", "ctrl+shift+c")
        xdo("key", "ctrl+v")
        wait_for(lambda t: prompt_line(t) == ">>> 42", "the copied selection pasted into the prompt")
        xdo("key", "ctrl+u")
        wait_for(lambda t: prompt_line(t) == ">>>", "the prompt cleared again")

        # At a prompt, Ctrl-C cancels the line being edited.
        xdo("type", "--delay", "15", "never run")
        wait_for(lambda t: prompt_line(t) == ">>> never run", "the typed line")
        xdo("key", "ctrl+c")
        wait_for(lambda t: prompt_line(t) == ">>>" and "never run" in console(t), "a fresh prompt after Ctrl-C")
        if "NameError" in console(dump()):
            fail("Ctrl-C at the prompt ran the line", dump())

        shot = os.path.join(out_dir, "pyshell-gui.png")
        subprocess.run(["import", "-display", display, "-window", "root", shot], check=True, timeout=60)
        colours = int(subprocess.run(["identify", "-format", "%k", shot], capture_output=True, text=True,
                                     check=True, timeout=60).stdout.strip() or 0)
        if colours < 16:
            fail(f"the screenshot {shot} is blank ({colours} colours)")
        print(f"screenshot: {shot} ({colours} colours)")

        # Closing the window while code runs ends the program cleanly.
        xdo("type", "--delay", "15", "import time; time.sleep(120)")
        xdo("key", "Return")
        wait_for(lambda t: t.rstrip().endswith("--- busy ---"), "the sleep to run")
        subprocess.run([x11_close, window], env=env, check=True, timeout=30)
        try:
            status = proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            fail("pyshell-gui did not exit after its window was closed", dump())
        if status != 0:
            fail(f"pyshell-gui exited with status {status} after its window was closed", dump())

        # exit() ends the session: the window closes and the status is Python's.
        proc = start_gui()
        wait_for(lambda t: console(t).rstrip().endswith(">>>"), "the second session's prompt")
        window = subprocess.run(["xdotool", "search", "--sync", "--name", "^pyshell$"], env=env,
                                capture_output=True, text=True, timeout=30).stdout.split()[0]
        xdo("windowfocus", "--sync", window)
        xdo("type", "--delay", "15", "exit(3)")
        xdo("key", "Return")
        try:
            status = proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            fail("pyshell-gui did not exit after exit(3)", dump())
        if status != 3:
            fail(f"pyshell-gui exited with status {status} after exit(3)", dump())
        print("ok: typed, ran, interrupted, inspected, screenshot, closed while running, exit(3)")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        xvfb.terminate()
        xvfb.wait()
        log.close()
        shutil.rmtree(home, ignore_errors=True)
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
