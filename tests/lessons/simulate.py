#!/usr/bin/env python3
"""simulate.py - a learner who plays a lesson at the terminal (issue 14).

    tests/lessons/simulate.py LESSON_FILE...

For every step it first makes each wrong move the lesson lists for it
('mistake:' lines): the step must not pass and ipcsh's answer must name the
cause (the words under the mistake); then it types 'restart' and the step
must be rebuilt.  Then it plays the step from the hints alone: it asks for
hints one rung at a time and types only what a hint tells it to type ("Type:
X"), after answering the step's question (its first choice) if it has one.
The step must pass.  --play runs a lesson's own solutions in order and
cannot see any of this.

Lines are typed into a real pty, the way a person would, and each answer is
read until the prompt is back and the output has been quiet for a moment
(a program's late output arrives after the prompt)."""
import os
import re
import sys

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "pty"))
import ptylib  # noqa: E402
from ptylib import Ipcsh, TestFailure  # noqa: E402

ptylib.COLS = 250     # long solution lines fit on one line of the terminal
QUIET = 0.25          # the output is settled after this long without a byte
MAX_HINTS = 6


class Step:
    def __init__(self, title):
        self.title = title
        self.mistakes = []    # (line, words its feedback must name)
        self.choices = []


def parse(path):
    """The steps of a lesson file, with their mistakes and choices."""
    steps, cont = [], None
    with open(path) as f:
        for raw in f:
            line = raw.rstrip("\n")
            if line.startswith("  ") or line.startswith("\t"):
                if cont is not None and line.strip():
                    cont.append(line.strip())
                continue
            cont = None
            m = re.match(r"^([a-z]+):\s*(.*)$", line)
            if not m:
                continue
            key, value = m.groups()
            if key == "step":
                steps.append(Step(value))
            elif key == "mistake" and steps:
                words = []
                steps[-1].mistakes.append((value, words))
                cont = words
            elif key == "choices" and steps:
                steps[-1].choices = [w for w in re.split(r"[|\s]+", value) if w]
    return steps


class Learner:
    def __init__(self, sh, name, nsteps):
        self.sh, self.name, self.nsteps = sh, name, nsteps
        self.prompt = re.compile(r"(?m)^(?:\[%s (\d+)/%d\] )?p\d+> " % (re.escape(name), nsteps))

    def settle(self):
        """Waits for the prompt after the last line, then for a quiet moment;
        returns the output since the line and the step the prompt shows
        (0: the lesson has ended)."""
        sh = self.sh
        m = sh.expect(self.prompt.pattern, what="the prompt after the line")
        while sh._read(QUIET):
            pass
        text = sh.screen()
        last = None
        for last in self.prompt.finditer(text, m.start()):
            pass
        sh.pos = last.end()
        return last.group(1) and int(last.group(1)) or 0

    def type(self, line):
        start = self.sh.pos
        self.sh.line(line)
        step = self.settle()
        return step, self.sh.screen()[start:self.sh.pos]

    def fail(self, msg):
        self.sh.fail("%s: %s" % (self.name, msg))


def make_mistake(lr, k, line, words):
    step, out = lr.type(line)
    if step != k:
        lr.fail("step %d passed after the mistake %r" % (k, line))
    want = " ".join(words)
    if want not in " ".join(out.split()):
        lr.fail("after the mistake %r in step %d, the answer does not name %r" % (line, k, want))
    step, out = lr.type("restart")
    if step != k or "Step %d of" % k not in out:
        lr.fail("'restart' after the mistake %r did not rebuild step %d" % (line, k))


def command_from_hints(lr, k):
    """Asks for hints until one says what to type; returns that line."""
    for _ in range(MAX_HINTS):
        step, out = lr.type("hint")
        if step != k:
            lr.fail("'hint' moved off step %d" % k)
        m = re.search(r"Type: (.+?)\s*$", out, re.M)
        if m:
            return m.group(1)
        if not re.search(r"Hint \d+ of \d+", out):
            lr.fail("'hint' in step %d gave no hint: %r" % (k, out))
    lr.fail("no hint of step %d says what to type" % k)


def play(path):
    name = os.path.basename(path)[:-len(".lesson")]
    steps = parse(path)
    with Ipcsh(args=["--lesson", os.path.abspath(path)]) as sh:
        lr = Learner(sh, name, len(steps))
        k = lr.settle()
        while k:
            st = steps[k - 1]
            for line, words in st.mistakes:
                make_mistake(lr, k, line, words)
            line = command_from_hints(lr, k)
            if st.choices:
                lr.type(st.choices[0])
            after, out = lr.type(line)
            if after == k:
                lr.fail("step %d (%s) did not pass with its hint's %r:\n%s" % (k, st.title, line, out))
            k = after
        if "Lesson '%s' done" % name not in sh.screen():
            lr.fail("the lesson did not end with 'done'")
        sh.close(0, "quit 0")


def main(paths):
    failed = 0
    for p in paths:
        try:
            play(p)
            print("ok   %s" % p)
        except TestFailure as e:
            failed += 1
            print("FAIL %s: %s" % (p, e))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main(sys.argv[1:])
