#!/usr/bin/env python3
"""System V objects at a terminal, at human speed: a receive and a P that
block give the prompt back at once, ps says where they wait, another
process's send or V completes them above the prompt (a send of another type
does not), removing the object wakes a waiter with EIDRM, and two
processes started with '&' both finish before the next prompt."""
import os
import re
import sys
import time

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptylib import Ipcsh, run  # noqa: E402


def blocked_receive_wakes_on_its_type():
    with Ipcsh() as sh:
        sh.expect_prompt()
        sh.cmd("msg new")
        sh.fork()
        sh.line("@p2 msg recv 2")
        sh.expect(r"\[p2\] msgrcv\(\d+, &msg, 8192, 2, 0\) \.\.\. blocks: it waits for a message of type 2: "
                  r"msg1 is empty", what="the receive in p2 to block, and why")
        sh.expect_prompt()
        time.sleep(1.5)     # a learner reads, then types
        out = sh.cmd("ps")
        if not re.search(r"(?m)^p2\s+\d+\s+\d+\s+blocked in msgrcv", out):
            sh.fail("ps does not show p2 blocked in msgrcv: %r" % out)
        out = sh.cmd("msg send 1 one")
        if "[p2]" in out:
            sh.fail("a message of type 1 woke p2, which waits for type 2: %r" % out)
        sh.line("msg send 2 two")
        sh.expect(r'\[p2\] msgrcv\(\d+, &msg, 8192, 2, 0\) = 4 -> \{mtype=2, mtext="two"\}',
                  what="p2's receive to complete")
        sh.expect_prompt()
        out = sh.cmd("objects")
        if not re.search(r"(?m)^msg1 .* 1 message, 4 bytes$", out):
            sh.fail("objects does not show the type 1 message left: %r" % out)
        sh.close(0, "quit")


def removal_wakes_a_waiter():
    with Ipcsh() as sh:
        sh.expect_prompt()
        sh.cmd("sem new")
        sh.fork()
        sh.line("@p2 sem P")
        sh.expect(r"\[p2\] semop\(.*\) \.\.\. blocks", what="p2's P to block")
        sh.expect_prompt()
        time.sleep(1)
        sh.line("sem rm")
        sh.expect(r"\[p2\] semop\(.*\) = -1 EIDRM", what="p2's P to fail with EIDRM")
        sh.expect_prompt()
        out = sh.cmd("ps")
        if not re.search(r"(?m)^p2\s+\d+\s+\d+\s+ready", out):
            sh.fail("p2 is not ready again after EIDRM: %r" % out)
        sh.close(0, "quit")


def v_wakes_p():
    with Ipcsh() as sh:
        sh.expect_prompt()
        sh.cmd("sem new")
        sh.fork()
        sh.line("@p2 sem P")
        sh.expect(r"\[p2\] semop\(.*\) \.\.\. blocks: .*sem1\[0\]", what="p2's P to block on sem1[0]")
        sh.expect_prompt()
        time.sleep(1)
        sh.line("sem V")
        sh.expect(r"\[p2\] semop\(.*\) = 0", what="p2's P to complete")
        sh.expect_prompt()
        out = sh.cmd("sem get")
        if not re.search(r"(?m)^\s+sem1\[0\]\s+0\s", out):
            sh.fail("the value is not 0 after V then P: %r" % out)
        sh.close(0, "quit")


def two_at_once():
    with Ipcsh() as sh:
        sh.expect_prompt()
        sh.cmd("shm new 64")
        sh.cmd("shm attach")
        sh.fork()
        out = sh.cmd("@p1 shm incr 3000000 & @p2 shm incr 3000000", timeout=120)
        if len(re.findall(r"the counter went from", out)) != 2:
            sh.fail("both increments were not done before the prompt came back: %r" % out)
        out = sh.cmd("shm read 0 u64")
        m = re.search(r"= (\d+)", out)
        if not m or not 2 <= int(m.group(1)) <= 6000000:
            sh.fail("the total is not between 2 and the sum: %r" % out)
        sh.close(0, "quit")


run(blocked_receive_wakes_on_its_type, removal_wakes_a_waiter, v_wakes_p, two_at_once)
