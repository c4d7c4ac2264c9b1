#!/usr/bin/env bash
# The popen lesson checks calls, not text (issue 14): a lone wait that
# fails with ECHILD does not pass step 8 (it once did, its output holding
# "ECHILD"), and any sentence written to od passes steps 5 and 6 (step 6
# once wanted the hint's sentence), once its question is answered.  A script, not a transcript: uname's
# output and the pid of popen's child differ from run to run.
set -u
IPCSH=$(realpath "${IPCSH:-build/ipcsh}")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
expect() {	# expect PATTERN [NOT]: the output has (or, with NOT, has not) a line matching PATTERN
	if grep -qE -- "$1" "$tmp/out"; then
		[ -z "${2:-}" ] || { echo "FAIL: [$1] should not be in the output"; fails=$((fails + 1)); }
	else
		[ -n "${2:-}" ] || { echo "FAIL: no [$1] in the output"; fails=$((fails + 1)); }
	fi
}

cat > "$tmp/learner" <<'SCRIPT'
lesson popen
skip
skip
skip
skip
popen write "Twas brillig"
no
pclose
skip
wait
popen true r; wait; pclose
SCRIPT
(cd "$tmp" && XDG_STATE_HOME="$tmp/state" IPCSH_HISTORY=/dev/null NO_COLOR=1 \
	timeout 60 "$IPCSH" learner > "$tmp/out" 2>&1 </dev/null)
expect "that does it, once you answer the question: yes or no"
expect '^Step 5 passed'
expect '^\[p1\] 0000000   T   w   a   s'
expect '^Step 6 passed'
expect "not yet: p1's wait\(\) failed ECHILD"
expect '^wait\(&status\) = -1 ECHILD'
expect '^Step 8 passed'
expect "^Lesson 'popen' done"
[ "$fails" -eq 0 ] || { echo "--- the output:"; cat "$tmp/out"; }
[ "$fails" -eq 0 ]
