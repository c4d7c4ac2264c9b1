#!/usr/bin/env python3
"""At a terminal, starting a lesson in a session that holds processes or
objects asks first (issue 14): 'no' keeps them, 'yes' ends them and the
lesson starts with p1 alone; a command typed instead of an answer runs
and keeps them."""
import os
import sys

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptylib import Ipcsh, ps_pids, run  # noqa: E402

QUESTION = r"Lesson 'pipe-one' starts on a fresh session, with p1 alone; this one has 2 live processes and 1 object"


def processes(sh, prompt="p1"):
    return sorted(ps_pids(sh.cmd("ps", prompt=prompt)))


def asks_then_keeps_or_ends():
    with Ipcsh() as sh:
        sh.expect_prompt()
        sh.p1_ready()
        sh.fork()
        sh.cmd("pipe new")
        sh.line("lesson pipe-one")
        sh.expect(QUESTION, what="the question")
        sh.expect_prompt()
        sh.cmd("no")
        if "The session is kept" not in sh.screen()[-400:]:
            sh.fail("'no' did not say the session is kept")
        if len(processes(sh)) != 2:
            sh.fail("'no' did not keep p2")
        sh.line("lesson pipe-one")
        sh.expect(QUESTION, what="the question, again")
        sh.expect_prompt()
        out = sh.cmd("ps")       # a command instead of an answer: it runs
        if "p2" not in out:
            sh.fail("ps typed instead of an answer did not run: %r" % out)
        sh.line("lesson pipe-one")
        sh.expect(QUESTION, what="the question, a third time")
        sh.expect_prompt()
        sh.line("yes")
        sh.expect(r"ended p1, p2 and what they started", what="the session ended")
        sh.expect(r"Step 1 of 6: Make the pipe")
        sh.expect(r"(?m)^\[pipe-one 1/6\] p1> ")
        out = sh.cmd("ps", prompt="[pipe-one 1/6] p1")
        if "p2" in out:
            sh.fail("p2 outlived the fresh start: %r" % out)
        sh.close(0, "quit")


def fresh_session_asks_nothing():
    with Ipcsh(args=["--lesson", "pipe-one"]) as sh:
        sh.expect(r"Step 1 of 6")
        if "fresh session" in sh.screen():
            sh.fail("a fresh session was restarted or asked about")
        sh.close(0, "quit")


if __name__ == "__main__":
    run(asks_then_keeps_or_ends, fresh_session_asks_nothing)
