#!/usr/bin/env python3
"""ipcrm -a at a terminal lists what it would remove and asks first: 'n'
keeps everything, 'y' removes it (each call traced), and the prompt and
the line editor work as before after either answer.  It runs in an IPC
namespace of its own (as root, with unshare), so that -a can only ever see
the test's objects; where it cannot have one it does nothing."""
import os
import re
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptylib import Ipcsh, run  # noqa: E402


def in_own_namespace():
    """Re-runs this test in a new IPC namespace; True once inside it."""
    if os.environ.get("IPCSH_TEST_IPCNS") == "1":
        return True
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    if subprocess.run(["unshare", "--ipc", "true"], stderr=subprocess.DEVNULL).returncode != 0:
        return False
    env = dict(os.environ, IPCSH_TEST_IPCNS="1")
    os.execvpe("unshare", ["unshare", "--ipc", sys.executable, os.path.abspath(__file__)], env)
    return False


def asks_first():
    with Ipcsh() as sh:
        sh.expect_prompt()
        sh.cmd("msg new")
        sh.cmd("shm new 64")
        sh.line("ipcrm -a")
        sh.expect(r"ipcrm -a removes 2 objects:", what="the list of what -a would remove")
        sh.expect(r"shared memory segment id \d+ \(key 0x00000000, owner root\) \[shm1\]")
        sh.expect(r"message queue id \d+ \(key 0x00000000, owner root\) \[msg1\]")
        sh.expect(r"Remove these 2 objects\? Type y and Enter", what="the question")
        sh.send("n\r")
        sh.expect(r"nothing was removed", what="'n' to keep them")
        sh.expect_prompt()
        out = sh.cmd("objects")
        if "gone" in out:
            sh.fail("'n' removed something: %r" % out)
        sh.line("ipcrm -a")
        sh.expect(r"Remove these 2 objects\?", what="the question again")
        sh.send("y\r")
        sh.expect(r"shmctl\(\d+, IPC_RMID, NULL\) = 0", what="the segment's removal")
        sh.expect(r"msgctl\(\d+, IPC_RMID, NULL\) = 0", what="the queue's removal")
        sh.expect_prompt()
        out = sh.cmd("objects")
        if len(re.findall(r"\(gone: removed\)", out)) != 2:
            sh.fail("'y' did not remove both: %r" % out)
        out = sh.cmd("ipcrm -a")
        if "nothing to remove" not in out:
            sh.fail("ipcrm -a with nothing left: %r" % out)
        sh.close(0, "quit")


def main():
    if not in_own_namespace():
        print("test_ipcrm: no IPC namespace of its own here (not root, or no unshare): nothing tested")
        return
    asks_first()


if __name__ == "__main__":
    run(main)
