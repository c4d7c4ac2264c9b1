"""ptylib - drive the interactive ipcsh in a pseudo-terminal, for the pty tests.

    from ptylib import Ipcsh, run
    def main():
        with Ipcsh() as sh:
            sh.expect_prompt()
            sh.line("ps")
            sh.expect(r"PROC\s+PID")
            sh.close()          # sends quit, checks exit status 0 and reaping
    run(main)

The binary is $IPCSH (default build/ipcsh relative to the repository root).
It runs in a fresh pty of 80x24, TERM=xterm, NO_COLOR=1, in a private
temporary directory (sh.tmp, also its working directory) which holds HOME,
XDG_STATE_HOME and XDG_CONFIG_HOME,
IPCSH_HISTORY in that directory (unless given) and an empty INPUTRC, so the
system's readline settings do not change what the tests see.

Output is read with timeouts and matched with expect(); ANSI escape
sequences are stripped before matching.  Nothing waits for a fixed time to
decide an outcome: each step waits for the output it expects, or fails with
the screen so far.

Every process the session starts carries a marker in its environment; the
cleanup (always run, even when a test fails) kills ipcsh's process group and
any process carrying the marker, wherever it was reparented.
"""
import codecs
import errno
import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import tempfile
import termios
import time
import traceback

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TIMEOUT = 10.0
ROWS, COLS = 24, 80

# CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \), two-byte escapes
# (ESC = , ESC > , ESC 7 ...), charset selection (ESC ( B), and the bell.
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]"
                   r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
                   r"|\x1b[()][0-9A-Za-z]"
                   r"|\x1b[@-Z\\-_=>78]"
                   r"|\x07")

KEY_UP = "\x1b[A"
KEY_DOWN = "\x1b[B"
CTRL_C = "\x03"
CTRL_D = "\x04"
TAB = "\t"
ENTER = "\r"


class TestFailure(Exception):
    pass


def strip_ansi(text):
    """TEXT without escape sequences.  CR LF becomes LF, and so does a CR
    alone (readline's return to column 0 before it redraws or clears a
    line), so that what starts a line on the screen starts a line here."""
    return re.sub(r"\n?\r+", "\n", _ANSI.sub("", text).replace("\r\n", "\n"))


def ipcsh_path():
    p = os.environ.get("IPCSH") or "build/ipcsh"
    if not os.path.isabs(p):
        p = os.path.join(ROOT, p)
    return p


