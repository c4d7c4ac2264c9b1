#!/usr/bin/env python3
"""Tab completion (src/complete.c): nouns, verbs, live object handles,
process names, signal names, '@pN' targets, choices, fds and paths.

Each case types a partial line and Tab (one Tab completes a unique match,
a second Tab lists the candidates), checks what the screen shows, then
clears the line with Ctrl-C and waits for the fresh prompt."""
import os
import re
import sys

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptylib import CTRL_C, Ipcsh, run  # noqa: E402


def clear(sh, prompt="p1"):
    sh.send(CTRL_C)
    sh.expect(r"\^C\n", what="^C")
    sh.expect_prompt(prompt)


def completes(sh, typed, expected, prompt="p1"):
    """Typing TYPED (ending in Tab) at a fresh prompt leaves EXPECTED on the
    prompt line (matched right after the prompt the last step waited for)."""
    sh.send(typed)
    sh.expect(re.escape(expected),
              what="%r to complete to %r" % (typed, expected))
    clear(sh, prompt)


def lists(sh, typed, candidates, prompt="p1"):
    """Typing TYPED (ending in Tab Tab) lists CANDIDATES, in this order, on a
    line of their own, then redraws the prompt with the line typed so far."""
    sh.send(typed)
    m = sh.expect(r"(?m)^" + r"[ \t]+".join(re.escape(c) for c in candidates) + r"[ \t]*\n",
                  what="the list %s after %r" % (" ".join(candidates), typed))
    listed = m.group(0).split()
    if listed != candidates:
        sh.fail("after %r the list is %s, expected %s" % (typed, listed, candidates))
    partial = typed.rstrip("\t")
    sh.expect(r"(?m)^%s> %s" % (re.escape(prompt), re.escape(partial)),
              what="the prompt and %r redrawn after the list" % partial)
    clear(sh, prompt)


def nouns_and_verbs():
    with Ipcsh() as sh:
        sh.expect_prompt()
        sh.p1_ready()
        completes(sh, "pi\t", "pipe ")
        lists(sh, "pipe \t\t", ["close", "fill", "info", "new", "read", "write"])
        completes(sh, "pipe wr\t", "pipe write ")
        completes(sh, "ki\t", "kill ")
        completes(sh, "help pi\t", "help pipe ")
        # Only the last command of a line counts.
        completes(sh, "ps; pi\t", "ps; pipe ")
        sh.close(0, "quit")


def object_handles():
    with Ipcsh() as sh:
        sh.expect_prompt()
        sh.p1_ready()
        sh.cmd("pipe new")
        completes(sh, "pipe write pi\t", "pipe write pipe1 ")
        lists(sh, "pipe close pipe1 \t\t", ["read", "write"])
        sh.cmd("pipe new")
        completes(sh, "pipe info pi\t", "pipe info pipe")
        lists(sh, "pipe info pipe\t\t", ["pipe1", "pipe2"])
        sh.close(0, "quit")


def processes_and_signals():
    with Ipcsh() as sh:
        sh.expect_prompt()
        sh.p1_ready()
        completes(sh, "kill p\t", "kill p1 ")
        sh.fork()
        lists(sh, "kill p\t\t", ["p1", "p2"])
        completes(sh, "kill p1 SIGTE\t", "kill p1 SIGTERM ")
        completes(sh, "kill p2 SIGKI\t", "kill p2 SIGKILL ")
        lists(sh, "@p\t\t", ["@p1", "@p2"])
        completes(sh, "@p2 pipe wr\t", "@p2 pipe write ")
        sh.close(0, "quit")


def at_target_alone():
    with Ipcsh() as sh:
        sh.expect_prompt()
        sh.p1_ready()
        completes(sh, "@p\t", "@p1 ")
        sh.close(0, "quit")


def choices_fds_and_paths():
    with Ipcsh() as sh:
        sh.expect_prompt()
        sh.p1_ready()
        lists(sh, "set trace o\t\t", ["off", "on"])
        sh.cmd("pipe new")
        # fd numbers of the current process, without the control channel.
        lists(sh, "fd close \t\t", ["0", "1", "2", "3", "4"])
        # Paths, through readline's file name completion.
        open(os.path.join(sh.tmp, "uniq-prog"), "w").close()
        completes(sh, "exec %s/uniq-p\t" % sh.tmp, "exec %s/uniq-prog " % sh.tmp)
        sh.close(0, "quit")


def prediction_answers():
    """While a lesson's question waits, its answers complete as first words."""
    with Ipcsh(args=["--lesson", "pipe-fork"]) as sh:
        prompt = "[pipe-fork 1/16] p1"
        sh.expect_prompt(prompt)
        sh.line("pipe new; fork; @p2 pipe close write; pipe close read")
        prompt = "[pipe-fork 5/16] p1"
        sh.expect(r"Predict first")
        sh.expect_prompt(prompt)
        completes(sh, "bl\t", "blocks ", prompt)
        completes(sh, "ret\t", "returns ", prompt)
        sh.close(0, "quit")


run(nouns_and_verbs, object_handles, processes_and_signals, at_target_alone, choices_fds_and_paths,
    prediction_answers)
