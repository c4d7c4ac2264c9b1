#!/usr/bin/env python3
"""Ctrl-Z and fg.  Under a shell with job control (bash here), ipcsh gives
the terminal back as it found it before it stops, and once continued takes
it again and draws the prompt with the half-typed line, so that Tab works at
once.  Its workers, in a session of their own, go on as they were.  Started
in the background, it waits for fg before it takes the terminal.  Where no
shell can continue it (no job control), Ctrl-Z leaves it at a fresh prompt."""
import os
import re
import sys

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptylib import TAB, Ipcsh, ipcsh_path, run, wait_until  # noqa: E402

CTRL_Z = "\x1a"
CTRL_U = "\x15"
BASH_PROMPT = r"bash\$ "
PASTE_OFF = "\x1b[?2004l"    # readline's end of bracketed paste: the terminal given back


def proc_state(pid):
    """PID's state letter (R, S, T...), or None when it is gone."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            stat = f.read()
    except OSError:
        return None
    return stat[stat.rindex(")") + 2:].split()[0]


def half_typed_line_and_tab(sh):
    """At ipcsh's prompt again after the stop: 'he' is there, Tab makes it 'help'."""
    sh.expect(r"(?m)^p1> he", what="the prompt drawn again with the half-typed 'he'")
    tab_completes(sh)


def tab_completes(sh):
    """'he' is typed: Tab makes it 'help' at once; Ctrl-U then empties the
    line (help itself may page its output)."""
    sh.send(TAB)
    sh.expect(r"lp ", what="Tab to complete 'he' to 'help' at once")
    sh.send(CTRL_U)


def p1_answers(sh):
    out = sh.cmd("fd read 0")
    if not re.search(r"read\(0, buf, \d+\) = 0", out):
        sh.fail("p1 did not answer 'fd read 0' after the stop: %r" % out)


def ctrl_z_then_fg():
    bash = ["/bin/bash", "--norc", "--noprofile", "-i"]
    with Ipcsh(argv=bash, env={"PS1": "bash$ "}) as sh:
        sh.expect(BASH_PROMPT)
        sh.line("'%s' -q" % ipcsh_path())
        sh.expect_prompt()
        p1_answers(sh)
        sh.send("he")
        sh.expect(r"he", what="the echo of 'he'")
        start = len(sh.raw)
        sh.send(CTRL_Z)
        sh.expect(r"Stopped", what="bash to tell that ipcsh stopped")
        sh.expect(BASH_PROMPT)
        if PASTE_OFF not in sh.raw[start:]:
            sh.fail("ipcsh stopped without giving the terminal back (no %r)" % PASTE_OFF)
        sh.line("fg")
        half_typed_line_and_tab(sh)
        p1_answers(sh)
        sh.line("quit 0")
        sh.expect(BASH_PROMPT)
        sh.close(0, "exit")


def started_in_background_then_fg():
    # 'ipcsh &' waits for fg before readline takes the terminal: else it
    # would take bash's line-editing modes for the terminal's own (no echo).
    bash = ["/bin/bash", "--norc", "--noprofile", "-i"]
    with Ipcsh(argv=bash, env={"PS1": "bash$ "}) as sh:
        sh.expect(BASH_PROMPT)
        sh.line("'%s' -q &" % ipcsh_path())
        pid = int(sh.expect(r"\[1\] (\d+)").group(1))
        sh.expect(BASH_PROMPT)
        if not wait_until(lambda: proc_state(pid) == "T"):
            sh.fail("ipcsh (pid %d) in the background did not stop for its terminal" % pid)
        sh.line("fg")
        sh.expect_prompt()
        sh.send("he")
        sh.expect(r"he", what="the echo of 'he'")
        tab_completes(sh)
        p1_answers(sh)
        sh.line("quit 0")
        sh.expect(BASH_PROMPT)
        sh.close(0, "exit")


def ctrl_z_without_job_control():
    # ipcsh leads its own session here: the kernel does not stop it.
    with Ipcsh(["-q"]) as sh:
        sh.expect_prompt()
        sh.send("he")
        sh.expect(r"he", what="the echo of 'he'")
        sh.send(CTRL_Z)
        half_typed_line_and_tab(sh)
        p1_answers(sh)
        sh.close(0, "quit 0")


def ctrl_z_in_the_pager():
    """Ctrl-Z while the pager shows a long output: the pager stops, and ipcsh,
    waiting for it, must stop too, so that bash gets its prompt back; 'fg'
    continues the pager, and once it ends ipcsh's prompt comes back, once."""
    bash = ["/bin/bash", "--norc", "--noprofile", "-i"]
    with Ipcsh(argv=bash, env={"PS1": "bash$ "}) as sh:
        pager = os.path.join(sh.tmp, "stopping-pager")
        with open(pager, "w") as f:
            # it shows the text, then waits (as a pager does for 'q') until
            # the file 'go' exists
            f.write("#!/bin/sh\nsed 's/^/PAGED:/'\necho PAGER-WAITS\n"
                    "while [ ! -e '%s' ]; do sleep 0.05; done\n" % os.path.join(sh.tmp, "go"))
        os.chmod(pager, 0o755)
        sh.expect(BASH_PROMPT)
        sh.line("PAGER='%s' '%s' -q" % (pager, ipcsh_path()))
        sh.expect_prompt()
        sh.line("help")
        sh.expect(r"PAGER-WAITS", what="the pager's output")
        sh.send(CTRL_Z)
        sh.expect(r"Stopped", what="bash to tell that the job stopped")
        sh.expect(BASH_PROMPT)
        # bash may drop a key typed while it takes the terminal back: the
        # blanks before echo can go, the command stays whole
        sh.line("   echo BASH-READY")
        sh.expect(r"\nBASH-READY", what="bash to run a command")
        sh.expect(BASH_PROMPT)
        sh.line("fg")
        open(os.path.join(sh.tmp, "go"), "w").close()   # the pager ends
        sh.expect_prompt()
        p1_answers(sh)
        sh.line("quit 0")
        sh.expect(BASH_PROMPT)
        sh.close(0, "exit")


run(ctrl_z_then_fg, started_in_background_then_fg, ctrl_z_without_job_control, ctrl_z_in_the_pager)
