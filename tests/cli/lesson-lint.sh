#!/usr/bin/env bash
# ipcsh --check-lesson: a sound lesson passes; each kind of fault is named
# with the file and line.
set -u
IPCSH=${IPCSH:-build/ipcsh}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
expect() {	# expect PATTERN: the linter's output must contain it
	grep -qF -- "$1" "$tmp/out" || { echo "FAIL: no [$1] in:"; cat "$tmp/out"; fails=$((fails + 1)); }
}

cat > "$tmp/good.lesson" <<'LESSON'
title: Small
recipe: pipe1.c (Beginning Linux Programming)
intro:
  Two lines
  of introduction.
recap: A pipe has two ends.

step: Make a pipe
text: Make one.
code: pipe(fds);
check: object pipe
hint: Something must exist first.
hint: The pipe family makes one.
hint: Type: pipe new
solution: pipe new
mistake: pipe write x
  there is no pipe yet
LESSON
"$IPCSH" --check-lesson "$tmp/good.lesson" > "$tmp/out" 2>&1
[ $? -eq 0 ] || { echo "FAIL: good lesson rejected"; cat "$tmp/out"; fails=$((fails + 1)); }
expect "1 steps, no problems found"

# The teaching lint, once the format is sound: a recap, a three-rung ladder
# that says what to type last, a mistake in every step.
printf 'title: t\nrecipe: r\nstep: s\ntext: x\ncheck: object pipe\nhint: Type: pipe new\nhint: h\nsolution: pipe new\n' > "$tmp/teach.lesson"
"$IPCSH" --check-lesson "$tmp/teach.lesson" > "$tmp/out" 2>&1
[ $? -eq 1 ] || { echo "FAIL: a lesson that teaches badly accepted"; fails=$((fails + 1)); }
expect "teach.lesson:1: no 'recap'"
expect "teach.lesson:3: step 's' has 2 hints: give a ladder of three or more"
expect "teach.lesson:3: step 's' has no 'mistake'"

cat > "$tmp/bad.lesson" <<'LESSON'
title: Broken
step: One
check: proces p1
solution: pipw new
foo: bar
  dangling
check: output a b
text: x
text: y
LESSON
"$IPCSH" --check-lesson "$tmp/bad.lesson" > "$tmp/out" 2>&1
[ $? -eq 1 ] || { echo "FAIL: bad lesson accepted"; fails=$((fails + 1)); }
expect "bad.lesson:3: check: unknown kind 'proces'"
expect "bad.lesson:4: solution: unknown command 'pipw'"
expect "bad.lesson:5: unknown directive 'foo'"
expect "bad.lesson:6: an indented line that continues nothing"
expect "bad.lesson:7: check: wrong number of words"
expect "bad.lesson:9: a second 'text' here"
expect "bad.lesson:1: no 'recipe'"
expect "bad.lesson:2: step 'One' has no 'hint'"

printf 'title: t\nrecipe: r\nstep: s\ntext: x\nhint: h\nsolution: pipe new\ncheck: objects bogus 0\ncheck: fd p1 3 shut\ncheck: process p2 runing\nsolution:\n' > "$tmp/words.lesson"
"$IPCSH" --check-lesson "$tmp/words.lesson" > "$tmp/out" 2>&1
expect "words.lesson:7: check: not a kind of object"
expect "words.lesson:8: check: expected open or closed"
expect "words.lesson:9: check: unknown process state"
expect "words.lesson:10: 'solution' needs a value on its line"

printf 'title: t\nrecipe: r\nfile: a/b\nfile: ok.dat 0800\nfile: ok.dat\n  x\nfile: ok.dat\nstep: s\ntext: x\nhint: h\nsolution: pipe new\ncheck: fd p1 3 pipe1 sideways\ncheck: fd p1 3 nothing1 read\ncheck: process p2 execed sort\nfile: late.dat\n' > "$tmp/files.lesson"
"$IPCSH" --check-lesson "$tmp/files.lesson" > "$tmp/out" 2>&1
expect "files.lesson:3: file: expected a plain file name"
expect "files.lesson:4: file: the mode must be octal"
expect "files.lesson:7: file: 'ok.dat' again"
expect "files.lesson:12: check: expected read or write after the reference"
expect "files.lesson:13: check: not an object reference like pipe1"
expect "files.lesson:15: 'file' belongs before the first 'step'"
grep -q "files.lesson:14" "$tmp/out" && { echo "FAIL: 'process p2 execed sort' refused"; cat "$tmp/out"; fails=$((fails + 1)); }

"$IPCSH" --check-lesson "$tmp/missing.lesson" > "$tmp/out" 2>&1
[ $? -eq 2 ] || { echo "FAIL: missing file accepted"; fails=$((fails + 1)); }
expect "ipcsh: cannot open '$tmp/missing.lesson': No such file or directory"
# --play: a check that holds before its solution, or fails after it, fails the play.
sed 's/^check: object pipe buffered 65/check: object pipe/' lessons/pipe-one.lesson > "$tmp/always.lesson"
IPCSH_MASK=1 "$IPCSH" --play "$tmp/always.lesson" > "$tmp/out" 2>&1
[ $? -eq 1 ] || { echo "FAIL: --play passed a check that always holds"; fails=$((fails + 1)); }
expect "holds before the solution runs"
sed 's/^check: object pipe buffered 65/check: object pipe buffered 66/' lessons/pipe-one.lesson > "$tmp/wrong.lesson"
IPCSH_MASK=1 "$IPCSH" --play "$tmp/wrong.lesson" > "$tmp/out" 2>&1
[ $? -eq 1 ] || { echo "FAIL: --play passed a check that fails"; fails=$((fails + 1)); }
expect "pipe1 holds 65 bytes, not 66"
"$IPCSH" --play no-such-lesson > "$tmp/out" 2>&1
[ $? -eq 2 ] || { echo "FAIL: --play of a missing lesson"; fails=$((fails + 1)); }
expect "no lesson 'no-such-lesson'"
printf 'title: t\nrecipe: r\nstep: a\ntext: x\nhint: h\nsolution: pipe new\ncheck: object pipe\npredict: Block?\nchoices: yes | wait\nanswer: maybe\nstep: b\ntext: x\nhint: h\nsolution: pipe new\ncheck: object pipe\nanswer: yes\n' > "$tmp/predict.lesson"
"$IPCSH" --check-lesson "$tmp/predict.lesson" > "$tmp/out" 2>&1
expect "predict.lesson:9: choices: 'wait' is a command of ipcsh"
expect "predict.lesson:3: step 'a': the answer 'maybe' is not one of its choices"
expect "predict.lesson:11: step 'b': 'predict', 'choices' and 'answer' go together"

# A program the solutions run that is not on $PATH is named before the steps.
sed 's/^solution: @p3 exec sort$/solution: @p3 exec no-such-sort/' lessons/pipeline.lesson > "$tmp/noprog.lesson"
IPCSH_MASK=1 "$IPCSH" --play "$tmp/noprog.lesson" > "$tmp/out" 2>&1
[ $? -eq 1 ] || { echo "FAIL: --play passed with a missing program"; fails=$((fails + 1)); }
expect "Note: this lesson runs no-such-sort, which is not on \$PATH"
[ "$fails" -eq 0 ]
