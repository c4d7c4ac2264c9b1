#!/usr/bin/env python3
"""A lesson at the terminal: the prompt shows lesson and step, a wrong
command gets feedback, the right one passes the step, hint and skip work,
and a lesson left in step 3 resumes at step 3 in a new session.  A
prediction is answered at the prompt, 'solution' asks before it tells,
and 'back' rebuilds the session for the step before."""
import os
import re
import sys
import tempfile

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptylib import Ipcsh, _rmtree, run  # noqa: E402


def prompt(sh, step):
    sh.expect(r"(?m)^\[pipe-one %d/6\] p1> " % step, what="the prompt of step %d" % step)


def wrong_right_hint_skip_quit_resume():
    tmp = tempfile.mkdtemp(prefix="ipcsh-pty-")
    try:
        with Ipcsh(args=["--lesson", "pipe-one"], tmpdir=tmp) as sh:
            sh.expect(r"Step 1 of 6: Make the pipe")
            prompt(sh, 1)
            sh.line("pipe write nope")
            sh.expect(r"not yet: there is no pipe yet", what="feedback on a wrong command")
            prompt(sh, 1)
            sh.line("pipe new")
            sh.expect(r"Step 1 passed")
            sh.expect(r"Step 2 of 6")
            prompt(sh, 2)
            sh.line("hint")
            sh.expect(r"Hint 1 of 3")
            prompt(sh, 2)
            sh.line("skip")
            sh.expect(r"Step 2 passed")
            prompt(sh, 3)
            sh.line("lesson quit")
            sh.expect(r"Left lesson 'pipe-one' at step 3")
            sh.expect_prompt()
            sh.close(0, "quit")
        with Ipcsh(args=["--lesson", "pipe-one"], tmpdir=tmp) as sh:
            sh.expect(r"Resuming at step 3")
            sh.expect(r"Step 3 of 6: Read it back")
            prompt(sh, 3)
            sh.line("returns")
            prompt(sh, 3)
            sh.line("pipe read")
            sh.expect(r"Step 3 passed")
            prompt(sh, 4)
            sh.line("quit")
            sh.wait_exit()
    finally:
        _rmtree(tmp)


def fork_prompt(sh, step):
    sh.expect(r"(?m)^\[pipe-fork %d/16\] p1> " % step, what="the prompt of step %d" % step)


def predict_solution_back():
    tmp = tempfile.mkdtemp(prefix="ipcsh-pty-")
    try:
        with Ipcsh(args=["--lesson", "pipe-fork"], tmpdir=tmp) as sh:
            fork_prompt(sh, 1)
            sh.line("pipe new; fork; @p2 pipe close write; pipe close read")
            sh.expect(r"Step 4 passed")
            sh.expect(r"Predict first: Will read return at once, or block\?")
            fork_prompt(sh, 5)
            sh.line("Returns")
            sh.expect(r"You predict 'returns'")
            fork_prompt(sh, 5)
            sh.line("solution")
            sh.expect(r"Type 'solution' again")
            fork_prompt(sh, 5)
            sh.line("solution")
            sh.expect(r"The solution to step 5:\s+@p2 pipe read 1")
            fork_prompt(sh, 5)
            sh.line("@p2 pipe read 1")
            sh.expect(r"blocks: the pipe is empty")
            sh.expect(r"You predicted 'returns'; the answer is 'blocks'")
            fork_prompt(sh, 6)
            sh.line("back")
            sh.expect(r"ended p1, p2 and what they started; a fresh p1")
            sh.expect(r"Replaying the solutions of steps 1 to 4")
            fork_prompt(sh, 5)
            out = sh.cmd("ps", prompt="[pipe-fork 5/16] p1")
            if "blocked" in out or not re.search(r"(?m)^p2\s+\d+\s+\d+\s+ready", out):
                sh.fail("after 'back', p2 should be a fresh child, ready, not blocked: %r" % out)
            sh.close(0, "quit")
    finally:
        _rmtree(tmp)


if __name__ == "__main__":
    run(wrong_right_hint_skip_quit_resume, predict_solution_back)
