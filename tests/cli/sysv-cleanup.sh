#!/usr/bin/env bash
# The System V objects a session makes are removed at 'restart' and when it
# ends (quit, end of input, SIGTERM, SIGHUP), attached segments included; an
# object removed from outside (ipcrm) is seen as gone.
set -u
IPCSH=${IPCSH:-build/ipcsh}
export IPCSH_HISTORY=/dev/null NO_COLOR=1
fails=0
bad() { echo "FAIL $*"; fails=$((fails + 1)); }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
touch "$tmp/key"
dev=$(stat -c %d "$tmp/key") ino=$(stat -c %i "$tmp/key")
key() { printf '0x%02x%02x%04x' "'$1" $((dev & 0xff)) $((ino & 0xffff)); }
present() { ipcs -q -m 2>/dev/null | grep -qi "^$(key "$1") "; }
make_them() { printf '%s\n' "msg new ftok $tmp/key $1" "shm new ftok $tmp/key $2 64" 'shm attach' 'fork'; }

# restart removes them, and the session goes on
out=$( { make_them a b; echo 'msg send 1 kept?'; echo restart; echo objects; echo "msg new ftok $tmp/key a"; echo 'msg stat'; } |
	timeout 60 "$IPCSH" 2>&1)
printf '%s\n' "$out" | grep -q 'msg_qnum 0 ' || bad "restart: the queue made again is not a new, empty one:"$'\n'"$out"
present a && bad "the queue is left after the session"
present b && bad "the segment is left after restart and the end"

# the end of the session, however it comes
for how in quit eof TERM HUP; do
	case $how in
	quit) { make_them c d; echo quit; } | timeout 60 "$IPCSH" >/dev/null 2>&1 ;;
	eof) make_them c d | timeout 60 "$IPCSH" >/dev/null 2>&1 ;;
	*)	# input kept open on a FIFO, so that the signal ends the session
		rm -f "$tmp/in"; mkfifo "$tmp/in"
		timeout 60 "$IPCSH" <"$tmp/in" >/dev/null 2>&1 &
		exec 3>"$tmp/in"
		make_them c d >&3
		for _ in $(seq 100); do present c && present d && break; sleep 0.1; done
		sleep 0.3
		kill -"$how" $!	# timeout passes the signal on to ipcsh
		wait
		exec 3>&- ;;
	esac
	present c && bad "$how: the queue is left behind"
	present d && bad "$how: the segment is left behind"
	ipcrm -Q "$(key c)" -M "$(key d)" 2>/dev/null
done

# removed from outside: ipcsh says so
out=$( { echo "msg new ftok $tmp/key e"; echo 'msg send 1 x'; echo objects; } |
	{ read -r l1; echo "$l1"; sleep 1; ipcrm -Q "$(key e)"; cat; } | timeout 60 "$IPCSH" 2>&1)
printf '%s\n' "$out" | grep -q 'EINVAL' || bad "a send to a queue removed from outside does not fail with EINVAL:"$'\n'"$out"
printf '%s\n' "$out" | grep -q '(gone: removed)' || bad "objects does not show it gone:"$'\n'"$out"
[ "$fails" -eq 0 ]
