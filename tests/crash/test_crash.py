#!/usr/bin/env python3
"""Crash tests: nothing outlives the controller, whatever kills it.

    tests/crash/test_crash.py                 # = --quick: 20 kill -9 runs, one of each other way
    tests/crash/test_crash.py --runs 100      # the long version (and 5 of each other way)
    tests/crash/test_crash.py --seed 1234     # the same runs again (the seed is printed)
    tests/crash/test_crash.py --seed 1234 --only 7   # only run 7 of that seed
    IPCSH=build-san/ipcsh tests/crash/test_crash.py   # another binary (default build/ipcsh)

Each run starts ipcsh, makes its workers busy in one of the ways that matter
(SCENARIOS below: a worker blocked in read, p1 blocked in wait, popen'd
commands, exec'd programs, a grandchild worker, a stopped worker, a lesson's
scratch files, System V objects, mixtures), and kills the controller at a random moment:

  kill-9      SIGKILL of the controller, its input a pipe fed line by line
              with small random delays.  The kill lands at start-up (no line
              sent yet), or after a random number of lines plus a random
              delay (0-3 ms: often in the middle of that line's command; or
              up to 150 ms), or 'idle': once the whole script has run (a
              'ps' and an unknown command are sent after it, and the kill
              waits for the error, which flushes the output before it).
              The first pass over the scenarios always kills when idle, so
              that every busy state is covered whatever the seed.
  sigterm     the same with SIGTERM \  the first of each kind: the mix-lesson
  sighup      the same with SIGHUP   /   scenario, when idle; then random
  timeout     timeout -s KILL 1 ipcsh SCRIPT, the script ending in 'settle 300'
              while an exec'd program runs (timeout kills ipcsh's process
              group); later runs of this kind: a random duration up to 1.5 s
  pty-close   ipcsh interactive on a pty (tests/pty/ptylib.py); the pty's
              master is closed, so the kernel sends SIGHUP

After the kill, polling for up to --grace seconds (default 5), a run passes when
  (a) no live process carries the run's marker IPCSH_CRASH_RUN=<pid>-<n>
      (every process of the run has it in its environment, however it was
      reparented; found through /proc/*/environ as tests/run-all does);
  (b) the run's private TMPDIR is empty: no ipcsh-scratch-* directory (nor
      anything else) is left (the line says whether the next start removed
      it: a sweep at the next start does not make up for it);
  (c) the next start is clean: 'ipcsh -c "ps; objects"' with the same TMPDIR
      succeeds, lists p1 alone and no object, leaves no process and adds
      nothing to TMPDIR;
  (d) 'ipcsh --cleanup' then removes every System V object the killed
      session's journal names (the sysv scenario holds a queue, an attached
      segment and a set, with workers asleep in msgrcv and semop), and the
      journal itself.
Runs are judged in the background: while one run waits out its grace period
the next one is already driven, so a failing run costs no extra time.

Output: one line per failing run (scenario, seed, run number, the moment of
the kill, the states 'ps' showed, and what was left: pids with their
/proc/PID/cmdline, scratch entries), then "crash tests: N runs, F failed".
Lines starting with '#' are notes (the seed, the time taken); -v adds a line
for every run that passed.  Exit status 0 only if no run failed (2: the test could not start).

The test cleans up after itself, pass or fail, and when interrupted (SIGINT,
SIGTERM, SIGHUP): every process carrying one of its markers, and every pid it
recorded (if it is still the same process: same start time), is killed with
SIGKILL by pid, never by name; its temporary directories are removed.
Only a SIGKILL of the test itself can leave something behind.
"""
import argparse
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "pty"))
import ptylib  # noqa: E402

KEY = "IPCSH_CRASH_RUN"
PREFIX = "%d-" % os.getpid()           # every marker value of this test starts so
SENTINEL = re.compile(r"(?m)^PROC\s+PID\b")    # the header of 'ps'
# Output to a pipe or file comes in blocks; an error (on stderr) flushes
# stdout first.  So after the script: 'ps', then an unknown command, whose
# error message shows that everything before it has run and is visible.
FLUSH = "crash-test-sentinel"
FLUSHED = re.compile(re.escape(FLUSH))
PS_ROW = re.compile(r"(?m)^(p\d+)\s+(\d+)\s+(\d+)\s+(\S.*?)\s*$")


