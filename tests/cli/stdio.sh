#!/usr/bin/env bash
# stdio's buffers, in the popen stream: exit calls exit(3), which flushes
# them, and _exit calls _exit(2), which does not, so what 'popen write' left
# in the buffer reaches the command after exit, never after _exit; and a
# full buffer goes into the pipe at once, before any fflush or pclose.
set -u
IPCSH=$(realpath "${IPCSH:-build/ipcsh}")	# absolute: the script runs ipcsh elsewhere
export IPCSH_HISTORY=/dev/null NO_COLOR=1
fails=0
expect() {	# expect NAME PATTERN TEXT: TEXT must match the extended regex PATTERN
	printf '%s\n' "$3" | grep -qE -- "$2" || { echo "FAIL $1: no [$2] in:"; printf '%s\n' "$3"; fails=$((fails + 1)); }
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# CALL: exit or _exit.  The popen'd cat writes what reaches it into a file;
# once p1 has ended, p2 (started in its place) shows the file when cat has
# written something, or after a second if it never does.
run() {
	local call=$1
	rm -f "$tmp/got"
	(cd "$tmp" && "$IPCSH" -c 'popen "cat > got" w' -c 'popen write hello' -c "$call 5" \
		-c "exec sh -c 'for i in \$(seq 50); do [ -s got ] && break; sleep 0.02; done; echo \"got [\$(cat got)]\"'" \
		-c 'settle 5' 2>&1 </dev/null)
}
out=$(run exit)
expect "exit traces exit(3)" '^exit\(5\)$' "$out"
expect "exit ends p1" 'p1 \(pid [0-9]+\) exited 5' "$out"
expect "exit flushes the popen stream" '^\[p2\] got \[hello\]$' "$out"
out=$(run _exit)
expect "_exit traces _exit(2)" '^_exit\(5\)$' "$out"
expect "_exit ends p1" 'p1 \(pid [0-9]+\) exited 5' "$out"
expect "_exit loses the popen stream's buffer" '^\[p2\] got \[\]$' "$out"

# 5000 bytes: stdio writes the 4096 of one full buffer at once, and the
# other 904 at pclose.  The command counts the first 4096 as soon as they
# come: before p2's half-second sleep ends, long before the pclose.
out=$("$IPCSH" -c "popen 'head -c 4096 | wc -c; wc -c' w" -c "popen write $(printf '%5000s' '' | tr ' ' x)" \
	-c fork -c '@p2 exec sleep 0.5' -c 'settle 2' -c pclose 2>&1 </dev/null)
expect "a full buffer goes at once" "^  fp's buffer holds 4096 bytes, and stdio writes full buffers into the pipe at once: 4096 bytes went in now, and the command can read them$" "$out"
expect "the rest waits" '^  the other 904 wait in the buffer until fflush or pclose$' "$out"
expect "the command got 4096 bytes at once, 904 at pclose" '^\[p1\] 4096 p2 exited \[p1\] 904 pclose$' \
	"$(printf '%s\n' "$out" | sed -nE 's/^(\[p1\] [0-9]+|pclose).*/\1/p; s/^  (p2) \(pid [0-9]+\) (exited).*/\1 \2/p' | tr '\n' ' ' | sed 's/ $//')"
[ "$fails" -eq 0 ]
