#!/usr/bin/env bash
# Processes outside the session: 'fds' names the program at the other end of
# a popen pipe, and reads from a popen'd command that is still working are
# not reported as blocked.
set -u
IPCSH=${IPCSH:-build/ipcsh}
export IPCSH_HISTORY=/dev/null NO_COLOR=1
fails=0
expect() {	# expect NAME PATTERN TEXT: TEXT must match the extended regex PATTERN
	printf '%s\n' "$3" | grep -qE -- "$2" || { echo "FAIL $1: no [$2] in:"; printf '%s\n' "$3"; fails=$((fails + 1)); }
}

out=$("$IPCSH" -c 'popen "exec cat" w; fds; pclose' 2>&1 </dev/null)
expect "fds names the command" '^4 +w +pipe:\[[0-9]+\] +pipe to (sh|cat) \(pid [0-9]+\), outside the session$' "$out"
expect "pclose" 'pclose\(fp\) = 0, the command exited 0' "$out"

out=$("$IPCSH" -c 'popen "sleep 0.3" r; popen read; pclose' 2>&1 </dev/null)
expect "a read from a sleeping command blocks" 'fread\(buf, 1, 4096, fp\) \.\.\. blocks' "$out"
out=$("$IPCSH" -c 'popen "i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; echo done" r; popen read; pclose' 2>&1 </dev/null)
expect "a read from a working command is not blocked" '^fread\(buf, 1, 4096, fp\) = 5 -> "done\\n"$' "$out"
[ "$fails" -eq 0 ]