class Scenario:
    def __init__(self, name, lines, execs=False):
        self.name = name
        self.lines = lines
        self.execs = execs      # an exec'd program runs at the end ('settle' waits for it)


# The ways the session's workers can be busy when the controller dies.
SCENARIOS = [
    Scenario("pipe-read", ["pipe new", "fork", "@p2 pipe read"]),
    Scenario("wait", ["fork", "@p2 exec sleep 300", "wait"], execs=True),
    Scenario("popen", ['popen "sleep 300" r']),
    Scenario("popen-read", ['popen "sleep 300; echo x" r', "popen read"]),
    Scenario("exec", ["fork", "@p2 exec sleep 300"], execs=True),
    Scenario("grandchild", ["pipe new", "fork", "@p2 fork", "@p3 pipe read"]),
    Scenario("stopped", ["fork", "kill p2 STOP"]),
    Scenario("lesson", ["lesson pipe-exec"]),
    Scenario("lesson-exec", ["lesson pipe-exec", "pipe new", "fork", "@p2 exec ./pipe4 3"], execs=True),
    Scenario("mix-lesson", ["lesson pipe-exec", "pipe new", "fork", "@p2 exec ./pipe4 3",
                            "fork", "@p3 fork", "@p4 pipe read", "fork", "kill p5 STOP",
                            'popen "sleep 300; echo x" r', "popen read"], execs=True),
    Scenario("mix-wait", ["pipe new", "fork", "@p2 pipe read", "fork", "@p3 exec sleep 300",
                          'popen "sleep 300" r', "fork", "kill p4 STOP", "wait"], execs=True),
    Scenario("sysv", ["msg new", "shm new 64", "shm attach", "fork", "sem new", "@p2 msg recv",
                      "msg new", "@p1 sem P"]),
]
BY_NAME = {s.name: s for s in SCENARIOS}
OTHER_KINDS = ("sigterm", "sighup", "timeout", "pty-close")


class Interrupted(BaseException):
    pass


def on_signal(sig, _frame):
    raise Interrupted("interrupted by %s" % signal.Signals(sig).name)


# -- /proc -------------------------------------------------------------------
def proc_stat(pid):
    """(state, ppid, starttime) of PID, or None if it is gone."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            s = f.read()
    except OSError:
        return None
    fields = s[s.rindex(")") + 2:].split()
    return fields[0], int(fields[1]), fields[19]


def alive(pid):
    st = proc_stat(pid)
    return st is not None and st[0] not in ("Z", "X")


def scan():
    """{marker value: [pid, ...]}: the live processes carrying one of this
    test's markers."""
    found = {}
    me = os.getpid()
    needle = ("%s=%s" % (KEY, PREFIX)).encode()
    for d in os.listdir("/proc"):
        if not d.isdigit() or int(d) == me:
            continue
        try:
            with open("/proc/%s/environ" % d, "rb") as f:
                env = f.read()
        except OSError:
            continue
        if needle not in env:
            continue
        for item in env.split(b"\0"):
            if item.startswith(needle):
                if alive(int(d)):
                    value = item.split(b"=", 1)[1].decode(errors="replace")
                    found.setdefault(value, []).append(int(d))
                break
    return found


def describe(pid):
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            cmd = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        cmd = "?"
    if len(cmd) > 70:
        cmd = cmd[:67] + "..."
    st = proc_stat(pid)
    extra = " [%s, ppid %d]" % (st[0], st[1]) if st else " [gone]"
    return "%d (%s)%s" % (pid, cmd or "?", extra)


def kill_pid(pid):
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass


