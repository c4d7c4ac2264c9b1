#!/usr/bin/env python3
"""The pager (issue 17): at a terminal, a command's output taller than the
terminal goes through $PAGER, here a script that marks each line it shows
with PAGED: and then a line of its own.  Short output is not paged; 'set
pager off', PAGER=cat and stdout that is not a terminal turn it off; Ctrl-C
in the pager neither ends ipcsh nor interrupts a blocked process.  And
tables at the terminal fit its width."""
import atexit
import fcntl
import os
import re
import shutil
import stat
import struct
import sys
import tempfile
import termios

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptylib import CTRL_C, Ipcsh, ipcsh_path, run  # noqa: E402

# A long output: help lists every command, far more than 24 rows.
LONG = "help"


def script(name, text):
    """An executable shell script NAME in a directory of its own, removed at exit."""
    d = tempfile.mkdtemp(prefix="ipcsh-pager-")
    atexit.register(shutil.rmtree, d, True)
    path = os.path.join(d, name)
    with open(path, "w") as f:
        f.write("#!/bin/sh\n" + text)
    os.chmod(path, stat.S_IRWXU)
    return path


def marking_pager():
    """A pager that marks its input, then says it is done."""
    return script("pager.sh", "sed 's/^/PAGED:/'\necho PAGER-DONE\n")


def paged_and_not():
    with Ipcsh(env={"PAGER": marking_pager()}) as sh:
        sh.expect_prompt()
        out = sh.cmd(LONG)
        if "PAGER-DONE" not in out or not re.search(r"(?m)^PAGED:.*fork", out):
            sh.fail("help was not paged: %r" % out[-500:])
        out = sh.cmd("ps")
        if "PAGED:" in out or not re.search(r"(?m)^PROC\s+PID", out):
            sh.fail("ps (short) was paged: %r" % out)
        sh.cmd("set pager off")
        out = sh.cmd(LONG)
        if "PAGED:" in out or "PAGER-DONE" in out:
            sh.fail("'set pager off' did not stop the pager: %r" % out[-300:])
        sh.cmd("set pager on")
        out = sh.cmd(LONG)
        if "PAGER-DONE" not in out:
            sh.fail("'set pager on' did not bring the pager back")
        sh.close()


def pager_cat_or_empty():
    for value in ("cat", ""):
        with Ipcsh(env={"PAGER": value}) as sh:
            sh.expect_prompt()
            out = sh.cmd(LONG)
            if "PAGER-DONE" in out or not re.search(r"(?m)^  fork\s", out):
                sh.fail("help did not come out as is with PAGER=%r: %r" % (value, out[-300:]))
            sh.close()


def not_a_terminal():
    """stdout to a file, stdin the terminal: interactive, but nothing is paged."""
    d = tempfile.mkdtemp(prefix="ipcsh-pager-")
    atexit.register(shutil.rmtree, d, True)
    out_file = os.path.join(d, "out.txt")
    wrapper = script("ipcsh-to-file", 'exec "$REAL_IPCSH" "$@" >"$OUT_FILE"\n')
    real = ipcsh_path()
    os.environ["IPCSH"] = wrapper
    try:
        sh = Ipcsh(env={"PAGER": marking_pager(), "REAL_IPCSH": real, "OUT_FILE": out_file})
    finally:
        os.environ["IPCSH"] = real
    with sh:
        sh.line(LONG)
        sh.line("quit")
        if sh.wait_exit() != 0:
            sh.fail("ipcsh with stdout to a file did not exit 0")
        with open(out_file) as f:
            out = f.read()
        if "PAGED:" in out or "PAGER-DONE" in out or not re.search(r"(?m)^  fork\s", out):
            sh.fail("help with stdout to a file: %r" % out[-300:])
        sh.check_no_leftovers()


def ctrl_c_in_pager():
    """Ctrl-C reaches the pager only: p2 stays blocked, ipcsh goes on."""
    # A pager that waits until Ctrl-C ends it.  Its trap is set before it
    # says it waits: a Ctrl-C that comes while sh forks a sleep (which the
    # sleep then never sees) still ends it when that sleep is over.
    path = script("slow.sh", "cat >/dev/null\ntrap 'exit 130' INT\necho PAGER-WAITS\n"
                  "while :; do sleep 1; done\n")
    with Ipcsh(env={"PAGER": path}) as sh:
        sh.expect_prompt()
        sh.p1_ready()
        sh.cmd("pipe new")
        sh.fork()
        out = sh.cmd("@p2 pipe read")
        if "blocks" not in out:
            sh.fail("p2's read did not block: %r" % out)
        sh.line(LONG)
        sh.expect("PAGER-WAITS")
        sh.send(CTRL_C)
        sh.expect(r"p1> ")     # after the terminal's "^C", on that line
        out = sh.cmd("ps")
        if not re.search(r"(?m)^p2\s+\d+\s+\d+\s+blocked in read", out):
            sh.fail("p2 is not blocked in read after Ctrl-C in the pager: %r" % out)
        sh.close()


def tables_fit_the_terminal():
    """Not the pager, but its neighbour at the terminal: a table fits the
    terminal's width (made 50 columns) and long HOLDERS text wraps between
    words."""
    with Ipcsh(env={"PAGER": "cat"}) as sh:
        sh.expect_prompt()
        fcntl.ioctl(sh.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 50, 0, 0))
        sh.cmd("pipe new")
        for child in ("p2", "p3", "p4"):
            sh.fork("p1", child)
        out = sh.cmd("objects")
        lines = [l for l in out.splitlines() if l.strip()]
        if len(lines) < 3 or any(len(l) > 50 for l in lines):
            sh.fail("objects does not fit 50 columns: %r" % out)
        col = lines[0].find("HOLDERS")
        if col < 0 or any(l[:col].strip() for l in lines[2:]):
            sh.fail("HOLDERS did not wrap under its column: %r" % out)
        holders = " ".join(l[col:].strip() for l in lines[1:])
        if holders != "read: p1 fd 3, p2 fd 3, p3 fd 3, p4 fd 3; write: p1 fd 4, p2 fd 4, p3 fd 4, p4 fd 4":
            sh.fail("HOLDERS was cut inside a word: %r" % out)
        sh.close()


run(paged_and_not, pager_cat_or_empty, not_a_terminal, ctrl_c_in_pager, tables_fit_the_terminal)
