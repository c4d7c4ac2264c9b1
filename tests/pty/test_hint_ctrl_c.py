#!/usr/bin/env python3
"""Ctrl-C at the prompt while a grey argument hint follows the cursor: the
hint is erased before '^C' is written, so no piece of it is left on the
screen ('help pipe ^CERB]' was)."""
import os
import sys

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptylib import Ipcsh, run  # noqa: E402


def ctrl_c_erases_the_hint():
    with Ipcsh(args=["-q", "--color=always"]) as sh:
        sh.expect_prompt()
        sh.send("help pipe ")
        sh.expect(r"\[VERB\]", what="the hint after 'help pipe '")
        start = len(sh.raw)
        sh.send("\x03")
        sh.expect(r"\^C", what="^C")
        sh.expect_prompt()
        after = sh.raw[start:]
        if "\033[K^C" not in after:
            sh.fail("'^C' was written without erasing the hint first: %r" % after)
        sh.close()


def main():
    ctrl_c_erases_the_hint()


run(main)
