#!/usr/bin/env python3
"""session.py - the session-level fuzzer: drives the real ipcsh binary.

From a seeded generator it makes batches of command lines: the real commands
of ipcsh (their names and usage read from 'ipcsh -c help'), with references
to processes and objects that exist and that do not, quoting and escapes,
NUL bytes, invalid UTF-8, very long lines, random garbage, ';'-joined
commands and comments, mixed with the lines of tests/transcripts/*.ipcsh
and of the lessons' solutions (which reach pipelines and lessons).  Each batch is one run of ipcsh on a script file, with
no terminal, in a private temporary directory, under a timeout.  A batch
fails with

  crash      a sanitizer report, ipcsh killed by a signal, or a worker killed
             by SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGSYS or SIGTRAP
             (none of which the generator ever sends);
  hang       ipcsh still running at the timeout;
  leftover   a process of the batch still alive after ipcsh ended (every
             batch runs with its own IPCSH_FUZZ_RUN=... in the environment,
             found in /proc/*/environ, as tests/run-all finds its own).

A failing batch is saved to the failures directory with what ipcsh printed
(NAME.ipcsh, NAME.out), one line per failure is printed, and the first
failure of each kind is minimised within a time budget (lines, then
commands, are dropped while it still fails the same way: the same report, or
a hang at the same command) into NAME.min.ipcsh.  Each batch comes from its
own generator seeded by (seed, batch number), so a run is the same whatever
--jobs, and a failure's batch can be made again.  The exit status is 0 only
when no batch failed.

Safety: the programs it runs are harmless and short-lived (true, false, cat,
echo, sleep 0.1, od -c, sort, uname -a...); PATH holds only those, the
working directory, HOME, TMPDIR and XDG_STATE_HOME are a temporary directory
removed afterwards, and a line made by mutation or garbage that could exec
or popen something is dropped.

Usage: tests/fuzz/session.py [--seed S] [--lines N] [--batch K] [--jobs J]
       [--binary PATH] [--timeout SECS] [--failures DIR] [--minimize SECS]
       [--skip-known] [--replay FILE...] [-v]
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
import threading
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# Known bugs the generator can be told to avoid (--skip-known), so that a
# check stays green while one is being fixed; long runs never skip them.
# Issue 13's four (a table option with a stray argument, a wait beside a
# child's popen, a fill after a partial read, a stopped worker) are fixed:
# none is known now.
KNOWN_BUGS = set()

# Programs on the batch's PATH: all that exec and popen can find.
SAFE_PROGRAMS = ["true", "false", "cat", "echo", "sleep", "od", "sort", "uniq", "uname",
                 "head", "wc", "printf", "dd", "pwd", "tr"]
# What exec runs, and what popen's shell runs.
EXEC_LINES = ["true", "false", "cat", "echo hi", "echo a b c", "echo", "sleep 0.1", "sleep 0",
              "od -c", "sort", "uname -a", "uniq", "wc -c", "head -c 5", "pwd", "cat nosuch",
              "no-such-program-here", "tr a-z A-Z", "printf %s\\\\n x"]
POPEN_CMDS = ["true", "false", "cat", "echo made by a shell", "echo", "sleep 0.1", "od -c", "sort",
              "uname -a", "exit 3", "exit 0", "wc -c", "head -c 3", "cat; echo done",
              "echo a; echo b 1>&2", "printf 'x\\ny\\n'", "no-such-program-here", "",
              "tr a-z A-Z", "uniq"]
SIGNALS = ["TERM", "SIGTERM", "KILL", "SIGKILL", "CONT", "SIGCONT", "INT", "SIGINT", "HUP",
           "USR1", "SIGUSR2", "PIPE", "SIGPIPE", "CHLD", "ALRM", "9", "15", "18", "0", "-1",
           "65", "SIGNOPE", "sigterm", "term", ""]
STOP_SIGNALS = ["STOP", "SIGSTOP", "19", "TSTP", "SIGTSTP", "20", "TTIN", "21", "TTOU", "SIGTTOU", "22"]
CRASH_SIGNALS = "SEGV|BUS|FPE|ILL|ABRT|SYS|TRAP"
WORDS = ["hello", "x", "a", "abc", "hello World !", "Once upon a time", "pipe", "fork", "p1", "1",
         "-", "--", "--json", "--raw", "on", "off", "r", "w", "read", "write", "0", "é", "日本"]

SANITIZER_RE = re.compile(
    rb"^==\d+==ERROR: (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|MemorySanitizer)"
    rb"[^\n]*|^[^\s:]+:\d+:\d+: runtime error: [^\n]*", re.M)
WORKER_CRASH_RE = re.compile(rb"killed by SIG(" + CRASH_SIGNALS.encode() + rb")\b[^\n]*")


# ---- ipcsh's lexer, in Python: what the generator and the minimiser need ----

class LexError(Exception):
    pass


def lex(line):
    """Splits LINE (bytes) into commands of (word, quoted) as src/lexer.c does."""
    cmds, cur, i, n = [], [], 0, len(line)

    def escape(i, in_dq, word):
        if i >= n:
            raise LexError("a backslash ends the line")
        c = line[i:i + 1]
        i += 1
        if c in (b"n", b"t"):
            word += b"\n" if c == b"n" else b"\t"
        elif c in (b"\\", b'"', b"'"):
            word += c
        elif c == b"x":
            h = line[i:i + 2]
            if len(h) < 2 or not all(chr(b) in "0123456789abcdefABCDEF" for b in h):
                raise LexError("bad \\x")
            word.append(int(h, 16))
            i += 2
        elif c in (b" ", b";", b"#") and not in_dq:
            word += c
        else:
            raise LexError("bad escape")
        return i

    while i < n:
        c = line[i:i + 1]
        if c in (b" ", b"\t", b"\r", b"\v", b"\f"):
            i += 1
        elif c in (b";", b"\n"):
            if cur:
                cmds.append(cur)
            cur = []
            i += 1
        elif c == b"#":
            j = line.find(b"\n", i)
            i = n if j < 0 else j
        else:
            word, quoted = bytearray(), False
            while i < n and line[i:i + 1] not in (b" ", b"\t", b"\r", b"\n", b"\v", b"\f", b";"):
                c = line[i:i + 1]
                i += 1
                if c == b"\\":
                    i = escape(i, False, word)
                elif c == b"'":
                    j = line.find(b"'", i)
                    if j < 0:
                        raise LexError("unterminated single quote")
                    word += line[i:j]
                    i, quoted = j + 1, True
                elif c == b'"':
                    quoted = True
                    while True:
                        if i >= n:
                            raise LexError("unterminated double quote")
                        c = line[i:i + 1]
                        i += 1
                        if c == b'"':
                            break
                        if c == b"\\":
                            i = escape(i, True, word)
                        else:
                            word += c
                else:
                    word += c
            cur.append((bytes(word), quoted))
    if cur:
        cmds.append(cur)
    return cmds


def command_words(cmd):
    """The words of a lexed command after an '@pN', and the '@pN' word or None."""
    words = [w for w, _ in cmd]
    if words and words[0].startswith(b"@") and not cmd[0][1]:
        return words[1:], words[0]
    return words, None


def names(word, full, least):
    """Does WORD name FULL, as ipcsh takes a unique prefix of LEAST bytes or more?"""
    return len(word) >= least and full.startswith(word)


def unsafe(line):
    """Could LINE (made by mutation or garbage) exec or popen something, or
    settle for long?  Lines the generator writes itself are never checked."""
    try:
        cmds = lex(line)
    except LexError:
        return b"po" in line or b"ex" in line or b"se" in line
    for cmd in cmds:
        words, _ = command_words(cmd)
        if not words:
            continue
        w = words[0]
        if names(w, b"popen", 2) or names(w, b"exec", 3):
            return True
        if names(w, b"settle", 4) and len(words) > 1:
            return True
    return False


# ---- the known bugs, as predicates on the generator's moves ----

TABLE_COMMANDS = (b"objects", b"ps", b"fds")


def is_table_stray(words):
    if not words or not any(names(words[0], t, 2 if t == b"ps" else 3) for t in TABLE_COMMANDS):
        return False
    args = words[1:]
    if not any(a.startswith(b"-") for a in args):
        return False
    if len(args) == 1:
        return False
    # fds pN --json is sound
    return not (names(words[0], b"fds", 3) and len(args) == 2 and re.fullmatch(rb"p\d+", args[0])
                and args[1].startswith(b"-"))


# ---- the generator ----

def real_lines():
    """[[line...]...]: the command lines of tests/transcripts/*.ipcsh, one list a
    file, and of the lessons' solutions, one list a lesson: written by people,
    they reach the states that matter (pipelines, lessons, popen both ways)."""
    runs = []
    tdir = os.path.join(ROOT, "tests", "transcripts")
    for f in sorted(os.listdir(tdir)) if os.path.isdir(tdir) else []:
        if f.endswith(".ipcsh"):
            with open(os.path.join(tdir, f), "rb") as fh:
                runs.append([l for l in fh.read().split(b"\n") if l.strip() and not l.startswith(b"#")])
    ldir = os.path.join(ROOT, "lessons")
    for f in sorted(os.listdir(ldir)) if os.path.isdir(ldir) else []:
        if f.endswith(".lesson"):
            with open(os.path.join(ldir, f), "rb") as fh:
                runs.append([l[len(b"solution:"):].strip() for l in fh.read().split(b"\n")
                             if l.startswith(b"solution:")])
    return [r for r in runs if r]


def parse_help(text):
    """[(name words, usage args)] from 'ipcsh -c help'."""
    cmds = []
    for line in text.splitlines():
        m = re.match(r"^  (\S.*?)\s{2,}\S", line)
        if not m:
            continue
        usage = m.group(1).split()
        name = []
        for w in usage:
            if re.search(r"[A-Z\[\]|]", w) or w.startswith("--") or w == "pN":
                break
            name.append(w)
        if name:
            cmds.append((" ".join(name), usage[len(name):]))
    return cmds


BUILTIN_HELP = [("fork", []), ("exec", ["PROG", "[ARG...]"]), ("wait", ["[pN]"]), ("exit", ["[CODE]"]),
                ("kill", ["pN", "[SIG]"]), ("ps", ["[--json|--raw]"]), ("cd", ["DIR"]), ("pwd", []),
                ("fds", ["[pN]", "[--json|--raw]"]), ("fd close", ["N"]), ("fd dup2", ["OLD", "NEW"]),
                ("fd read", ["N", "[COUNT]"]), ("fd write", ["N", "TEXT"]), ("pipe new", []),
                ("pipe write", ["[REF]", "TEXT"]), ("pipe read", ["[REF]", "[COUNT]"]),
                ("pipe close", ["[REF]", "read|write"]), ("pipe info", ["[REF]"]), ("pipe fill", ["[REF]"]),
                ("popen", ["CMD", "r|w"]), ("popen read", ["[COUNT]"]), ("popen write", ["TEXT"]),
                ("pclose", []), ("objects", ["[--json|--raw]"]), ("lesson", ["[NAME]"]), ("lesson quit", []),
                ("lesson reset", []), ("next", []), ("back", []), ("hint", []), ("solution", []), ("skip", []),
                ("help", ["[NOUN", "[VERB]]"]), ("apropos", ["WORD"]), ("trace", ["[on|off]"]),
                ("set", ["NAME", "on|off"]), ("show", ["[NAME]"]), ("settle", ["[SECONDS]"]), ("restart", []),
                ("quit", ["[STATUS]"])]

# Lines with these bytes are never run (Batch.make): ipcrm's tests run in
# namespaces of their own, the fuzzer on the machine as it is.
NEVER_RUN = re.compile(rb"ipcr")

# How often each command comes, against 10 for one not named here.
WEIGHTS = {"fork": 40, "pipe new": 30, "pipe write": 40, "pipe read": 30, "pipe close": 12, "pipe info": 8,
           "pipe fill": 6, "fd close": 12, "fd dup2": 12, "fd read": 12, "fd write": 12, "fds": 8, "ps": 8,
           "wait": 12, "exit": 8, "kill": 16, "exec": 10, "popen": 14, "popen read": 10, "popen write": 10,
           "pclose": 12, "objects": 8, "cd": 4, "pwd": 4, "settle": 4, "restart": 3, "quit": 1,
           "lesson": 6, "next": 4, "skip": 6, "back": 4, "hint": 3, "solution": 3, "show": 3,
           "lesson quit": 3, "lesson reset": 3, "help": 4, "apropos": 3, "trace": 3, "set": 3}


class Batch:
    """The generator's model of one session: enough to aim at what exists."""

    def __init__(self, rng, commands, lessons, skip_known, real=()):
        self.r = rng
        self.real = real
        self.commands = commands
        self.lessons = lessons
        self.skip = skip_known
        self.procs = [1]
        self.next_proc = 2
        self.cur = 1
        self.pipes = 0
        self.popen_in = set()        # processes with a popen stream open
        self.child_popen = False     # some process other than p1 popen'd (wait-child-popen)
        self.waited = False          # some process waited (wait-child-popen)
        self.read_pipe = False       # some read from a pipe happened (fill-after-read)
        names_ = [c[0] for c in commands]
        self.weights = [WEIGHTS.get(n, 10) for n in names_]

    # -- pieces --

    def proc_ref(self):
        r = self.r.random()
        if r < 0.75 and self.procs:
            return "p%d" % self.r.choice(self.procs)
        return self.r.choice(["p0", "p99", "p%d" % self.next_proc, "p100000", "p-1", "pX", "P1", "p01",
                              "p1x", "p", "p99999"])

    def pipe_ref(self):
        r = self.r.random()
        if r < 0.7 and self.pipes:
            return "pipe%d" % self.r.randint(1, self.pipes)
        return self.r.choice(["pipe99", "pipe0", "msg1", "pipe", "pipe1x", "fifo1", "shm1", "pipe%d" % (self.pipes + 1)])

    def fd(self):
        return self.r.choice(["0", "1", "2", "3", "4", "5", "6", "3", "4", "7", "10", "1000", "1023", "1024",
                              "65535", "-1", "999999999999", "x", "0x3", "03", ""])

    def count(self):
        return self.r.choice(["1", "2", "5", "38", "4096", "65536", "65537", "0", "-1", "1048576",
                              "99999999999999999999", "x", "1.5"])

    def text(self):
        r = self.r.random()
        if r < 0.25:
            return self.r.choice(["hello", "x", "abc", "data", "123", "hello\\ world"])
        if r < 0.45:
            return '"%s"' % self.r.choice(["hello World !", "tab\\there", "nl\\n", "quote \\\" back \\\\",
                                           "\\x41\\x42\\x00C", "\\x00", "\\xff\\xfe", "", "#not a comment",
                                           "a;b", "é日本", "\\x4", "bad \\q", "\\'"])
        if r < 0.55:
            return "'%s'" % self.r.choice(["single $quotes \\n stay", "", "a\"b", "; # x"])
        if r < 0.65:
            return self.r.choice(['a"b c"\'d\'', "a\\ b\\;c\\#d", '""', "''", '"unterminated', "'open",
                                  "trailing\\", "\\x41"])
        if r < 0.75:
            return bytes(self.r.choice([0x80, 0xc3, 0xff, 0xfe, 0xe2]) for _ in range(self.r.randint(1, 6)))
        if r < 0.78:
            n = self.r.choice([100, 4095, 4096, 4097, 8192, 65536, 70000])
            return '"' + "A" * n + '"' if n < 60000 else "B" * n
        return '"%s"' % "".join(self.r.choice("abc \\t\\n;#'xyz0123") for _ in range(self.r.randint(1, 40)))

    def signal(self):
        if not (self.skip and "stopped-worker" in KNOWN_BUGS) and self.r.random() < 0.15:
            return self.r.choice(STOP_SIGNALS)
        return self.r.choice(SIGNALS)

    def placeholder(self, name, tok):
        """An argument for usage token TOK of command NAME."""
        if tok == "REF":
            return self.pipe_ref()
        if tok == "TEXT":
            return self.text()
        if tok in ("N", "OLD", "NEW"):
            return self.fd()
        if tok == "COUNT":
            return self.count()
        if tok == "pN":
            return self.proc_ref()
        if tok == "SIG":
            return self.signal()
        if tok == "CMD":
            return '"%s"' % self.r.choice(POPEN_CMDS)
        if tok == "DIR":
            return self.r.choice([".", "sub", "sub/..", "nosuch", "/proc", "/proc/self", '""', '"a\\x00b"'])
        if tok in ("CODE", "STATUS"):
            return self.r.choice(["0", "1", "3", "200", "255", "256", "-1", "x"])
        if tok == "SECONDS":
            return self.r.choice(["0", "1", "0.1", "-1", "x"])
        if tok == "NAME" and name == "lesson":
            return self.r.choice(self.lessons + ["nosuch", "../lessons/pipe-one", "./x", '""', "pipe"])
        if tok == "NAME":
            return self.r.choice(["trace", "color", "hints", "mask", "bogus", "TRACE"])
        if tok in ("NOUN", "VERB", "WORD"):
            return self.r.choice(["pipe", "write", "fork", "popen", "read", "nosuch", "fd", "kill", "p",
                                  "pipe write", "--json", "help", "lesson", "SIGPIPE", "blocks"])
        return self.r.choice(WORDS)

    def args(self, name, usage):
        """Arguments for USAGE: optional parts sometimes, alternatives one of."""
        out = []
        for tok in usage:
            opt = tok.startswith("[")
            bare = tok.strip("[]")
            rep = bare.endswith("...")
            bare = bare.rstrip(".")
            if opt and self.r.random() < 0.4:
                continue
            for _ in range(self.r.randint(1, 3) if rep else 1):
                if "|" in bare:
                    choices = bare.split("|")
                    out.append(self.r.choice(choices) if self.r.random() < 0.9 else
                               self.r.choice(["both", "rw", "", "-", "READ"]))
                else:
                    out.append(self.placeholder(name, bare))
        if self.r.random() < 0.04:    # a stray argument
            out.append(self.r.choice(WORDS + ["0", "p1", "--json"]))
        if self.r.random() < 0.04 and out:    # one missing
            out.pop(self.r.randrange(len(out)))
        return out

    def one_command(self):
        """A command, and the process it goes to (None: the current one)."""
        for _ in range(50):
            i = self.r.choices(range(len(self.commands)), self.weights)[0]
            name, usage = self.commands[i]
            if name == "exec":
                argv = [self.r.choice(EXEC_LINES)]
            else:
                argv = self.args(name, usage)
            target = None
            if self.r.random() < 0.25:
                target = self.proc_ref()
            parts = name.split()
            if self.r.random() < 0.05:    # a unique prefix, as the learner may type
                parts = [p[:max(1, len(p) - self.r.randint(0, 2))] for p in parts]
            words = parts + [a if isinstance(a, str) else a.decode("latin-1") for a in argv]
            line = " ".join(words)
            if any(isinstance(a, bytes) for a in argv):
                line = b" ".join(w.encode("utf-8") if isinstance(w, str) else w
                                 for w in parts + argv)
            else:
                line = line.encode("utf-8")
            if target:
                line = b"@" + target.encode() + b" " + line
            if self.skip and not self.allowed(name, parts, argv, target):
                continue
            self.update(name, argv, target)
            return line
        return b"ps"

    def allowed(self, name, parts, argv, target):
        """False for the KNOWN_BUGS patterns (only with --skip-known)."""
        try:
            words, _ = command_words(lex(b" ".join(p.encode() for p in parts) + b" " + b" ".join(
                a.encode("utf-8") if isinstance(a, str) else a for a in argv))[0])
        except (LexError, IndexError):
            words = []
        if "table-option-stray-arg" in KNOWN_BUGS and is_table_stray(words):
            return False
        tnum = self.target_num(target)
        if "wait-child-popen" in KNOWN_BUGS:    # in either order: a wait, then a popen in a child, hangs too
            if name == "wait" and self.child_popen or name == "popen" and tnum != 1 and self.waited:
                return False
            self.child_popen |= name == "popen" and tnum != 1
            self.waited |= name == "wait"
        if "fill-after-read" in KNOWN_BUGS and name == "pipe fill" and self.read_pipe:
            return False
        if "fill-after-read" in KNOWN_BUGS and name in ("pipe read", "fd read"):
            self.read_pipe = True
        return True

    def target_num(self, target):
        if target:
            m = re.fullmatch(r"p(\d+)", target)
            return int(m.group(1)) if m else -1
        return self.cur

    def update(self, name, argv, target):
        t = self.target_num(target)
        if name == "fork" and t in self.procs:
            self.procs.append(self.next_proc)
            self.next_proc += 1
        elif name == "pipe new" and t in self.procs:
            self.pipes += 1
        elif name == "restart":
            self.procs, self.next_proc, self.cur, self.pipes = [1], 2, 1, 0
        elif name == "exit" and t in self.procs and len(self.procs) > 1:
            self.procs.remove(t)

    # -- lines --

    def structured(self):
        r = self.r.random()
        if r < 0.08:    # several commands on a line
            sep = self.r.choice([b"; ", b";", b" ; ", b";; ", b" ;\t", b" & ", b"&", b" &; "])
            return sep.join(self.one_command() for _ in range(self.r.randint(2, 5)))
        line = self.one_command()
        if r < 0.11:
            line += self.r.choice([b"  # a comment", b"#not a comment?", b" # \xff\x00", b" \\# x"])
        elif r < 0.13:
            line = self.r.choice([b"  ", b"\t", b" \r"]) + line + self.r.choice([b"", b" ", b"\r", b"\t\v"])
        elif r < 0.14 and self.procs:
            line = b"@p%d" % self.r.choice(self.procs)    # switch the current process
            self.cur = int(line[2:])
        return line

    def mutated(self):
        line = bytearray(self.structured())
        for _ in range(self.r.randint(1, 4)):
            pos = self.r.randint(0, len(line))
            op = self.r.randrange(6)
            if op == 0:
                line[pos:pos] = self.r.choice([b'"', b"'", b"\\", b"\\x", b"\\x0", b"\\x00", b";", b"#",
                                               b"\x00", b"\xff", b"\xc3", b"\n", b"@p2 ", b" "])
            elif op == 1 and line:
                del line[pos:pos + self.r.randint(1, 4)]
            elif op == 2 and line:
                line[min(pos, len(line) - 1)] = self.r.randrange(256)
            elif op == 3:
                line[pos:pos] = self.r.choice(WORDS).encode() + b" "
            elif op == 4:
                line = line[:pos]
            else:
                line[pos:pos] = line[pos:pos + self.r.randint(1, 8)] * self.r.randint(2, 50)
        return bytes(line)

    def garbage(self):
        n = self.r.choice([0, 1, 2, 5, 20, 80, 300])
        if self.r.random() < 0.5:
            return bytes(self.r.randrange(256) for _ in range(n)).replace(b"\n", b" ")
        return "".join(self.r.choice(" abcdefghijklmnopqrstuvwxyz0123456789@\"'\\;#-|")
                       for _ in range(n)).encode()

    def real_line(self):
        """A line of a transcript or a lesson's solution (with --skip-known,
        none that makes a KNOWN_BUGS pattern)."""
        for _ in range(20):
            line = self.r.choice(self.r.choice(self.real))
            if not self.skip or self.known_safe(line):
                return line
        return b"ps"

    def line(self):
        r = self.r.random()
        if r < 0.10 and self.real:
            return self.real_line()
        if r < 0.82:
            return self.structured()
        if r < 0.90:
            kind = self.mutated
        elif r < 0.95:
            kind = self.garbage
        elif r < 0.975:
            return self.r.choice([b"", b"   ", b"# a comment line", b"#", b";", b";;", b"\t#x",
                                  b"\\", b"@", b"@p1", b"@@p1 ps", b"\x00", b"ps\x00x", b"#!/usr/bin/env ipcsh"])
        else:
            kind = self.long_line
        for _ in range(20):
            line = kind()
            if not unsafe(line) and (not self.skip or self.known_safe(line)):
                return line
        return b"pwd"

    def known_safe(self, line):
        """With --skip-known, a mutated line must not make a KNOWN_BUGS pattern."""
        try:
            cmds = lex(line)
        except LexError:
            return True
        for cmd in cmds:
            words, _ = command_words(cmd)
            if not words:
                continue
            w = words[0]
            if "table-option-stray-arg" in KNOWN_BUGS and is_table_stray(words):
                return False
            if "wait-child-popen" in KNOWN_BUGS and names(w, b"wait", 1):
                return False
            at = command_words(cmd)[1]
            if "wait-child-popen" in KNOWN_BUGS and names(w, b"popen", 2) and at not in (None, b"@p1"):
                if self.waited:
                    return False
                self.child_popen = True
            if "fill-after-read" in KNOWN_BUGS and names(w, b"pipe", 2) and len(words) > 1 \
                    and names(words[1], b"fill", 1):
                return False
            if "stopped-worker" in KNOWN_BUGS and names(w, b"kill", 1):
                sigs = [x.decode("latin-1").upper() for x in words[1:]]
                if any((x[3:] if x.startswith("SIG") else x) in
                       ("STOP", "TSTP", "TTIN", "TTOU", "19", "20", "21", "22") for x in sigs):
                    return False
        return True

    def long_line(self):
        n = self.r.choice([65535, 65536, 65537, 100000, 102400])
        r = self.r.random()
        if r < 0.3:
            head = b'pipe write "'
            return head + b"A" * (n - len(head) - 1) + b'"'
        if r < 0.5:
            return b"# " + b"c" * (n - 2)
        if r < 0.6:    # many commands: too many for the line limit, or quick ones
            return b"; ".join([b"pwd"] * (n // 5)) if n > 65536 else b";" * n
        if r < 0.7:
            return b"; ".join([b"trace on", b"trace off"] * (n // 20))[:65536]
        return bytes(self.r.randrange(32, 127) for _ in range(n))

    def make(self, nlines):
        lines = self.make_lines(nlines)
        # ipcrm removes what an id, a key or -a names, anyone's: on a shared
        # machine the fuzzer never runs it, in any form or prefix ('ipcr').
        return [b"ipcs -q" if NEVER_RUN.search(line) else line for line in lines]

    def make_lines(self, nlines):
        lines = []
        while len(lines) < nlines:
            if self.real and self.r.random() < 0.01:    # a run of a transcript's lines, in order
                run = self.r.choice(self.real)
                i = self.r.randrange(len(run))
                for line in run[i:i + self.r.randint(3, 12)]:
                    if len(lines) < nlines and (not self.skip or self.known_safe(line)):
                        lines.append(line)
                continue
            lines.append(self.line())
        if self.r.random() < 0.3:
            lines.append(b"quit")
        return lines


# ---- running a batch ----

class Runner:
    def __init__(self, args, workdir):
        self.args = args
        self.workdir = workdir
        self.bindir = os.path.join(workdir, "bin")
        os.makedirs(self.bindir, exist_ok=True)
        for p in SAFE_PROGRAMS:
            path = shutil.which(p)
            if path:
                os.symlink(path, os.path.join(self.bindir, p))
        self.counter = 0
        self.lock = threading.Lock()

    def env(self, home, marker):
        e = {k: v for k, v in os.environ.items()
             if k.startswith(("ASAN_", "UBSAN_", "LSAN_", "IPCSH_TEST_RUN", "LANG", "LC_"))}
        e.update({"PATH": self.bindir, "HOME": home, "TMPDIR": os.path.join(home, "tmp"),
                  "XDG_STATE_HOME": os.path.join(home, "state"), "XDG_CONFIG_HOME": os.path.join(home, "config"),
                  "IPCSH_MASK": "1", "NO_COLOR": "1", "IPCSH_HISTORY": "/dev/null", "TERM": "dumb",
                  "IPCSH_FUZZ_RUN": marker})
        return e

    def run(self, lines, timeout, extra_opts=()):
        """Runs LINES; returns (kind or None, detail, output)."""
        with self.lock:
            self.counter += 1
            n = self.counter
        marker = "%d-%d" % (os.getpid(), n)
        home = tempfile.mkdtemp(prefix="batch-", dir=self.workdir)
        try:
            for d in ("tmp", "state", "config", "sub"):
                os.mkdir(os.path.join(home, d))
            script = os.path.join(home, "script.ipcsh")
            with open(script, "wb") as f:
                f.write(b"\n".join(lines) + b"\n")
            cmd = [self.args.binary, "-q", "-X", "-x"] + list(extra_opts) + [script]
            start = time.monotonic()
            # the output goes to a file, not a pipe: a process left behind
            # holding it open must not look like a hang
            with open(os.path.join(home, "out"), "w+b") as outf:
                p = subprocess.Popen(cmd, cwd=home, env=self.env(home, marker), stdin=subprocess.DEVNULL,
                                     stdout=outf, stderr=subprocess.STDOUT, start_new_session=True)
                hung = False
                try:
                    p.wait(timeout=timeout)
                except subprocess.TimeoutExpired:
                    hung = True
                    try:    # SIGTERM first: ipcsh removes the System V objects it made
                        p.send_signal(signal.SIGTERM)
                        p.wait(timeout=2)
                    except (OSError, subprocess.TimeoutExpired):
                        pass
                    kill_marked(marker)
                    try:
                        os.killpg(p.pid, signal.SIGKILL)
                    except OSError:
                        pass
                    p.wait()
                outf.seek(0)
                out = outf.read()
            elapsed = time.monotonic() - start
            left = [] if hung else wait_marked(marker, 2.0)
            left_desc = ", ".join("%d %s" % (pid, cmdline(pid)) for pid in left)
            kill_marked(marker)
            self.remove_leftover_objects(home, marker)
            return classify(p.returncode, out, hung, left_desc, timeout, elapsed)
        finally:
            shutil.rmtree(home, ignore_errors=True)

    def remove_leftover_objects(self, home, marker):
        """A batch ipcsh did not end cleanly (killed at the timeout, or by a
        sanitizer) leaves its journal: what it names is removed, as a user
        would with 'ipcsh --cleanup', so that the machine keeps no queues."""
        sessions = os.path.join(home, "state", "ipcsh", "sessions")
        if os.path.isdir(sessions) and os.listdir(sessions):
            subprocess.run([self.args.binary, "--cleanup"], cwd=home, env=self.env(home, marker),
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           timeout=30)


def classify(rc, out, hung, left, timeout, elapsed):
    if hung:
        return "hang", "still running after %g s; last command: %s" % (timeout, last_command(out)), out
    m = SANITIZER_RE.search(out)
    if m:
        return "crash", m.group(0).decode("utf-8", "replace")[:200] + first_frame(out, m.end()), out
    if rc is not None and rc < 0:
        return "crash", "ipcsh killed by %s; last command: %s" % (signame(-rc), last_command(out)), out
    m = WORKER_CRASH_RE.search(out)
    if m:
        return "crash", "a worker " + m.group(0).decode("utf-8", "replace")[:200], out
    if left:
        return "leftover", "left behind: " + left, out
    return None, "exit %s in %.1f s" % (rc, elapsed), out


def first_frame(out, start):
    """' at FUNC FILE:LINE': the report's first frame in the project's code."""
    frames = re.findall(rb"#\d+ 0x[0-9a-f]+ in (\S+) (\S+)", out[start:start + 20000])
    for fn, where in frames:
        if re.search(rb"(^|/)(src|commands)/", where):
            return " at %s %s" % (fn.decode(), re.sub(r"^.*/((src|commands)/)", r"\1", where.decode()))
    return ""


