#!/usr/bin/env python3
"""Ctrl-C at the prompt: the half-typed line is dropped ('^C', a fresh
prompt), ipcsh and its processes go on, and the next command runs as typed.
On an empty line while the current process is blocked, it gets SIGINT."""
import os
import re
import sys

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptylib import CTRL_C, Ipcsh, run  # noqa: E402


def ps_works(sh, procs=("p1",)):
    out = sh.cmd("ps")
    if not re.search(r"(?m)^PROC\s+PID\s+PPID\s+STATE", out):
        sh.fail("no ps table after Ctrl-C: %r" % out)
    for p in procs:
        if not re.search(r"(?m)^%s\s+\d+" % p, out):
            sh.fail("ps does not list %s after Ctrl-C" % p)
    if re.search(r"error|pipe", out):
        sh.fail("the dropped text came back: %r" % out)


def drops_half_typed_line():
    with Ipcsh() as sh:
        sh.expect_prompt()
        sh.p1_ready()
        sh.send("pipe wr")
        sh.expect(r"pipe wr", what="the echo of 'pipe wr'")
        sh.send(CTRL_C)
        sh.expect(r"\^C\n", what="^C and a new line")
        sh.expect_prompt()
        # Nothing of 'pipe wr' is left in readline's buffer: Enter runs only 'ps'.
        ps_works(sh)
        sh.close(0, "quit")


def on_empty_line():
    with Ipcsh() as sh:
        sh.expect_prompt()
        sh.p1_ready()
        for _ in range(2):
            sh.send(CTRL_C)
            sh.expect(r"\^C\n", what="^C and a new line")
            sh.expect_prompt()
        ps_works(sh)
        sh.close(0, "quit")


def processes_survive():
    with Ipcsh() as sh:
        sh.expect_prompt()
        sh.cmd("pipe new")
        sh.fork()
        sh.line("@p2 pipe read")
        sh.expect(r"\[p2\] read\(3, buf, 4096\) \.\.\. blocks", what="the read in p2 to block")
        sh.expect_prompt()
        sh.send("fd cl" + CTRL_C)
        sh.expect(r"\^C\n", what="^C and a new line")
        sh.expect_prompt()
        # Ctrl-C at the prompt is not for the learner's processes: p2 still
        # waits in read(2), and wakes when p1 writes.
        ps_works(sh, ("p1", "p2"))
        sh.line("pipe write hi")
        sh.expect(r'\[p2\] read\(3, buf, 4096\) = 2 -> "hi"', what="the read in p2 to complete")
        sh.expect_prompt()
        sh.close(0, "quit")


def interrupts_a_blocked_current_process():
    """Ctrl-C on an empty line while p1 waits in read for good (issue 14):
    p1 gets SIGINT, as a terminal's foreground job would, and having no
    handler it ends; the learner has a process to go on with."""
    with Ipcsh() as sh:
        sh.expect_prompt()
        sh.cmd("pipe new")
        sh.line("pipe read")
        sh.expect(r"read\(3, buf, 4096\) \.\.\. blocks", what="the read to block")
        sh.expect_prompt()
        sh.send(CTRL_C)
        sh.expect(r"kill\(\d+, SIGINT\) = 0: Ctrl-C signals p1 \(blocked in read\)", what="the signal said")
        sh.expect(r"p1 \(pid \d+\) killed by SIGINT", what="p1's death")
        m = sh.expect(r"ipcsh started (p\d+) \(pid \d+\) to take commands", what="a new worker")
        sh.expect(r"%s is now the current process" % m.group(1))
        sh.expect_prompt(m.group(1))
        out = sh.cmd("pipe new", prompt=m.group(1))
        if "pipe([" not in out:
            sh.fail("no process took a command after the Ctrl-C: %r" % out)
        sh.close(0, "quit")


def spares_a_ready_current_process():
    """An empty-line Ctrl-C while the current process waits for a command
    only gives a new prompt."""
    with Ipcsh() as sh:
        sh.expect_prompt()
        sh.p1_ready()
        sh.send(CTRL_C)
        sh.expect(r"\^C\n", what="^C and a new line")
        sh.expect_prompt()
        if "SIGINT" in sh.screen():
            sh.fail("a ready p1 was sent SIGINT")
        ps_works(sh)
        sh.close(0, "quit")


def ctrl_c_at_start_spares_p1():
    # Ctrl-C typed as soon as the banner shows.  The window is short, so it
    # is tried a few times.
    for attempt in range(10):
        with Ipcsh() as sh:
            sh.expect(r"live IPC lab", what="the banner")
            sh.send(CTRL_C * 5)
            sh.expect_prompt()
            sh.line("fd read 0")
            m = sh.expect(r"read\(0, buf, \d+\) = 0|killed by SIGINT.*", what="p1's answer, or its death")
            if m.group(0).startswith("killed"):
                sh.fail("a Ctrl-C at start-up killed p1 (attempt %d): %s" % (attempt + 1, m.group(0)))
            sh.expect_prompt()
            sh.close(0, "quit")


run(drops_half_typed_line, on_empty_line, processes_survive, interrupts_a_blocked_current_process,
    spares_a_ready_current_process, ctrl_c_at_start_spares_p1)
