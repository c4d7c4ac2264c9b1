#!/usr/bin/env python3
"""The 'history' command: the lines typed, numbered as bash numbers them,
the last N with 'history N', and the lines of the sessions before (read
from the history file) first."""
import os
import re
import sys
import tempfile

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptylib import Ipcsh, _rmtree, run  # noqa: E402


def numbered(out):
    """[(number, line)] of the 'history' output OUT."""
    return [(int(m.group(1)), m.group(2)) for m in re.finditer(r"(?m)^ {0,4}(\d+)  (.*)$", out)]


def lists_this_session():
    with Ipcsh() as sh:
        sh.expect_prompt()
        sh.cmd("pipe new")
        sh.cmd("show trace")
        got = numbered(sh.cmd("history"))
        want = [(1, "pipe new"), (2, "show trace"), (3, "history")]
        if got != want:
            sh.fail("'history' listed %r, expected %r" % (got, want))
        got = numbered(sh.cmd("history 2"))
        want = [(3, "history"), (4, "history 2")]
        if got != want:
            sh.fail("'history 2' listed %r, expected %r" % (got, want))
        out = sh.cmd("history 0")
        if numbered(out):
            sh.fail("'history 0' listed lines: %r" % out)
        out = sh.cmd("history many")
        if "error: history: 'many' is not a valid number of lines" not in out:
            sh.fail("'history many' gave no usage error: %r" % out)
        sh.close(0, "quit 0")


def continues_the_file():
    tmp = tempfile.mkdtemp(prefix="ipcsh-pty-")
    try:
        hist = os.path.join(tmp, "hist")
        with open(hist, "w") as f:
            f.write("ps\nfork\n")
        with Ipcsh(history=hist, tmpdir=tmp) as sh:
            sh.expect_prompt()
            got = numbered(sh.cmd("history"))
            want = [(1, "ps"), (2, "fork"), (3, "history")]
            if got != want:
                sh.fail("'history' after two lines in the file listed %r, expected %r" % (got, want))
            sh.close(0, "quit")
    finally:
        _rmtree(tmp)


run(lists_this_session, continues_the_file)
