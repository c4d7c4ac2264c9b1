#!/usr/bin/env bash
# Start-up errors read alike: "ipcsh: WHAT", one line, exit 2; a bad option
# adds util-linux's "Try 'ipcsh --help'" line instead of the whole usage;
# 'lesson' with no lesson installed fails.
set -u
IPCSH=${IPCSH:-build/ipcsh}
export IPCSH_HISTORY=/dev/null NO_COLOR=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
check() {	# check NAME EXPECTED ACTUAL
	if [ "$2" != "$3" ]; then
		echo "FAIL $1: expected [$2], got [$3]"
		fails=$((fails + 1))
	fi
}
try='Try '"'"'ipcsh --help'"'"' for more information.'
expect() {	# expect NAME STATUS STDERR ARG...
	local name=$1 status=$2 err=$3 out st
	shift 3
	out=$("$IPCSH" "$@" 2>&1 >/dev/null </dev/null); st=$?
	check "$name status" "$status" "$st"
	check "$name message" "$err" "$out"
}

expect "--lesson nosuch" 2 "ipcsh: no lesson 'nosuch' ('ipcsh -c lesson' lists them)" --lesson nosuch
expect "--play nosuch" 2 "ipcsh: no lesson 'nosuch' ('ipcsh -c lesson' lists them)" --play nosuch
expect "--check-lesson nosuch" 2 "ipcsh: cannot open 'nosuch': No such file or directory" --check-lesson nosuch
expect "script nosuch" 2 "ipcsh: cannot open 'nosuch': No such file or directory" nosuch
expect "--bogus" 2 "ipcsh: unrecognized option '--bogus'
$try" --bogus
expect "-z" 2 "ipcsh: invalid option -- 'z'
$try" -z
expect "-c without CMD" 2 "ipcsh: option requires an argument -- 'c'
$try" -c
expect "--color=x" 2 "ipcsh: --color takes auto, always or never, not 'x'
$try" --color=x

# A copy of the binary away from the source tree finds no lessons (unless
# one was installed system-wide): then 'lesson' must fail, not print an
# error and succeed.
cp "$IPCSH" "$tmp/ipcsh"
if [ -z "$(IPCSH_LESSONS= "$tmp/ipcsh" -c lesson 2>/dev/null)" ]; then
	out=$(IPCSH_LESSONS= "$tmp/ipcsh" -c lesson 2>&1); st=$?
	check "lesson with none installed status" 1 "$st"
	check "lesson with none installed message" "ipcsh:-c:1: error: no lessons found" "$out"
fi
exit $((fails > 0))
