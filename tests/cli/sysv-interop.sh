#!/usr/bin/env bash
# ipcsh's System V objects are ordinary kernel objects: a compiled program
# (tests/interop/sysvpeer.c) finds them with the same ftok(PATH, ID) and
# talks to them: it receives ipcsh's message (also while it waits for one),
# ipcsh receives its typed message, and each reads what the other wrote in
# shared memory.
set -u
IPCSH=${IPCSH:-build/ipcsh}
B=${B:-build}
PEER=$B/interop/sysvpeer
export IPCSH_HISTORY=/dev/null NO_COLOR=1
fails=0
expect() {	# expect NAME PATTERN TEXT: TEXT must match the extended regex PATTERN
	printf '%s\n' "$3" | grep -qE -- "$2" || { echo "FAIL $1: no [$2] in:"; printf '%s\n' "$3"; fails=$((fails + 1)); }
}
[ -x "$PEER" ] || { echo "FAIL: no $PEER ('make check' builds it)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
touch "$tmp/key"
run() { timeout 60 "$IPCSH" "$@" 2>&1 </dev/null; }

# A message from ipcsh to the program, and one back.
out=$(run -c "msg new ftok $tmp/key a" -c 'msg send 2 "hello C"' -c fork \
	-c "@p2 exec $PEER msgrecv $tmp/key a 2" -c wait \
	-c fork -c "@p3 exec $PEER msgsend $tmp/key a 5 'from C'" -c wait -c 'msg recv 5')
expect "the program gets ipcsh's message" '^\[p2\] sysvpeer: got 8 bytes of type 2: hello C$' "$out"
expect "ipcsh gets the program's" '^msgrcv\([0-9]+, &msg, 8192, 5, 0\) = 7 -> \{mtype=5, mtext="from C"\}$' "$out"

# The program waits in msgrcv until ipcsh sends.
out=$(run -c "msg new ftok $tmp/key b" -c fork -c "@p2 exec $PEER msgrecv $tmp/key b 7" -c 'settle 1' \
	-c 'msg send 3 "not that type"' -c 'msg send 7 "that one"' -c wait -c 'msg recv nowait')
expect "it got type 7" '^\[p2\] sysvpeer: got 9 bytes of type 7: that one$' "$out"
expect "type 3 stayed" 'mtext="not that type"\}$' "$out"

# Shared memory both ways.
out=$(run -c "shm new ftok $tmp/key c 64" -c 'shm attach' -c 'shm write "ipcsh wrote this"' \
	-c fork -c "@p2 exec $PEER shmread $tmp/key c" -c wait \
	-c fork -c "@p3 exec $PEER shmwrite $tmp/key c 'C wrote that'" -c wait -c 'shm read')
expect "the program reads ipcsh's text" '^\[p2\] sysvpeer: read: ipcsh wrote this$' "$out"
expect "ipcsh reads the program's" '^strlen\(shm \+ 0\) = 12 -> "C wrote that"$' "$out"

# The program waits in semop on a semaphore ipcsh holds, until ipcsh's V.
out=$(run -c "sem new ftok $tmp/key d" -c fork -c "@p2 exec $PEER semwait $tmp/key d" -c 'settle 1' -c ps \
	-c 'sem V' -c wait -c 'sem get')
expect "it waits while the value is 0" '^p2 +[0-9]+ +[0-9]+ +exec.d .*sysvpeer' "$out"
expect "ipcsh's V lets it pass" '^\[p2\] sysvpeer: passed P$' "$out"
expect "and its V gives the value back" 'GETVAL.* = 1$' "$out"

# A segment the program removes while p1 has it attached stays, marked
# dest, with key IPC_PRIVATE: the session still sees it, until p1 detaches.
out=$(run -c "shm new ftok $tmp/key e 64" -c 'shm attach' -c fork -c "@p2 exec $PEER shmrm $tmp/key e" -c wait \
	-c objects -c 'shm detach' -c objects)
expect "the program removed it" '^\[p2\] sysvpeer: removed segment [0-9]+$' "$out"
expect "still there, dest" '^shm1 +shm +key IPC_PRIVATE, id [0-9]+ +p1 +64 bytes, nattch 1: p1; dest' "$out"
expect "gone at the detach" '^shm1 +shm +key IPC_PRIVATE, id [0-9]+ +p1 +\(gone: removed\)$' "$out"

# Nothing is left behind: the session removed what it made.  ftok's key is
# the ID, then the low bytes of the file's device and inode.
dev=$(stat -c %d "$tmp/key") ino=$(stat -c %i "$tmp/key")
for id in a b c d e; do
	key=$(printf '0x%02x%02x%04x' "'$id" $((dev & 0xff)) $((ino & 0xffff)))
	if ipcs -q -m -s | grep -qi "^$key "; then
		echo "FAIL: ftok key $key ('$id') left behind:"; ipcs -q -m -s; fails=$((fails + 1))
	fi
done
[ "$fails" -eq 0 ]
