#!/usr/bin/env python3
"""History: kept in $IPCSH_HISTORY (else $XDG_STATE_HOME/ipcsh/history),
read back at the next start (Up arrow), and never written when
IPCSH_HISTORY is /dev/null.  Each session adds its own lines to the file
when it quits, so two sessions that share it lose none; the file keeps its
last 2000 lines and mode 0600."""
import os
import stat
import sys
import tempfile

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptylib import KEY_UP, Ipcsh, TestFailure, _rmtree, run  # noqa: E402


def read_lines(path):
    with open(path) as f:
        return f.read().splitlines()


def kept_across_sessions():
    tmp = tempfile.mkdtemp(prefix="ipcsh-pty-")
    try:
        hist = os.path.join(tmp, "sub", "hist")   # its directory does not exist yet
        with Ipcsh(history=hist, tmpdir=tmp) as sh:
            sh.expect_prompt()
            sh.cmd("show trace")
            sh.cmd("ps")
            sh.cmd("ps")          # the same line twice is kept once
            sh.close(0, "quit")
        if not os.path.isfile(hist):
            raise TestFailure("no history file %s after quit" % hist)
        lines = read_lines(hist)
        if lines[-3:] != ["show trace", "ps", "quit"]:
            raise TestFailure("history file %s holds %r, expected it to end with "
                             "['show trace', 'ps', 'quit']" % (hist, lines))
        with Ipcsh(history=hist, tmpdir=tmp) as sh:
            sh.expect_prompt()
            sh.send(KEY_UP)
            sh.expect(r"quit", what="'quit' recalled by the first Up arrow")
            sh.send(KEY_UP)
            sh.expect(r"ps", what="'ps' recalled by the second Up arrow")
            sh.send(KEY_UP)
            sh.expect(r"show trace", what="'show trace' recalled by the third Up arrow")
            sh.send("\r")
            sh.expect(r"(?m)^trace\b.*\bon\b", what="the output of the recalled 'show trace'")
            sh.expect_prompt()
            sh.close(0, "quit")
    finally:
        _rmtree(tmp)


def two_sessions_share_a_file():
    tmp = tempfile.mkdtemp(prefix="ipcsh-pty-")
    try:
        hist = os.path.join(tmp, "hist")
        with Ipcsh(history=hist, tmpdir=tmp) as a, Ipcsh(history=hist, tmpdir=tmp) as b:
            a.expect_prompt()
            b.expect_prompt()
            a.cmd("show trace")
            b.cmd("show hints")
            a.close(0, "quit 0")
            b.close(0, "quit 0")
        lines = read_lines(hist)
        want = ["show trace", "quit 0", "show hints", "quit 0"]
        if lines != want:
            raise TestFailure("after two sessions, %s holds %r, expected %r" % (hist, lines, want))
        mode = stat.S_IMODE(os.stat(hist).st_mode)
        if mode != 0o600:
            raise TestFailure("%s has mode %o, expected 600" % (hist, mode))
    finally:
        _rmtree(tmp)


def capped_at_2000_lines():
    tmp = tempfile.mkdtemp(prefix="ipcsh-pty-")
    try:
        hist = os.path.join(tmp, "hist")
        fd = os.open(hist, os.O_WRONLY | os.O_CREAT, 0o600)
        os.write(fd, "".join("old %d\n" % i for i in range(2000)).encode())
        os.close(fd)
        with Ipcsh(history=hist, tmpdir=tmp) as sh:
            sh.expect_prompt()
            sh.cmd("ps")
            sh.close(0, "quit 0")
        lines = read_lines(hist)
        if len(lines) != 2000 or lines[:1] != ["old 2"] or lines[-2:] != ["ps", "quit 0"]:
            raise TestFailure("%s holds %d lines, from %r to %r; expected 2000, from 'old 2' to "
                              "['ps', 'quit 0']" % (hist, len(lines), lines[:1], lines[-2:]))
        mode = stat.S_IMODE(os.stat(hist).st_mode)
        if mode != 0o600:
            raise TestFailure("%s has mode %o after it was cut down, expected 600" % (hist, mode))
    finally:
        _rmtree(tmp)


def default_place():
    # Without IPCSH_HISTORY: $XDG_STATE_HOME/ipcsh/history.
    with Ipcsh(history=False) as sh:
        sh.expect_prompt()
        sh.cmd("ps")
        sh.close(0, "quit")
        path = os.path.join(sh.tmp, "state", "ipcsh", "history")
        if not os.path.isfile(path):
            sh.fail("no history file at %s (XDG_STATE_HOME/ipcsh/history)" % path)
        if "ps" not in read_lines(path):
            sh.fail("%s does not hold 'ps': %r" % (path, read_lines(path)))


def dev_null_disables():
    before = os.stat("/dev/null")
    with Ipcsh(history="/dev/null") as sh:
        sh.expect_prompt()
        sh.cmd("ps")
        sh.close(0, "quit")
        after = os.stat("/dev/null")
        if not stat.S_ISCHR(after.st_mode) or after.st_rdev != before.st_rdev:
            sh.fail("/dev/null is no longer the null device")
        # Not in the other places either (the session journal may live in
        # the state directory: only history files count).
        written = [os.path.join(root, n) for root, _, files in os.walk(sh.tmp)
                   for n in files if "hist" in n]
        if written:
            sh.fail("IPCSH_HISTORY=/dev/null, yet history was written: %s" % written)
    # And nothing from that session is recalled by the next one.
    with Ipcsh(history="/dev/null") as sh:
        sh.expect_prompt()
        start = sh.pos
        sh.send(KEY_UP + "x")
        sh.expect(r"x", what="the 'x' typed after the Up arrow")
        line = sh.screen()[start:sh.pos]
        if line.strip() != "x":
            sh.fail("the Up arrow recalled a line although history is disabled: %r" % line)
        sh.send("\x7f")       # Backspace: the line is empty again
        sh.close(0, "quit")


run(kept_across_sessions, two_sessions_share_a_file, capped_at_2000_lines, default_place, dev_null_disables)