def signature(kind, detail):
    """What tells one failure from another, for the summary and for minimising only the first."""
    if kind == "crash":
        return "crash: " + re.sub(r"0x[0-9a-f]+", "ADDR", crash_kind(detail)) + \
            (re.search(r" at \S+ \S+$", detail).group(0) if re.search(r" at \S+ \S+$", detail) else "")
    if kind == "hang":
        last = re.search(r"last command: (.*)$", detail)
        try:
            cmds = lex(last.group(1).encode()) if last else []
        except LexError:
            cmds = []
        words = [b" ".join(command_words(c)[0][:2]).decode("utf-8", "replace") for c in cmds]
        return "hang: last line runs " + (" ; ".join(words) or "?")
    return "leftover: " + re.sub(r"\d+ ", "", detail)


def last_command(out):
    cmds = re.findall(rb"^\+ ([^\n]*)", out, re.M)
    return cmds[-1].decode("utf-8", "replace")[:120] if cmds else "(none)"


def signame(n):
    try:
        return signal.Signals(n).name
    except ValueError:
        return "signal %d" % n


def marked(marker):
    """Pids whose environment holds IPCSH_FUZZ_RUN=MARKER."""
    needle = b"IPCSH_FUZZ_RUN=" + marker.encode() + b"\0"
    pids = []
    for d in os.listdir("/proc"):
        if not d.isdigit() or int(d) == os.getpid():
            continue
        try:
            with open("/proc/%s/environ" % d, "rb") as f:
                if needle in f.read() + b"\0":
                    pids.append(int(d))
        except OSError:
            pass
    return pids


