#!/usr/bin/env python3
"""Tab completion (src/complete.c): nouns, verbs, live object handles,
process names, signal names, '@pN' targets, choices, settings, table
options, lessons, fds and paths (in the current process's directory, quoted
as the lexer reads them), and readline's completion-ignore-case.

Each case types a partial line and Tab (one Tab completes a unique match,
a second Tab lists the candidates), checks what the screen shows, then
clears the line with Ctrl-C and waits for the fresh prompt."""
import os
import re
import sys
import tempfile

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptylib import CTRL_C, Ipcsh, _rmtree, run  # noqa: E402


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


def completes_redrawn(sh, typed, expected, prompt="p1"):
    """As completes(), for a completion that changes what was typed (its case,
    its quoting): readline backs over it with backspaces, which the screen
    log keeps, so Ctrl-L has the whole line drawn again after the prompt."""
    sh.send(typed + "\x0c")
    sh.expect(re.escape("%s> %s" % (prompt, expected)),
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


def help_arguments():
    """help's first argument is a noun, its second one of that noun's verbs;
    the hint after the noun is one bracketed name."""
    with Ipcsh() as sh:
        sh.expect_prompt()
        sh.p1_ready()
        lists(sh, "help pipe \t\t", ["close", "fill", "info", "new", "read", "write"])
        completes(sh, "help pipe w\t", "help pipe write ")
        completes(sh, "help \"pi\t", 'help "pipe" ')
        sh.cmd("set color on")      # hints are grey: only with colour
        sh.send("help pipe ")
        sh.expect(r"help pipe \[VERB\]", what="the hint [VERB] after 'help pipe '")
        clear(sh)
        if "[VERB]]" in sh.screen():
            sh.fail("the hint after 'help pipe ' has a bracket too many")
        sh.close(0, "quit")


def lessons_settings_and_tables():
    with Ipcsh() as sh:
        sh.expect_prompt()
        sh.p1_ready()
        completes(sh, "lesson pipe-o\t", "lesson pipe-one ")
        lists(sh, "lesson pipe-\t\t", ["pipe-exec", "pipe-fork", "pipe-one"])
        completes(sh, "set tr\t", "set trace ")
        lists(sh, "set trace o\t\t", ["off", "on"])
        completes(sh, "show hi\t", "show hints ")
        lists(sh, "ps --\t\t", ["--json", "--noheadings", "--output", "--raw"])
        completes(sh, "fds --j\t", "fds --json ")
        completes(sh, "objects -J --r\t", "objects -J --raw ")
        completes(sh, "ipcs --nohe\t", "ipcs --noheadings ")
        sh.close(0, "quit")


def signal_names_without_sig():
    with Ipcsh() as sh:
        sh.expect_prompt()
        sh.p1_ready()
        sh.fork()
        completes(sh, "kill p2 US\t", "kill p2 USR")
        lists(sh, "kill p2 USR\t\t", ["USR1", "USR2"])
        completes(sh, "kill p2 TE\t", "kill p2 TERM ")
        completes(sh, "kill p2 SIGUSR2\t", "kill p2 SIGUSR2 ")
        sh.close(0, "quit")


def ignore_case_from_inputrc():
    """'set completion-ignore-case on' in INPUTRC: a prefix in the other case
    still completes."""
    tmp = tempfile.mkdtemp(prefix="ipcsh-pty-")
    try:
        inputrc = os.path.join(tmp, "inputrc")
        with open(inputrc, "w") as f:
            f.write("set completion-ignore-case on\n")
        with Ipcsh(env={"INPUTRC": inputrc}) as sh:
            sh.expect_prompt()
            sh.p1_ready()
            completes_redrawn(sh, "HE\t", "help ")
            completes_redrawn(sh, "help PI\t", "help pipe ")
            completes_redrawn(sh, "kill p1 sigte\t", "kill p1 SIGTERM ")
            sh.close(0, "quit")
    finally:
        _rmtree(tmp)


def paths_in_the_current_process():
    """After 'cd' in p1, paths complete in p1's directory, not ipcsh's, and
    what is inserted stays relative; names that need it are quoted so that
    the lexer reads them back."""
    with Ipcsh() as sh:
        sub = os.path.join(sh.tmp, "sub")
        os.makedirs(os.path.join(sub, "inner-dir"))
        for name in ("only-file", "my file", "it's"):
            open(os.path.join(sub, name), "w").close()
        sh.expect_prompt()
        sh.p1_ready()
        sh.cmd("cd sub")
        completes(sh, "cd inn\t", "cd inner-dir/")
        completes(sh, "exec ./only\t", "exec ./only-file ")
        completes(sh, "exec cat 'my f\t", "exec cat 'my file' ")
        completes_redrawn(sh, "exec cat my\t", 'exec cat "my file" ')
        completes_redrawn(sh, "exec cat it\t", 'exec cat "it\'s" ')
        completes(sh, "exec cat inner-dir/../on\t", "exec cat inner-dir/../only-file ")
        sh.close(0, "quit")


def lexer_words():
    """Words are the lexer's: quotes hold blanks, ';' and '&' start a command,
    '@pN' names the process."""
    with Ipcsh() as sh:
        sh.expect_prompt()
        sh.p1_ready()
        lists(sh, "set \"trace\" o\t\t", ["off", "on"])
        completes(sh, "kill 'p1' SIGTE\t", "kill 'p1' SIGTERM ")
        completes(sh, "help 'pipe' w\t", "help 'pipe' write ")
        completes(sh, "lesson \"pipe-o\t", 'lesson "pipe-one" ')
        completes(sh, "pipe new & pi\t", "pipe new & pipe ")
        completes(sh, "@p1 set tr\t", "@p1 set trace ")
        sh.close(0, "quit")


run(nouns_and_verbs, object_handles, processes_and_signals, at_target_alone, choices_fds_and_paths,
    prediction_answers, help_arguments, lessons_settings_and_tables, signal_names_without_sig,
    ignore_case_from_inputrc, paths_in_the_current_process, lexer_words)
