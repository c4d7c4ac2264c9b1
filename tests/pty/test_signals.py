#!/usr/bin/env python3
"""SIGTERM and SIGHUP to ipcsh itself, while it has forked processes: it
exits with status 128+N, gives the terminal back in cooked mode, and no
process of the session is left."""
import os
import signal
import sys

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptylib import Ipcsh, pid_alive, ps_pids, run, wait_until  # noqa: E402


def ends_everything(sig, blocked):
    with Ipcsh() as sh:
        sh.expect_prompt()
        sh.fork()
        sh.cmd("@p2 pipe new")
        if blocked:
            sh.line("@p2 pipe read")
            sh.expect(r"\[p2\] read\(3, buf, 4096\) \.\.\. blocks", what="the read in p2 to block")
            sh.expect_prompt()
        out = sh.cmd("ps")
        pids = ps_pids(out)
        if sorted(pids) != ["p1", "p2"]:
            sh.fail("ps lists %s, expected p1 and p2" % sorted(pids))
        sh.send("ps")         # a half-typed line does not hold the exit back
        sh.expect(r"ps", what="the echo of 'ps'")
        os.kill(sh.pid, sig)
        st = sh.wait_exit()
        if st != 128 + sig:
            sh.fail("after %s ipcsh exited with %s, expected %d (128+%d)"
                    % (signal.Signals(sig).name, st, 128 + sig, sig))
        if not sh.tty_cooked():
            sh.fail("the terminal is left in raw mode after %s" % signal.Signals(sig).name)
        gone = wait_until(lambda: not any(pid_alive(p) for p in pids.values()))
        if not gone:
            sh.fail("still alive after %s: %s" % (signal.Signals(sig).name,
                    ", ".join("%s (pid %d)" % (k, v) for k, v in pids.items() if pid_alive(v))))
        sh.check_no_leftovers()


def sigterm():
    ends_everything(signal.SIGTERM, blocked=False)


def sighup():
    ends_everything(signal.SIGHUP, blocked=False)


def sigterm_with_blocked_read():
    ends_everything(signal.SIGTERM, blocked=True)


def sighup_with_blocked_read():
    ends_everything(signal.SIGHUP, blocked=True)


def terminal_closed():
    # The terminal goes away (the pty's master side is closed): the kernel
    # sends SIGHUP and reads fail.  ipcsh ends, and ends its processes.
    with Ipcsh() as sh:
        sh.expect_prompt()
        sh.fork()
        pids = ps_pids(sh.cmd("ps"))
        os.close(sh.fd)
        sh.fd = None
        st = sh.wait_exit()
        if st not in (0, 128 + signal.SIGHUP):
            sh.fail("after the terminal closed ipcsh exited with %s, expected %d or 0"
                    % (st, 128 + signal.SIGHUP))
        if not wait_until(lambda: not any(pid_alive(p) for p in pids.values())):
            sh.fail("still alive after the terminal closed: %s"
                    % ", ".join("%s (pid %d)" % (k, v) for k, v in pids.items() if pid_alive(v)))
        sh.check_no_leftovers()


run(sigterm, sighup, sigterm_with_blocked_read, sighup_with_blocked_read, terminal_closed)
