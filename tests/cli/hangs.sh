#!/usr/bin/env bash
# Lines that once never ended (issue 13; several found by the session fuzzer):
# each script must end within the timeout, say what it should, and leave
# ipcsh's processes settled as ps shows them.
set -u
IPCSH=${IPCSH:-build/ipcsh}
fails=0
run() {	# run NAME EXPECTED-LINE-PATTERN ipcsh-args...
	local name=$1 want=$2 out st
	shift 2
	out=$(env IPCSH_HISTORY=/dev/null timeout 30 "$IPCSH" "$@" </dev/null 2>&1)
	st=$?
	if [ "$st" -eq 124 ]; then
		echo "FAIL: $name: still running after 30 s"; fails=$((fails + 1))
	elif ! grep -qE -- "$want" <<<"$out"; then
		echo "FAIL: $name: no line matching [$want] in:"; printf '%s\n' "$out" | tail -15; fails=$((fails + 1))
	fi
}
# A child dies while its parent is blocked in pclose: pclose waits for the
# popen'd command alone, so the child is a zombie at once.
run "pclose and a dying child" '^p2 +[0-9]+ +[0-9]+ +zombie$' \
	-c 'popen "cat" w' -c fork -c fork -c pclose -c '@p2 exit' -c ps -c 'kill p3'
run "pclose names its command" 'pclose\(fp\) \.\.\. blocks: the command it waits for, [a-z]+ \(pid [0-9]+, not one of the session' \
	-c 'popen "cat" w' -c fork -c pclose -c 'kill p2'
# A stopped parent in wait collects nothing: its child's death is told at
# once, and once continued the wait returns.
run "stopped waiting parent" '^  p2 \(pid [0-9]+\) exited 7; it is a zombie until p1 calls wait$' \
	-c fork -c wait -c 'kill p1 STOP' -c '@p2 exit 7' -c ps
run "continued waiting parent" '^p1 +[0-9]+ +[0-9]+ +ready$' \
	-c fork -c wait -c 'kill p1 STOP' -c '@p2 exit 7' -c 'kill p1 CONT' -c ps
run "wait, then a child popens" '^p1 +[0-9]+ +[0-9]+ +blocked in wait$' \
	-c fork -c wait -c '@p2 popen true r' -c ps
run "grandchild while an ancestor waits" '^p3 +[0-9]+ +[0-9]+ +ready$' \
	-c fork -c '@p2 fork' -c '@p2 wait' -c '@p3 pipe new' -c ps -c '@p3 exit'
# A program that computes, stopped and continued: it acts on SIGCONT by
# running on, for good; the settle after the kill once waited for it forever.
run "a computing program continued" "^p2 +[0-9]+ +[0-9]+ +exec'd sh\$" \
	-c fork -c "@p2 exec sh -c 'while :; do :; done'" -c 'kill p2 STOP' -c 'kill p2 CONT' -c ps -c 'kill p2 KILL'
[ "$fails" -eq 0 ]
