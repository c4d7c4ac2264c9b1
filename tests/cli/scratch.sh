#!/usr/bin/env bash
# Scratch directories: any TMPDIR works (relative, with spaces and quotes);
# a start sweeps the directories of sessions that have ended, and no other;
# a lesson whose solution uses a table option plays through (it once freed a
# word twice).
set -u
IPCSH=${IPCSH:-build/ipcsh}
IPCSH=$(realpath "$IPCSH")
top=$(mktemp -d)
trap 'rm -rf "$top"' EXIT
fails=0
check() {	# check NAME EXPECTED ACTUAL
	[ "$2" = "$3" ] || { echo "FAIL: $1: expected [$2], got [$3]"; fails=$((fails + 1)); }
}
run() { env IPCSH_HISTORY=/dev/null XDG_STATE_HOME="$top/state" timeout 60 "$IPCSH" "$@" </dev/null 2>&1; }

# A TMPDIR with a space and a quote: the lesson's files are there and p1 works there.
odd="$top/with space'q"
mkdir -p "$odd"
out=$(TMPDIR=$odd run -c 'lesson pipe-exec' -c pwd)
check "odd TMPDIR: p1 in the scratch directory" 1 "$(grep -c "getcwd(buf, size) = \"$odd/ipcsh-scratch-" <<<"$out")"
check "odd TMPDIR: no error" 0 "$(grep -c error <<<"$out")"
check "odd TMPDIR: removed at exit" "" "$(ls -A "$odd")"

# A relative TMPDIR is taken from the current directory, not replaced by /tmp.
mkdir -p "$top/rel"
out=$(cd "$top" && TMPDIR=rel run -c 'lesson pipe-exec' -c pwd)
check "relative TMPDIR" 1 "$(grep -c "getcwd(buf, size) = \"$top/rel/ipcsh-scratch-" <<<"$out")"
out=$(cd "$top" && TMPDIR=nosuch run -c 'lesson pipe-exec')
check "missing TMPDIR: said" 1 "$(grep -c "cannot make a scratch directory in TMPDIR 'nosuch'" <<<"$out")"

# The sweep: a dead session's directory goes, a live one's and a stranger's stay.
sweep="$top/sweep"
mkdir -p "$sweep/ipcsh-scratch-1-1-AAAAAA" "$sweep/ipcsh-scratch-999999999-5-BBBBBB" "$sweep/other"
touch "$sweep/ipcsh-scratch-1-1-AAAAAA/test.dat"
start=$(awk '{ print $22 }' /proc/$$/stat)
mkdir -p "$sweep/ipcsh-scratch-$$-$start-CCCCCC" "$sweep/ipcsh-scratch-XXXXXX"
TMPDIR=$sweep run -c 'ps' >/dev/null
check "sweep" "ipcsh-scratch-$$-$start-CCCCCC ipcsh-scratch-XXXXXX other" "$(ls "$sweep" | tr '\n' ' ' | sed 's/ $//')"

# A solution line with a table option: the linter and --play take it.
cat > "$top/table.lesson" <<'LESSON'
title: Tables
recipe: none
recap: fds lists a process's fds.
step: List
text: List the fds.
about: output
check: output pipe:
hint: Look at p1's fds.
hint: fds, with a table option.
hint: Type: fds --raw p1
solution: pipe new; fds --raw p1
mistake: ps
  the last output does not show
LESSON
out=$(TMPDIR=$top run --check-lesson "$top/table.lesson"); check "table option: lint" 0 $?
out=$(TMPDIR=$top run --play "$top/table.lesson"); st=$?
check "table option: play" "0" "$st"
[ "$fails" -eq 0 ]
