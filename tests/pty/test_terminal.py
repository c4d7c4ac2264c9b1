#!/usr/bin/env python3
"""A program started with exec prints to a terminal of its own, the size of
ipcsh's: at the prompt, a line it begins without a newline (a prompt of its
own) is shown while it waits, and the rest of the line follows.

What makes the program go on is under the test's control: it waits for a
file the test creates once the screen shows what it expects.

And colour at a terminal: an empty NO_COLOR does not turn it off.  And the
prompt and line editing stay on the terminal when standard output is a
file ('ipcsh | tee log'): the file gets what commands print, nothing else."""
import os
import sys

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptylib import COLS, ROWS, TAB, Ipcsh, ipcsh_path, run  # noqa: E402


def program(sh, text):
    """Writes the script 'w' in ipcsh's working directory and returns an
    'exec' command line that runs it: the script runs TEXT."""
    with open(os.path.join(sh.tmp, "w"), "w") as f:
        f.write(text)
    return "exec sh w"


def prompt_shown_while_program_waits():
    with Ipcsh() as sh:
        sh.expect_prompt()
        sh.fork()
        sh.line("@p2 " + program(sh, 'printf "Your name? "\n'
                                     'while [ ! -e go ]; do sleep 0.02; done\n'
                                     'echo "thanks"\n'))
        sh.expect(r"\[p2\] execvp", what="p2 to exec sh")
        sh.expect(r"\[p2\] Your name\? ", what="the program's prompt while it waits")
        open(os.path.join(sh.tmp, "go"), "w").close()
        sh.expect(r"\[p2\] thanks\n", what="the rest of the program's line")
        sh.expect(r"p2 \(pid \d+\) exited 0", what="the program to exit")
        sh.close(0, "quit 0")


def empty_no_color_keeps_colour():
    # no-color.org: NO_COLOR turns colour off only when it is not empty.
    for value, coloured in (("", True), ("1", False)):
        with Ipcsh(env={"NO_COLOR": value}) as sh:
            sh.expect_prompt()
            start = len(sh.raw)
            sh.cmd("fd close 99")
            cyan = "\x1b[36m" in sh.raw[start:]     # the colour of a trace line
            if cyan != coloured:
                sh.fail("NO_COLOR=%r: the trace line is %s, expected %s"
                        % (value, "cyan" if cyan else "not coloured", "cyan" if coloured else "no colour"))
            sh.close(0, "quit 0")


def output_to_a_file_not_the_prompt():
    # Standard output to a file; standard error the terminal, then a file
    # too (readline then writes to /dev/tty).
    for redirect in ("> out", "> out 2> err"):
        with Ipcsh(argv=["/bin/sh", "-c", 'exec "$0" %s' % redirect, ipcsh_path()]) as sh:
            sh.expect_prompt()
            sh.cmd("ps")
            sh.cmd("pipe new")
            sh.send("he" + TAB)
            sh.expect(r"help", what="Tab to complete 'he' on the terminal")
            sh.send("\x15")     # Ctrl-U: the line is empty again
            sh.close(0, "quit 0")
            with open(os.path.join(sh.tmp, "out"), encoding="utf-8", errors="replace") as f:
                out = f.read()
            if "PROC" not in out or "pipe1: read end fd 3" not in out:
                sh.fail("ipcsh %s: the file lacks the commands' output: %r" % (redirect, out))
            if "p1>" in out or "\x1b" in out or "help" in out:
                sh.fail("ipcsh %s: the prompt, the line typed or escape codes went into the file: %r"
                        % (redirect, out))


def terminal_has_ipcsh_size():
    with Ipcsh() as sh:
        sh.expect_prompt()
        sh.fork()
        sh.line("@p2 " + program(sh, 'stty size <&1\n'))
        sh.expect(r"\[p2\] %d %d\n" % (ROWS, COLS), what="stty to print ipcsh's terminal size")
        sh.close(0, "quit 0")


run(prompt_shown_while_program_waits, terminal_has_ipcsh_size, empty_no_color_keeps_colour,
    output_to_a_file_not_the_prompt)
