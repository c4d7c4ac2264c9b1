#!/usr/bin/env python3
"""A lesson step whose result arrives after the line (issue 14): at human
speed, pipe-exec's step 4 ('pipe write 123' while p2 runs pipe4) must pass
once pipe4's output arrives, with no "not yet" before it; 'skip' must wait
for its solution to settle.  And a step that passes later by itself (a
program that answers after a while) passes then, at the prompt, without
another line typed."""
import os
import re
import sys
import tempfile
import time

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptylib import Ipcsh, _rmtree, run  # noqa: E402

HUMAN_PAUSE = 2.5   # longer than any grace a program gets after its exec


def prompt(sh, step):
    sh.expect(r"(?m)^\[pipe-exec %d/5\] p1> " % step, what="the prompt of step %d" % step)


def to_step_4(sh):
    prompt(sh, 1)
    sh.line("pipe new; fork; @p2 exec ./pipe4 3")
    sh.expect(r"Step 3 passed")
    prompt(sh, 4)
    time.sleep(HUMAN_PAUSE)     # a learner reads the step's text


def no_not_yet(sh, start):
    text = sh.screen()[start:sh.pos]
    if "not yet" in text:
        sh.fail("the step said 'not yet' before its result arrived")


def written_at_human_speed():
    with Ipcsh(args=["--lesson", "pipe-exec"]) as sh:
        to_step_4(sh)
        start = sh.pos
        sh.line("pipe write 123")
        sh.expect(r"\[p2\] \d+ - read 3 bytes: 123", what="pipe4's output")
        sh.expect(r"Step 4 passed", what="step 4 passing")
        no_not_yet(sh, start)
        prompt(sh, 5)
        sh.close(0, "quit")


def skipped_at_human_speed():
    with Ipcsh(args=["--lesson", "pipe-exec"]) as sh:
        to_step_4(sh)
        start = sh.pos
        sh.line("skip")
        sh.expect(r"Step 4 passed", what="the skipped step passing")
        no_not_yet(sh, start)
        if "is not done yet" in sh.screen()[start:sh.pos]:
            sh.fail("skip said the step is not done")
        prompt(sh, 5)
        sh.close(0, "quit")


LATE_LESSON = """title: A step that passes later
recipe: none (a test of late events)
step: A child that ends after a while
text:
  Fork a child that runs a program which exits a second later.
check: process p2 exited 0
hint: Type: fork; @p2 exec sh -c 'sleep 1; exit 0'
solution: fork; @p2 exec sh -c 'sleep 1; exit 0'
step: Collect it
text:
  Collect the child.
check: process p2 gone
hint: Type: wait
solution: wait
"""


def passes_later_at_the_prompt():
    """The step holds a second after the line, with nothing typed."""
    tmp = tempfile.mkdtemp(prefix="ipcsh-pty-")
    try:
        with open(os.path.join(tmp, "late.lesson"), "w") as f:
            f.write(LATE_LESSON)
        with Ipcsh(args=["--lesson", "late.lesson"], tmpdir=tmp) as sh:
            sh.expect(r"Step 1 of 2")
            sh.line("fork; @p2 exec sh -c 'sleep 1; exit 0'")
            sh.expect(r"Step 1 passed", what="step 1 passing once p2 exits, at the prompt")
            sh.expect(r"(?m)^\[late 2/2\] p1> ", what="the prompt of step 2")
            sh.close(0, "quit")
    finally:
        _rmtree(tmp)


if __name__ == "__main__":
    run(written_at_human_speed, skipped_at_human_speed, passes_later_at_the_prompt)
