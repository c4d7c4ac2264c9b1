#!/usr/bin/env python3
"""At a terminal, commands that once never gave the prompt back (issue 13):
a wait while another process's popen'd command is a zombie nobody waits
for, a stopped process asked to run a command, and a pipe fill after a
partial read.  Each must give the prompt back at once and say why a call
waits; ps must show the state ('blocked in wait', 'stopped')."""
import os
import re
import sys

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptylib import Ipcsh, run  # noqa: E402


def state_of(sh, proc):
    out = sh.cmd("ps")
    m = re.search(r"(?m)^%s\s+\d+\s+\d+\s+(.+?)\s*$" % proc, out)
    if not m:
        sh.fail("ps does not list %s: %r" % (proc, out))
    return m.group(1)


def wait_beside_a_zombie():
    with Ipcsh() as sh:
        sh.expect_prompt()
        sh.p1_ready()
        sh.cmd("fork")
        sh.cmd("@p2 popen true r")
        out = sh.cmd("wait")
        if "blocks: no child of p1 has exited yet" not in out:
            sh.fail("the wait did not say it blocks: %r" % out)
        if state_of(sh, "p1") != "blocked in wait":
            sh.fail("p1 is not shown blocked in wait")
        sh.cmd("@p2 exit 4")
        st = state_of(sh, "p1")
        if st != "ready":
            sh.fail("p1 is %r after its child exited, not ready" % st)
        sh.close(0, "quit")


def stopped_process():
    with Ipcsh() as sh:
        sh.expect_prompt()
        sh.p1_ready()
        sh.cmd("fork")
        sh.cmd("kill p2 STOP")
        if state_of(sh, "p2") != "stopped":
            sh.fail("p2 is not shown stopped: %r" % state_of(sh, "p2"))
        out = sh.cmd("@p2 pipe new")
        if "p2 is stopped: its command waits" not in out:
            sh.fail("the command of a stopped process does not say it waits: %r" % out)
        sh.line("kill p2 CONT")
        sh.expect(r"\[p2\] pipe\(\[3, 4\]\) = 0", what="p2's command, once continued")
        sh.expect_prompt()
        if state_of(sh, "p2") != "ready":
            sh.fail("p2 is not ready after SIGCONT")
        sh.close(0, "quit")


def fill_after_partial_read():
    with Ipcsh() as sh:
        sh.expect_prompt()
        sh.p1_ready()
        sh.cmd("pipe new; pipe write abc; pipe read 1")
        out = sh.cmd("pipe fill")
        if "takes no more" not in out:
            sh.fail("the fill did not end with a full pipe: %r" % out)
        out = sh.cmd("pipe write x")
        if "blocks: the pipe is full" not in out:
            sh.fail("a write after the fill does not block: %r" % out)
        sh.close(0, "quit")


def main():
    wait_beside_a_zombie()
    stopped_process()
    fill_after_partial_read()


run(main)