def wait_marked(marker, grace):
    """The processes of MARKER still alive after GRACE seconds (zombies count once reaped)."""
    end = time.monotonic() + grace
    while True:
        left = [p for p in marked(marker) if not is_zombie(p)]
        if not left or time.monotonic() >= end:
            return left
        time.sleep(0.05)


def is_zombie(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return True


def kill_marked(marker):
    for _ in range(5):
        pids = marked(marker)
        if not pids:
            return
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        time.sleep(0.05)


def cmdline(pid):
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            return "(" + f.read().replace(b"\0", b" ").strip().decode("utf-8", "replace")[:60] + ")"
    except OSError:
        return "(gone)"


# ---- minimising ----

def same_failure(kind, detail, result):
    """Does RESULT fail as DETAIL did: the same report, or a hang at the same command?"""
    k, d, _ = result
    return k == kind and (kind == "leftover" or signature(k, d) == signature(kind, detail))


def crash_kind(detail):
    """'AddressSanitizer: attempting double-free', 'ipcsh killed by SIGSEGV'..."""
    return re.sub(r"==\d+==", "", detail).split(" on ")[0].split(";")[0][:80]


def minimize(runner, lines, kind, detail, budget, timeout, opts=()):
    """Drops lines, then commands of a line, while the batch still fails the same way."""
    end = time.monotonic() + budget
    # a hang: its lines after the one that hung can go at once, and a
    # shorter timeout does for the tries
    t = min(timeout, 4.0) if kind == "hang" else timeout

    def fails(cand):
        return time.monotonic() < end and same_failure(kind, detail, runner.run(cand, t, opts))

    last = re.search(r"last command: (.*)$", detail)
    if last:
        for i in range(len(lines) - 1, -1, -1):
            if lines[i].decode("utf-8", "replace")[:120] == last.group(1):
                if i + 1 < len(lines) and fails(lines[:i + 1]):
                    lines = lines[:i + 1]
                break
    chunk = max(1, len(lines) // 2)
    while chunk >= 1 and time.monotonic() < end:
        i = 0
        while i < len(lines) and time.monotonic() < end:
            cand = lines[:i] + lines[i + chunk:]
            if cand and fails(cand):
                lines = cand
            else:
                i += chunk
        chunk //= 2
    # a line of several commands: one command at a time
    i = 0
    while i < len(lines) and time.monotonic() < end:
        parts = lines[i].split(b";")
        if len(parts) > 1:
            j = 0
            while j < len(parts) and len(parts) > 1 and time.monotonic() < end:
                cand = lines[:i] + [b";".join(parts[:j] + parts[j + 1:])] + lines[i + 1:]
                if fails(cand):
                    parts = parts[:j] + parts[j + 1:]
                    lines = cand
                else:
                    j += 1
        i += 1
    return lines


# ---- main ----

def main():
    ap = argparse.ArgumentParser(description="session-level fuzzer for ipcsh")
    ap.add_argument("--seed", type=int, default=None, help="generator seed (default: from the clock)")
    ap.add_argument("--lines", type=int, default=2000, help="lines in all (default 2000)")
    ap.add_argument("--batch", type=int, default=100, help="lines a run of ipcsh (default 100)")
    ap.add_argument("--jobs", type=int, default=2, help="batches run at once (default 2)")
    ap.add_argument("--binary", default=None, help="default: build/san/ipcsh if it exists, else build/ipcsh")
    ap.add_argument("--timeout", type=float, default=None,
                    help="seconds a batch may take (default: 20 for up to 100 lines, 0.2 a line above)")
    ap.add_argument("--failures", default=os.path.join(HERE, "failures"), help="where failing batches go")
    ap.add_argument("--minimize", type=float, default=60,
                    help="seconds to minimise the first failure of each kind (0: none; default 60)")
    ap.add_argument("--skip-known", action="store_true", help="do not make the KNOWN_BUGS patterns")
    ap.add_argument("--replay", nargs="+", metavar="FILE", help="run these scripts instead of generating")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    if args.binary is None:
        san = os.path.join(ROOT, "build/san/ipcsh")
        args.binary = san if os.path.exists(san) else os.path.join(ROOT, "build/ipcsh")
    args.binary = os.path.abspath(args.binary)
    if args.seed is None:
        args.seed = int(time.time()) % 1000000
    if args.timeout is None:
        args.timeout = max(20.0, 0.2 * args.batch)
    if not os.access(args.binary, os.X_OK):
        sys.exit("session.py: no binary %s (make, or make SANITIZE=1)" % args.binary)

    workdir = tempfile.mkdtemp(prefix="ipcsh-session-fuzz-")
    try:
        return fuzz(args, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def fuzz(args, workdir):
    runner = Runner(args, workdir)
    help_out = subprocess.run([args.binary, "-q", "-X", "-c", "help"], capture_output=True,
                              env=runner.env(workdir, "help-%d" % os.getpid()), stdin=subprocess.DEVNULL,
                              cwd=workdir, timeout=30).stdout.decode("utf-8", "replace")
    commands = [c for c in parse_help(help_out) or BUILTIN_HELP if not NEVER_RUN.search(c[0].encode())]
    lessons = sorted(f[:-7] for f in os.listdir(os.path.join(ROOT, "lessons")) if f.endswith(".lesson"))
    real = real_lines()

    if args.replay:
        batches = [(f, n) for n, f in enumerate(args.replay)]
    else:
        nb = max(1, (args.lines + args.batch - 1) // args.batch)
        batches = [(i, min(args.batch, args.lines - i * args.batch)) for i in range(nb)]
    counts = {"crash": 0, "hang": 0, "leftover": 0}
    sigs = {}           # signature -> how many
    lock = threading.Lock()
    to_minimise = []
    nlines = [0]

    def one(item):
        i, n = item
        if args.replay:
            with open(i, "rb") as f:
                lines = f.read().split(b"\n")[:-1] or [b""]
        else:    # each batch from its own generator: the same whatever the jobs
            lines = Batch(random.Random("%d-%d" % (args.seed, i)), commands, lessons, args.skip_known,
                          real).make(n)
        # -e now and then: the run stops at the first failing command
        opts = ["-e"] if random.Random("%d-%s-opts" % (args.seed, i)).random() < 0.05 else []
        kind, detail, out = runner.run(lines, args.timeout, opts)
        with lock:
            nlines[0] += len(lines)
            if args.verbose:
                print("batch %s: %s (%s)" % (i, kind or "ok", detail), flush=True)
            if not kind:
                return
            counts[kind] += 1
            sig = signature(kind, detail)
            sigs[sig] = sigs.get(sig, 0) + 1
            os.makedirs(args.failures, exist_ok=True)
            name = "%s-seed%d-batch%s" % (kind, args.seed, i) if not args.replay else \
                "%s-%s" % (kind, os.path.splitext(os.path.basename(i))[0])
            path = os.path.join(args.failures, name + ".ipcsh")
            with open(path, "wb") as f:
                f.write(b"\n".join(lines) + b"\n")
            with open(os.path.join(args.failures, name + ".out"), "wb") as f:
                f.write(out)
            print("session fuzz: %s: %s: %s%s" % (kind, os.path.relpath(path), detail,
                                                 " (ipcsh -e)" if opts else ""), flush=True)
            if sigs[sig] == 1:    # the first of its kind is minimised
                to_minimise.append((name, lines, kind, detail, opts))

    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as ex:
        list(ex.map(one, batches))

    if args.minimize > 0:
        for name, lines, kind, detail, opts in to_minimise:
            small = minimize(runner, lines, kind, detail, args.minimize, args.timeout, opts)
            if len(small) < len(lines) and not same_failure(kind, detail, runner.run(small, args.timeout, opts)):
                print("session fuzz: %s: the minimised batch did not fail again: flaky?" % name, flush=True)
            elif len(small) < len(lines):
                mpath = os.path.join(args.failures, name + ".min.ipcsh")
                with open(mpath, "wb") as f:
                    f.write(b"\n".join(small) + b"\n")
                shown = b" | ".join(l[:80] for l in small[:6]).decode("utf-8", "replace")
                print("session fuzz: %s minimised to %d line%s: %s: %s%s" % (
                    name, len(small), "" if len(small) == 1 else "s", os.path.relpath(mpath), shown,
                    " ..." if len(small) > 6 else ""), flush=True)
    if len(sigs) > 0:
        print("session fuzz: the failures, by kind:")
        for sig, n in sorted(sigs.items(), key=lambda kv: -kv[1]):
            print("  %5d  %s" % (n, sig))
    print("session fuzz: %d lines in %d batches, %d crashes, %d hangs, %d left behind (seed %d)" %
          (nlines[0], len(batches), counts["crash"], counts["hang"], counts["leftover"], args.seed))
    return 0 if not sigs else 1


if __name__ == "__main__":
    sys.exit(main())