def journal_objects(home):
    """{(kind, id, key)} of the System V objects the session journals under
    HOME name (made records, and the ids workers filled in; see src/journal.h)."""
    d = os.path.join(home, "state", "ipcsh", "sessions")
    found = set()
    for name in (os.listdir(d) if os.path.isdir(d) else []):
        with open(os.path.join(d, name), "rb") as f:
            text = f.read().decode(errors="replace")
        for line in text.split("\n"):
            w = line.replace("\0", "").split()
            if len(w) < 2 or w[0] not in ("made", "intent") or w[1] not in ("msg", "shm", "sem"):
                continue
            f = dict(x.split("=", 1) for x in w[2:] if "=" in x)
            if "got" in f and "," in f["got"]:
                i, k = f["got"].split(",", 1)
                found.add((w[1], int(i), int(k)))
            elif w[0] == "made" and "id" in f and "key" in f:
                found.add((w[1], int(f["id"]), int(f["key"])))
    return found


def sysv_present(kind, ident, key):
    """Is there a System V object of KIND with this id and key now?"""
    with open("/proc/sysvipc/" + kind) as f:
        next(f)
        for line in f:
            w = line.split()
            if int(w[1]) == ident and int(w[0]) & 0xffffffff == key & 0xffffffff:
                return True
    return False


def entries(path):
    try:
        return sorted(os.listdir(path))
    except OSError:
        return []


def describe_entries(path, names):
    out = []
    for n in names:
        p = os.path.join(path, n)
        if os.path.isdir(p) and not os.path.islink(p):
            inner = entries(p)
            out.append("%s/ (%s)" % (n, ", ".join(inner) if inner else "empty"))
        else:
            out.append(n)
    return out


