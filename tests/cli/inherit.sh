#!/usr/bin/env bash
# ipcsh started with fds open beyond 0-2 hands them to p1 at the same
# numbers, and keeps no copy of them itself: ipcsh can play pipe4 for a real
# pipe3 (tests/interop/pipe3.c).
set -u
IPCSH=${IPCSH:-build/ipcsh}
B=${B:-build}
PIPE3=$B/interop/pipe3
export IPCSH_HISTORY=/dev/null NO_COLOR=1
fails=0
expect() {	# expect NAME PATTERN TEXT: TEXT must match the extended regex PATTERN
	printf '%s\n' "$3" | grep -qE -- "$2" || { echo "FAIL $1: no [$2] in:"; printf '%s\n' "$3"; fails=$((fails + 1)); }
}
[ -x "$PIPE3" ] || { echo "FAIL: no $PIPE3 ('make check' builds it)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A file on fd 3 and a pipe on fd 7, from the shell.
printf 'from a file\n' >"$tmp/in"
out=$("$IPCSH" -c 'fd read 3' -c 'fd read 7' 3<"$tmp/in" 7< <(printf 'from a pipe\n') 2>&1 </dev/null)
expect "fd 3 of ipcsh is p1's" '^read\(3, buf, 4096\) = 12 -> "from a file\\n"$' "$out"
expect "fd 7 of ipcsh is p1's" '^read\(7, buf, 4096\) = 12 -> "from a pipe\\n"$' "$out"
out=$("$IPCSH" -c fds 3<"$tmp/in" 2>&1 </dev/null)
expect "fds lists it" "^3 +r +$tmp/in" "$out"

# pipe3 execs ipcsh with the pipe's read end as fd 3: p1 reads what pipe3 wrote.
out=$("$PIPE3" r "$IPCSH" -c 'fd read 3' 2>&1 </dev/null)
expect "p1 reads pipe3's bytes" '^read\(3, buf, 4096\) = 3 -> "123"$' "$out"

# With the write end: pipe3 sees end of file once p1 closes it, while ipcsh
# still runs (ipcsh keeps no copy that would hold the pipe open).
out=$("$PIPE3" w "$IPCSH" -c 'fd write 3 hello' -c 'fd close 3' -c 'exec sleep 0.5' -c 'settle 2' 2>&1 </dev/null)
expect "pipe3 reads p1's bytes" '^pipe3 read 5 bytes: hello$' "$out"
expect "end of file while ipcsh runs" '^pipe3: end of file came while the child still ran$' "$out"

# fd 1000, where a worker's control channel would go, is p1's too: the
# channel takes another number.
out=$("$IPCSH" -c 'fd read 1000' -c fork -c '@p2 fd read 1000' 1000<"$tmp/in" 2>&1 </dev/null)
expect "fd 1000 of ipcsh is p1's" '^read\(1000, buf, 4096\) = 12 -> "from a file\\n"$' "$out"
expect "and a child's" '^\[p2\] read\(1000, buf, 4096\) = 0$' "$out"
[ "$fails" -eq 0 ]