def pid_alive(pid):
    """True if PID exists and is not a zombie."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            stat = f.read()
    except OSError:
        return False
    state = stat[stat.rindex(")") + 2:].split()[0]
    return state not in ("Z", "X")


def pids_with_marker(marker):
    """Pids of live processes whose environment holds MARKER."""
    found = []
    needle = marker.encode()
    for d in os.listdir("/proc"):
        if not d.isdigit() or int(d) == os.getpid():
            continue
        try:
            with open("/proc/%s/environ" % d, "rb") as f:
                env = f.read()
        except OSError:
            continue
        if needle in env.split(b"\0") and pid_alive(int(d)):
            found.append(int(d))
    return found


def wait_until(pred, timeout=TIMEOUT, step=0.02):
    """Polls PRED until it is true or TIMEOUT passes; returns its last value."""
    end = time.monotonic() + timeout
    while True:
        v = pred()
        if v or time.monotonic() >= end:
            return v
        time.sleep(step)


class Ipcsh:
    def __init__(self, args=(), history=None, env=None, tmpdir=None, argv=None):
        """Starts ipcsh ARGS in a pty.  HISTORY: value of IPCSH_HISTORY (default
        TMP/history; False: not set); ENV: more variables; TMPDIR: use this
        directory (and keep it) instead of a fresh one; ARGV: run this
        instead (a shell that starts ipcsh, say), in the same environment."""
        self._own_tmp = tmpdir is None
        self.tmp = tmpdir or tempfile.mkdtemp(prefix="ipcsh-pty-")
        self.history = history if history is not None else os.path.join(self.tmp, "history")
        self.marker = "IPCSH_PTY_MARK=%d-%d-%d" % (os.getpid(), id(self), time.monotonic_ns())
        self.raw = ""
        self.pos = 0           # where the next expect() starts, in self.screen()
        self.status = None     # exit status once reaped (os.waitstatus_to_exitcode)
        self.pid = None
        self.fd = None
        self.eof = False
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")

        inputrc = os.path.join(self.tmp, "inputrc")
        if not os.path.exists(inputrc):
            open(inputrc, "w").close()
        e = dict(os.environ)
        for k in ("LINES", "COLUMNS", "IPCSH_MASK", "IPCSH_HISTORY", "TERMCAP"):
            e.pop(k, None)
        e.update({
            "TERM": "xterm",
            "NO_COLOR": "1",
            "LC_ALL": "C.UTF-8",
            "HOME": self.tmp,
            "XDG_STATE_HOME": os.path.join(self.tmp, "state"),
            "XDG_CONFIG_HOME": os.path.join(self.tmp, "config"),
            "INPUTRC": inputrc,
        })
        if self.history is not False:
            e["IPCSH_HISTORY"] = self.history
        e.update(env or {})
        k, v = self.marker.split("=", 1)
        e[k] = v
        argv = list(argv) if argv else [ipcsh_path()] + list(args)
        if not os.access(argv[0], os.X_OK):
            raise TestFailure("no executable %s (run make, or set IPCSH)" % argv[0])

        pid, fd = pty.fork()
        if pid == 0:
            try:
                os.chdir(self.tmp)
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
                os.execve(argv[0], argv, e)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))

    # -- context manager: always clean up ----------------------------------
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.kill()
        return False

    # -- reading ------------------------------------------------------------
    def _read(self, timeout):
        """Waits up to TIMEOUT for output; True if some was read.  At the end
        of the output (every holder of the terminal gone) sets self.eof."""
        if self.fd is None or self.eof:
            self.eof = True
            return False
        r, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not r:
            return False
        try:
            data = os.read(self.fd, 65536)
        except OSError as ex:
            if ex.errno != errno.EIO:   # EIO: the slave side is closed
                raise
            data = b""
        if not data:
            self.eof = True
            return False
        self.raw += self._decoder.decode(data)
        return True

    def screen(self):
        """All output so far, escape sequences stripped."""
        return strip_ansi(self.raw)

    def fail(self, msg):
        """Raises TestFailure with MSG and the end of the output so far;
        '|' marks where the next expect() would start matching."""
        s = self.screen()
        marked = s[:self.pos] + "|" + s[self.pos:]
        tail = marked[-2500:]
        raise TestFailure("%s\n--- output so far (%s) ---\n%s\n--- end of output ---"
                          % (msg, "last %d chars" % len(tail) if len(tail) < len(marked) else "all",
                             tail))

    def expect(self, pattern, timeout=TIMEOUT, what=None):
        """Waits for PATTERN (a regex) in the output after the last match;
        returns the match and moves past it.  Fails with the output so far."""
        rx = re.compile(pattern)
        end = time.monotonic() + timeout
        while True:
            m = rx.search(self.screen(), self.pos)
            if m:
                self.pos = m.end()
                return m
            left = end - time.monotonic()
            if left <= 0:
                self.fail("timed out after %.0f s waiting for %s" % (timeout, what or repr(pattern)))
            self._read(min(left, 0.5))
            if self.eof:
                m = rx.search(self.screen(), self.pos)
                if m:
                    self.pos = m.end()
                    return m
                self.fail("the output ended (ipcsh's status: %s) while waiting for %s"
                          % (self._try_reap(), what or repr(pattern)))

    def expect_all(self, patterns, timeout=TIMEOUT, what=None):
        """Waits until every regex of PATTERNS is found after the last match,
        in any order (lines from different processes may come either way);
        moves past the last one and returns the matches."""
        end = time.monotonic() + timeout
        while True:
            s = self.screen()
            ms = [re.search(p, s[self.pos:]) for p in patterns]
            if all(ms):
                self.pos += max(m.end() for m in ms)
                return ms
            left = end - time.monotonic()
            missing = [p for p, m in zip(patterns, ms) if not m]
            if left <= 0 or self.eof:
                self.fail("%s waiting for %s (missing: %s)"
                          % ("timed out after %.0f s" % timeout if left <= 0 else "the output ended",
                             what or "all of %r" % (patterns,), missing))
            self._read(min(left, 0.5))

    def expect_prompt(self, name="p1", timeout=TIMEOUT):
        return self.expect(r"(?m)^%s> " % re.escape(name), timeout, "the prompt '%s> '" % name)

    # -- writing ------------------------------------------------------------
    def send(self, keys):
        """Types KEYS (a str, sent as UTF-8)."""
        data = keys.encode()
        while data:
            n = os.write(self.fd, data)
            data = data[n:]

    def line(self, text):
        """Types TEXT then Enter."""
        self.send(text + ENTER)

    def cmd(self, text, prompt="p1", timeout=TIMEOUT):
        """Types TEXT and Enter at a prompt, waits for its echo then for the
        next prompt PROMPT; returns the output between (escape sequences
        stripped).  TEXT should fit on one line of the terminal."""
        self.line(text)
        self.expect(re.escape(text) + r"\n", timeout, "the echo of %r" % text)
        start = self.pos
        m = self.expect_prompt(prompt, timeout)
        return self.screen()[start:m.start()]

    def p1_ready(self):
        """Waits until p1 has answered a command ('fd read 0': p1's stdin is
        /dev/null, so the read returns 0 at once).  Until then p1 may still
        be in ipcsh's process group, where a Ctrl-C from the terminal kills
        it (a known bug, see test_ctrl_c.py): call this before sending Ctrl-C
        to a session that has run no command in p1 yet."""
        out = self.cmd("fd read 0")
        if not re.search(r"read\(0, buf, \d+\) = 0", out):
            self.fail("p1 did not answer 'fd read 0' as expected: %r" % out)

    def tty_cooked(self):
        """True if the terminal is in cooked mode (ICANON and ECHO), as a shell
        expects to find it; readline turns both off while it reads a line."""
        lflag = termios.tcgetattr(self.fd)[3]
        return bool(lflag & termios.ICANON) and bool(lflag & termios.ECHO)

    def fork(self, parent="p1", child="p2"):
        """'fork' in PARENT (the current process), then 'settle' so that CHILD
        has reported and is idle before the next command."""
        start = self.pos
        self.cmd("fork", parent)
        self.cmd("settle", parent)
        if not re.search(r"\[%s\] fork\(\) = 0" % child, self.screen()[start:self.pos]):
            self.fail("no '[%s] fork() = 0' after fork and settle" % child)

    # -- the end ------------------------------------------------------------
    def _try_reap(self):
        if self.status is None and self.pid is not None:
            try:
                pid, st = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                return None
            if pid == self.pid:
                self.status = os.waitstatus_to_exitcode(st)
        return self.status

    def wait_exit(self, timeout=TIMEOUT):
        """Waits for ipcsh to exit, reading its output; returns the exit code
        (negative: killed by that signal).  Fails if it does not exit."""
        end = time.monotonic() + timeout
        while self._try_reap() is None:
            left = end - time.monotonic()
            if left <= 0:
                self.fail("ipcsh did not exit within %.0f s" % timeout)
            self._read(min(left, 0.1))
            if self.eof:
                # No more output: the exit is near; wait for it without busy looping.
                time.sleep(0.01)
        while self._read(0):   # what is left in the pty
            pass
        return self.status

    def check_no_leftovers(self, timeout=TIMEOUT):
        """Fails if a process of this session is still alive after TIMEOUT."""
        left = wait_until(lambda: not pids_with_marker(self.marker), timeout)
        if not left:
            pids = pids_with_marker(self.marker)
            desc = []
            for p in pids:
                try:
                    with open("/proc/%d/cmdline" % p, "rb") as f:
                        desc.append("%d (%s)" % (p, f.read().replace(b"\0", b" ").decode(errors="replace").strip()))
                except OSError:
                    desc.append(str(p))
            self.fail("processes of the session left behind: " + ", ".join(desc))

    def close(self, status=0, how="quit"):
        """Ends the session with HOW (a line to type, or None: already ending),
        checks the exit status, that ipcsh is reaped and nothing is left."""
        if how is not None:
            self.line(how)
        st = self.wait_exit()
        if st != status:
            self.fail("ipcsh exited with status %s, expected %s" % (st, status))
        try:
            os.waitpid(self.pid, os.WNOHANG)
            self.fail("ipcsh (pid %d) is still our child after it was reaped" % self.pid)
        except ChildProcessError:
            pass
        if pid_alive(self.pid):
            self.fail("pid %d is still alive after ipcsh exited" % self.pid)
        self.check_no_leftovers()
        return st

    def kill(self):
        """Cleanup, safe to call any time: asks ipcsh to end (SIGTERM, so that it
        removes the System V objects it made), then kills its process group and
        every process carrying this session's marker, reaps ipcsh, closes the
        pty."""
        if self.pid is not None and self._try_reap() is None:
            try:
                os.kill(self.pid, signal.SIGTERM)
            except OSError:
                pass
            end = time.monotonic() + 3
            while self._try_reap() is None and time.monotonic() < end:
                self._read(0.05)
        if self.pid is not None and self._try_reap() is None:
            try:
                os.killpg(self.pid, signal.SIGKILL)
            except OSError:
                pass
        for _ in range(50):
            pids = pids_with_marker(self.marker)
            if not pids:
                break
            for p in pids:
                try:
                    os.kill(p, signal.SIGKILL)
                except OSError:
                    pass
            time.sleep(0.02)
        if self.pid is not None and self.status is None:
            try:
                _, st = os.waitpid(self.pid, 0)
                self.status = os.waitstatus_to_exitcode(st)
            except ChildProcessError:
                pass
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        if self._own_tmp:
            _rmtree(self.tmp)


def _rmtree(path):
    for root, dirs, files in os.walk(path, topdown=False):
        for n in files:
            try:
                os.unlink(os.path.join(root, n))
            except OSError:
                pass
        for n in dirs:
            try:
                os.rmdir(os.path.join(root, n))
            except OSError:
                pass
    try:
        os.rmdir(path)
    except OSError:
        pass


def ps_pids(text):
    """{PROC: PID} from the output of 'ps'."""
    return {m.group(1): int(m.group(2)) for m in re.finditer(r"(?m)^(p\d+)\s+(\d+)\s+\d+\s+\S", text)}


def run(*tests):
    """Runs each test function in turn; prints 'ok NAME' or the failure and
    exits 0 only if all passed."""
    failed = 0
    for t in tests:
        name = t.__name__
        try:
            t()
        except Exception as ex:
            if isinstance(ex, TestFailure):
                msg = str(ex)
            else:
                msg = "unexpected error\n" + traceback.format_exc()
            failed += 1
            print("FAIL %s: %s" % (name, msg))
        else:
            print("ok   %s" % name)
        sys.stdout.flush()
    sys.exit(1 if failed else 0)
