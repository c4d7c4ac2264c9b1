#!/usr/bin/env python3
"""What a session that died left behind, at a terminal: the start names it
and asks; 'y' removes it and the prompt comes; anything else leaves it in
place and says how to remove it later.  The journal is written by the test,
for a queue the test made (a session killed with SIGKILL is tests/cli/journal.sh)."""
import os
import re
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptylib import Ipcsh, run, _rmtree  # noqa: E402


def make_queue():
    """A queue of the test's own, and its id and key."""
    out = subprocess.run(["ipcmk", "-Q"], capture_output=True, text=True, check=True).stdout
    qid = int(out.split()[-1])
    with open("/proc/sysvipc/msg") as f:
        for line in f:
            w = line.split()
            if w[1] == str(qid):
                return qid, int(w[0])
    raise AssertionError("no queue %d in /proc/sysvipc/msg" % qid)


def queue_there(qid):
    with open("/proc/sysvipc/msg") as f:
        return any(line.split()[1] == str(qid) for line in f)


def with_leftover(answer, removed):
    tmp = tempfile.mkdtemp(prefix="ipcsh-pty-")
    qid, key = make_queue()
    try:
        sessions = os.path.join(tmp, "state", "ipcsh", "sessions")
        os.makedirs(sessions)
        with open("/proc/sys/kernel/random/boot_id") as f:
            boot = f.read().strip()
        with open(os.path.join(sessions, "4.journal"), "w") as f:
            f.write("ipcsh-journal 1 pid=4 start=1 boot=%s\n" % boot)
            f.write("intent msg key=IPC_PRIVATE time=1\n")
            f.write("made msg msg1 id=%d key=%d ctime=1\n" % (qid, key))
        with Ipcsh(tmpdir=tmp) as sh:
            sh.expect(r"session 4 ended without removing its objects:\r?\n"
                      r"  msg1 \(a System V message queue, key 0x[0-9a-f]{8}, id %d\)" % qid,
                      what="the start to name the queue the dead session left")
            sh.expect(r"Remove them now\? \[y/N\] ", what="the question")
            time.sleep(1)       # a learner reads, then answers
            sh.line(answer)
            if removed:
                sh.expect(r"removed msg1 \(.*\), left by session 4", what="the removal")
            else:
                sh.expect(r"Left in place: 'ipcsh --cleanup' removes them later\.", what="the queue left")
            sh.expect_prompt()
            out = sh.cmd("objects")
            if "msg1" in out:
                sh.fail("a dead session's object shows in this session's table: %r" % out)
            if queue_there(qid) == removed:
                sh.fail("the queue is %s after the answer %r" % ("there" if removed else "gone", answer))
            sh.close(0, "quit")
        left = os.listdir(sessions)
        if removed and left:
            raise AssertionError("journals left after the removal: %r" % left)
        if not removed and left != ["4.journal"]:
            raise AssertionError("the journal is not kept for the next start: %r" % left)
    finally:
        subprocess.run(["ipcrm", "-q", str(qid)], capture_output=True)
        _rmtree(tmp)


def yes_removes():
    with_leftover("y", True)


def no_leaves():
    with_leftover("n", False)


def nothing_left_says_nothing():
    with Ipcsh() as sh:
        sh.expect_prompt()
        if re.search(r"ended without|Remove them", sh.screen()):
            sh.fail("a start with no leftovers asks about them: %r" % sh.screen())
        sh.close(0, "quit")


run(yes_removes, no_leaves, nothing_left_says_nothing)
