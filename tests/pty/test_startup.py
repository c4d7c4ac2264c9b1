#!/usr/bin/env python3
"""Start-up, prompt and the ways out: banner, 'p1> ', quit, quit STATUS,
Ctrl-D at an empty prompt, and the prompt following '@pN'."""
import os
import re
import sys

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptylib import CTRL_D, Ipcsh, run  # noqa: E402


def banner_and_quit():
    with Ipcsh() as sh:
        m = sh.expect(r"ipcsh 0\.1 - live IPC lab\. You are p1 \(pid (\d+)\)\.", what="the banner")
        pid = int(m.group(1))
        if pid == sh.pid:
            sh.fail("the banner names the controller's pid %d, not p1's" % pid)
        sh.expect(r"\n", what="the end of the banner line")
        sh.expect_prompt()
        if sh.tty_cooked():
            sh.fail("the terminal is still in cooked mode at the prompt")
        out = sh.cmd("ps")
        if not re.search(r"(?m)^p1\s+%d\s" % pid, out):
            sh.fail("ps does not show p1 with the pid of the banner (%d)" % pid)
        sh.close(0, "quit")
        if not sh.tty_cooked():
            sh.fail("the terminal is left in raw mode after quit")


def quit_with_status():
    with Ipcsh() as sh:
        sh.expect_prompt()
        sh.close(3, "quit 3")


def ctrl_d_at_empty_prompt():
    with Ipcsh() as sh:
        sh.expect_prompt()
        sh.send(CTRL_D)
        sh.close(0, how=None)
        if not sh.tty_cooked():
            sh.fail("the terminal is left in raw mode after Ctrl-D")


def no_prompt_after_the_end():
    for how, keys in (("Ctrl-D", CTRL_D), ("quit", "quit\r")):
        with Ipcsh() as sh:
            sh.expect_prompt()
            sh.send(keys)
            sh.expect(r"\n", what="the end of the line after %s" % how)
            sh.close(0, how=None)
            rest = sh.screen()[sh.pos:]
            if "p1> " in rest:
                sh.fail("after %s ipcsh drew the prompt again before it exited: %r" % (how, rest))


def prompt_follows_current_process():
    with Ipcsh() as sh:
        sh.expect_prompt()
        sh.fork()
        sh.line("@p2")
        sh.expect(r"@p2\n", what="the echo of @p2")
        sh.expect_prompt("p2")
        out = sh.cmd("ps", "p2")
        if not re.search(r"(?m)^p2\s+\d+", out):
            sh.fail("ps in p2 does not list p2")
        sh.line("@p1")
        sh.expect(r"@p1\n", what="the echo of @p1")
        sh.expect_prompt("p1")
        sh.close(0, "quit")


def long_line_wraps():
    # On a real terminal (TERM=xterm here) a line longer than the screen wraps
    # and stays readable; a dumb terminal gets horizontal scrolling, with '<'
    # and the start of the line hidden.
    text = "help " + "x" * 90
    with Ipcsh() as sh:
        sh.expect_prompt()
        sh.line(text)
        sh.expect(r"(?m)^error: .*\n", what="the error for the long line")
        echo = sh.screen()[:sh.pos]
        echo = echo[echo.rindex("p1> "):]
        echo = echo[:echo.index("error:")]
        if text not in echo.replace("\n", ""):
            sh.fail("the long line is not shown whole as it is typed: %r" % echo)
        sh.expect_prompt()
        sh.close(1, "quit")


run(banner_and_quit, quit_with_status, ctrl_d_at_empty_prompt, no_prompt_after_the_end,
    prompt_follows_current_process, long_line_wraps)