# -- one run -------------------------------------------------------------------
class Run:
    def __init__(self, n, kind, scenario, seed, base, grace, n_in_kind=0):
        self.n = n
        self.n_in_kind = n_in_kind  # 0: the first run of its kind
        self.kind = kind
        self.scenario = scenario
        self.seed = seed
        self.rng = random.Random("%s-%d" % (seed, n))   # each run reproducible alone
        self.value = PREFIX + str(n)
        self.next_value = self.value + "-next"
        self.grace = grace
        self.dir = os.path.join(base, "run-%d" % n)
        self.tmp = os.path.join(self.dir, "tmp")       # the run's TMPDIR: must end empty
        self.home = os.path.join(self.dir, "home")     # HOME, XDG_*: lesson progress, ptylib's files
        for d in (self.tmp, self.home):
            os.makedirs(d)
        self.out_path = os.path.join(self.dir, "out")
        self.proc = None        # subprocess.Popen (pipe, timeout)
        self.sh = None          # ptylib.Ipcsh (pty-close)
        self.known = {}         # pid -> start time: every pid seen, killed at the end if still the same
        self.moment = ""
        self.problems = []      # what failed, one phrase each
        self.notes = []         # what the run did not reach (not a failure)
        self.states = ""        # 'ps' before the kill
        self.deadline = None
        self.done = False

    # -- environment ------------------------------------------------------------
    def env(self, value=None):
        e = dict(os.environ)
        e.pop("IPCSH_MASK", None)
        e.update({
            KEY: value or self.value,
            "TMPDIR": self.tmp,
            "HOME": self.home,
            "XDG_STATE_HOME": os.path.join(self.home, "state"),
            "XDG_CONFIG_HOME": os.path.join(self.home, "config"),
            "IPCSH_HISTORY": "/dev/null",
            "NO_COLOR": "1",
        })
        return e

    def remember(self, pids):
        for p in pids:
            st = proc_stat(p)
            if st and p not in self.known:
                self.known[p] = st[2]

    def output(self):
        if self.sh is not None:
            try:
                while self.sh.fd is not None and self.sh._read(0):
                    pass
            except OSError:
                pass
            return self.sh.screen()
        try:
            with open(self.out_path, errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def wait_output(self, pattern, timeout):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if pattern.search(self.output()):
                return True
            if self.controller_exited():
                return bool(pattern.search(self.output()))
            time.sleep(0.01)
        return False

    def controller_exited(self):
        """True once the process we started has exited (it is then reaped)."""
        if self.proc is not None:
            return self.proc.poll() is not None
        if self.sh is not None:
            return self.sh._try_reap() is not None
        return True

    def controller_status(self):
        if self.proc is not None:
            return self.proc.returncode
        if self.sh is not None:
            return self.sh.status
        return None

    def record_ps(self):
        """The states of the last 'ps' shown, and its pids."""
        text = self.output()
        heads = list(SENTINEL.finditer(text))
        if not heads:
            return
        rows = PS_ROW.findall(text[heads[-1].end():].split("\n\n")[0])
        self.remember(int(r[1]) for r in rows)
        self.states = ", ".join("%s %s" % (r[0], r[3]) for r in rows)

    # -- the moment ----------------------------------------------------------------
    def pick_moment(self, idle):
        """(lines to send, whether to wait until they have run, delay after, words).
        IDLE: after the whole script has run; otherwise at start-up (a quarter
        of the runs), after a random number of lines (the kill often lands in
        the middle of a command), or idle."""
        n = len(self.scenario.lines)
        what = "idle" if idle else self.rng.choices(["start-up", "mid", "idle"], [25, 45, 30])[0]
        if what == "start-up":
            d = self.rng.uniform(0, 0.02)
            return 0, False, d, "at start-up +%d ms" % (d * 1000)
        if what == "mid":
            k = self.rng.randint(1, n)
            d = self.rng.uniform(0, 0.003) if self.rng.random() < 0.5 else self.rng.uniform(0, 0.15)
            return k, False, d, "after line %d/%d (%s) +%d ms" % (k, n, self.scenario.lines[k - 1], d * 1000)
        d = self.rng.uniform(0, 0.2)
        return n, True, d, "idle after all %d lines +%d ms" % (n, d * 1000)

    # -- driving ----------------------------------------------------------------------
    def start(self, idle):
        if self.kind == "timeout":
            self.start_timeout()
        elif self.kind == "pty-close":
            self.start_pty(idle)
        else:
            self.start_pipe(idle)
        self.deadline = time.monotonic() + self.grace

    def send_lines(self, k, idle, write, tty=False):
        for line in self.scenario.lines[:k]:
            time.sleep(self.rng.uniform(0, 0.03))
            write(line)
        if idle:        # wait until the whole script has run
            write("ps")
            if not tty:
                write(FLUSH)
            if not self.wait_output(SENTINEL if tty else FLUSHED, 20):
                self.notes.append("the 'ps' after the script did not show within 20 s")
            self.record_ps()

    def start_pipe(self, idle):
        k, wait, delay, self.moment = self.pick_moment(idle)
        with open(self.out_path, "wb") as out:
            self.proc = subprocess.Popen([ptylib.ipcsh_path()], stdin=subprocess.PIPE, stdout=out,
                                         stderr=subprocess.STDOUT, env=self.env(), cwd=self.home)
        self.remember([self.proc.pid])

        def write(line):
            self.proc.stdin.write((line + "\n").encode())
            self.proc.stdin.flush()
        try:
            self.send_lines(k, wait, write)
        except BrokenPipeError:
            pass
        time.sleep(delay)
        if self.proc.poll() is not None:
            self.problems.append("ipcsh had exited (status %s) before the %s: not a crash"
                                 % (self.proc.returncode, self.kind))
            return
        sig = {"kill-9": signal.SIGKILL, "sigterm": signal.SIGTERM, "sighup": signal.SIGHUP}[self.kind]
        os.kill(self.proc.pid, sig)
        # stdin stays open until ipcsh is reaped: an end of input must not end it first.

    def start_timeout(self):
        secs = 1.0 if self.n_in_kind == 0 else round(self.rng.uniform(0.05, 1.5), 2)
        self.moment = "timeout -s KILL %g" % secs
        script = os.path.join(self.dir, "script.ipcsh")
        with open(script, "w") as f:
            f.write("\n".join(self.scenario.lines + ["ps", FLUSH, "settle 300"]) + "\n")
        with open(self.out_path, "wb") as out:
            self.proc = subprocess.Popen(["timeout", "-s", "KILL", "%g" % secs, ptylib.ipcsh_path(), script],
                                         stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                         env=self.env(), cwd=self.home)
        try:
            self.proc.wait(timeout=secs + 30)
        except subprocess.TimeoutExpired:
            self.problems.append("timeout did not end within %g s" % (secs + 30))
        self.record_ps()
        out = self.output()
        if self.proc.returncode not in (-signal.SIGKILL, 128 + signal.SIGKILL) and secs >= 1:
            self.notes.append("timeout exited with %s" % self.proc.returncode)
        if not SENTINEL.search(out) and secs >= 1:
            self.notes.append("the script's 'ps' had not run when timeout killed")

    def start_pty(self, idle):
        k, wait, delay, self.moment = self.pick_moment(idle)
        self.sh = ptylib.Ipcsh(history="/dev/null", tmpdir=self.home,
                               env={KEY: self.value, "TMPDIR": self.tmp})
        self.remember([self.sh.pid])

        def write(line):
            self.output()           # keep the pty's buffer drained
            self.sh.line(line)
        try:
            self.send_lines(k, wait, write, tty=True)
        except OSError:
            pass
        time.sleep(delay)
        self.output()
        if self.sh._try_reap() is not None:
            self.problems.append("ipcsh had exited (status %s) before the terminal closed: not a crash"
                                 % self.sh.status)
        os.close(self.sh.fd)        # the terminal goes away: the kernel sends SIGHUP
        self.sh.fd = None
        self.moment = "terminal closed " + self.moment

    # -- judging ---------------------------------------------------------------------------
    def ready(self, found, now):
        """True when the run can be judged: clean, or its grace period is over."""
        self.controller_exited()    # reaps it
        self.remember(found.get(self.value, []))
        clean = not found.get(self.value) and not entries(self.tmp)
        return clean or now >= self.deadline

    def finish(self, found):
        left = [p for p in found.get(self.value, []) if alive(p)]
        if left:
            self.problems.append("left %d process%s: %s" % (len(left), "es" if len(left) > 1 else "",
                                                             ", ".join(describe(p) for p in left)))
        stale = entries(self.tmp)
        stale_desc = describe_entries(self.tmp, stale)
        self.kill_marked(self.value)
        if not self.controller_exited():
            self.problems.append("the controller (pid %d) did not end" % self.controller_pid())
        self.next_start(stale, stale_desc)
        self.done = True

    def controller_pid(self):
        return self.proc.pid if self.proc is not None else self.sh.pid

    def next_start(self, stale, stale_desc):
        """(b), then (c): 'ipcsh -c "ps; objects"' in the same TMPDIR."""
        try:
            r = subprocess.run([ptylib.ipcsh_path(), "-c", "ps; objects"], stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               env=self.env(self.next_value), cwd=self.home, timeout=30)
            out, status = r.stdout.decode(errors="replace"), r.returncode
        except subprocess.TimeoutExpired as ex:
            out, status = (ex.stdout or b"").decode(errors="replace"), "a hang (killed after 30 s)"
        except OSError as ex:
            out, status = "", "none: it could not start (%s)" % ex
        after = entries(self.tmp)
        if stale:
            swept = [e for e in stale if e not in after]
            self.problems.append("left in TMPDIR: %s%s" % (
                "; ".join(stale_desc),
                " (the next start removed %s)" % ("it" if len(stale) == 1 else "them")
                if swept == stale else " (still there after the next start)" if not swept else
                " (the next start removed %s)" % ", ".join(swept)))
        ends = ptylib.wait_until(lambda: not scan().get(self.next_value), self.grace)
        nxt = []
        if status != 0:
            nxt.append("exit status %s" % status)
        procs = re.findall(r"(?m)^(p\d+)\s+\d+\s+\d+\s", out)
        if procs != ["p1"]:
            nxt.append("ps listed %s, not p1 alone" % (", ".join(procs) or "nothing"))
        if re.search(r"(?m)^HANDLE\s+KIND\b", out):
            nxt.append("objects listed objects")
        if not ends:
            left = scan().get(self.next_value, [])
            nxt.append("left %s" % ", ".join(describe(p) for p in left))
        new = [e for e in after if e not in stale]
        if new:
            nxt.append("added to TMPDIR: %s" % "; ".join(describe_entries(self.tmp, new)))
        if nxt:
            self.problems.append("next start not clean: %s; its output: %r"
                                 % ("; ".join(nxt), out.strip()[-300:]))
        self.kill_marked(self.next_value)
        self.cleanup_objects()

    def cleanup_objects(self):
        """(d) 'ipcsh --cleanup' removes every System V object the killed
        session's journal names, and the journal; what it leaves is removed
        here (by id, when the key is still the same), and is a failure."""
        objs = journal_objects(self.home)
        try:
            r = subprocess.run([ptylib.ipcsh_path(), "--cleanup"], stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               env=self.env(self.next_value), cwd=self.home, timeout=30)
            out, status = r.stdout.decode(errors="replace"), r.returncode
        except subprocess.TimeoutExpired:
            out, status = "", "a hang (killed after 30 s)"
        self.kill_marked(self.next_value)
        left = sorted(o for o in objs if sysv_present(*o))
        for kind, ident, _ in left:
            subprocess.run(["ipcrm", {"msg": "-q", "shm": "-m", "sem": "-s"}[kind], str(ident)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        d = os.path.join(self.home, "state", "ipcsh", "sessions")
        # (a start killed before its header was in leaves a .new file, which
        # names nothing and goes after a minute)
        journals = [j for j in os.listdir(d) if j.endswith(".journal")] if os.path.isdir(d) else []
        if status != 0 or left or journals:
            self.problems.append("--cleanup (exit status %s) left %s%s; its output: %r" % (
                status, ", ".join("%s id %d" % (k, i) for k, i, _ in left) or "no object",
                ", and the journals %s" % ", ".join(journals) if journals else "", out.strip()[-300:]))

    def kill_marked(self, value, timeout=5.0):
        """SIGKILL, by pid, to every process carrying VALUE, until none is left."""
        end = time.monotonic() + timeout
        while True:
            pids = scan().get(value, [])
            if not pids or time.monotonic() >= end:
                return pids
            self.remember(pids)
            for p in pids:
                kill_pid(p)
            time.sleep(0.02)

    def cleanup(self):
        """Kills everything of this run (safe to call any time), reaps, removes its files."""
        if self.proc is not None and self.proc.poll() is None:
            kill_pid(self.proc.pid)
        for v in (self.value, self.next_value):
            self.kill_marked(v)
        for pid, start in self.known.items():      # what the markers may have missed
            st = proc_stat(pid)
            if st and st[2] == start and st[0] not in ("Z", "X"):
                kill_pid(pid)
        if self.proc is not None:
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
            if self.proc.stdin:
                try:
                    self.proc.stdin.close()
                except OSError:
                    pass
        if self.sh is not None:
            self.sh.kill()      # its process group and its own marker; reaps; closes the pty
        shutil.rmtree(self.dir, ignore_errors=True)

    def report(self):
        what = "%s %s" % (self.kind, self.scenario.name)
        ps = "; ps: %s" % self.states if self.states else ""
        notes = "; note: %s" % "; ".join(self.notes) if self.notes else ""
        return "%s (seed %s, run %d, %s%s%s): %s" % (what, self.seed, self.n, self.moment, ps, notes,
                                                     "; ".join(self.problems) if self.problems else "ok")


# -- the plan --------------------------------------------------------------------
def plan(runs, seed):
    """[(n, kind, scenario, idle, index within its kind)]."""
    rng = random.Random("plan-%s" % seed)
    items = []
    n = 0
    for i in range(runs):
        items.append((n, "kill-9", SCENARIOS[i % len(SCENARIOS)], i < len(SCENARIOS), i))
        n += 1
    mixtures = [BY_NAME["mix-lesson"], BY_NAME["mix-wait"]]     # twice as likely as the others
    for kind in OTHER_KINDS:
        for j in range(max(1, runs // 20)):
            if j == 0:
                sc = BY_NAME["mix-lesson"]
            elif kind == "timeout":     # 'settle' must have a program to wait for
                sc = rng.choice([s for s in SCENARIOS if s.execs])
            else:
                sc = rng.choice(SCENARIOS + mixtures)
            items.append((n, kind, sc, j == 0, j))
            n += 1
    return items


def kill_everything_of_ours(timeout=5.0):
    end = time.monotonic() + timeout
    while True:
        found = scan()
        pids = [p for ps in found.values() for p in ps]
        if not pids or time.monotonic() >= end:
            return pids
        for p in pids:
            kill_pid(p)
        time.sleep(0.02)


def main():
    ap = argparse.ArgumentParser(description="ipcsh crash tests: nothing outlives the controller.")
    ap.add_argument("--quick", action="store_true", help="the short version (the default): 20 kill -9 runs")
    ap.add_argument("--runs", type=int, default=None, help="kill -9 runs (default 20); other ways: RUNS/20 each")
    ap.add_argument("--seed", default=None, help="seed of the random moments (default: a random one)")
    ap.add_argument("--only", type=int, action="append", help="run only run number N (repeatable)")
    ap.add_argument("--grace", type=float, default=5.0,
                    help="seconds allowed after the kill for everything to go (default 5)")
    ap.add_argument("-v", "--verbose", action="store_true", help="a line for every run, passed or not")
    a = ap.parse_args()
    runs = a.runs if a.runs is not None else 20
    if runs < 1:
        ap.error("--runs must be at least 1")
    seed = a.seed if a.seed is not None else str(random.SystemRandom().randrange(1, 1000000))
    ipcsh = ptylib.ipcsh_path()
    if not os.access(ipcsh, os.X_OK):
        print("crash tests: no executable %s (run make, or set IPCSH)" % ipcsh)
        return 2
    if not shutil.which("timeout"):
        print("crash tests: no 'timeout' command (coreutils)")
        return 2

    for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(s, on_signal)
    items = plan(runs, seed)
    if a.only:
        items = [it for it in items if it[0] in a.only]
    print("# crash tests: seed %s (again: --seed %s%s), %s" % (seed, seed, " --runs %d" % runs if runs != 20 else "",
                                                               ipcsh))
    sys.stdout.flush()
    base = tempfile.mkdtemp(prefix="ipcsh-crash-")
    all_runs, pending = [], []
    failed = 0
    shown = 0               # the runs reported so far, in order
    started = time.monotonic()

    def show():
        nonlocal shown
        while shown < len(all_runs) and all_runs[shown].done:
            r = all_runs[shown]
            if r.problems:
                print("FAIL " + r.report())
            elif a.verbose:
                print("ok   " + r.report())
            shown += 1
        sys.stdout.flush()

    def judge(final):
        nonlocal failed
        while pending:
            found = scan()
            now = time.monotonic()
            for r in [r for r in pending if r.ready(found, now)]:
                pending.remove(r)
                try:
                    r.finish(found)
                except Exception as ex:     # a fault of the test, reported as such
                    r.problems.append("the test could not judge it: %s: %s" % (type(ex).__name__, ex))
                    r.done = True
                r.cleanup()
                failed += bool(r.problems)
            show()
            if not final:
                return
            if pending:
                time.sleep(0.05)

    interrupted = None
    try:
        for n, kind, sc, idle, j in items:
            r = Run(n, kind, sc, seed, base, a.grace, j)
            all_runs.append(r)
            pending.append(r)
            try:
                r.start(idle)
            except Exception as ex:     # a fault of the test, reported as such
                r.problems.append("the test could not drive it: %s: %s" % (type(ex).__name__, ex))
                r.deadline = time.monotonic()
            judge(final=False)
        judge(final=True)
    except (Interrupted, KeyboardInterrupt) as ex:
        interrupted = str(ex) or "interrupted"
    finally:
        for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
            signal.signal(s, signal.SIG_IGN)
        for r in all_runs:
            r.cleanup()
        left = kill_everything_of_ours()
        shutil.rmtree(base, ignore_errors=True)
        if left:
            print("crash tests: could not kill %s" % ", ".join(describe(p) for p in left))
    if interrupted:
        print("crash tests: %s: %d of %d runs judged, %d failed" % (interrupted, shown, len(items), failed))
        return 130
    print("# %.1f s" % (time.monotonic() - started))
    print("crash tests: %d runs, %d failed" % (len(items), failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
