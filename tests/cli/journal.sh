#!/usr/bin/env bash
# The session journal: a session killed with SIGKILL while it holds a queue,
# an attached segment (inherited by a fork) and a semaphore set, with a
# worker asleep in msgrcv, leaves no process; the next start names what it
# left, and 'ipcsh --cleanup' removes it.  An object someone else made
# under the same key after the crash is left alone.  A clean end leaves no
# journal; 'keep' leaves its object (and says so); 'cleanup' removes now.
set -u
IPCSH=${IPCSH:-build/ipcsh}
PEER=${PEER:-$(dirname "$IPCSH")/interop/sysvpeer}
export IPCSH_HISTORY=/dev/null NO_COLOR=1
fails=0
bad() { echo "FAIL $*"; fails=$((fails + 1)); }
tmp=$(mktemp -d)
export XDG_STATE_HOME=$tmp/state
journals=$XDG_STATE_HOME/ipcsh/sessions
touch "$tmp/key"
dev=$(stat -c %d "$tmp/key") ino=$(stat -c %i "$tmp/key")
key() { printf '0x%02x%02x%04x' "'$1" $((dev & 0xff)) $((ino & 0xffff)); }
id_of() { ipcs "-$1" 2>/dev/null | awk -v k="$(key "$2")" 'tolower($1) == k {print $2}'; }
present() { [ -n "$(id_of "$1" "$2")" ]; }
remove_all() {	# whatever of the test's keys is left, pass or fail
	for l in a b c d e f; do ipcrm -Q "$(key $l)" -M "$(key $l)" -S "$(key $l)" 2>/dev/null; done
	rm -rf "$tmp"
}
trap remove_all EXIT

# Starts ipcsh on a FIFO that the test keeps open; $ctl is its pid.
start() {
	rm -f "$tmp/in"; mkfifo "$tmp/in"
	"$IPCSH" <"$tmp/in" >"$tmp/out" 2>&1 &
	ctl=$!
	exec 3>"$tmp/in"
}
descendants() {	# every process under $1
	local c
	for c in $(cat /proc/"$1"/task/*/children 2>/dev/null); do echo "$c"; descendants "$c"; done
}

# 1. kill -9 in the middle of a session
start
printf '%s\n' "msg new ftok $tmp/key a" "shm new ftok $tmp/key b 64" 'shm attach' 'fork' \
	"sem new ftok $tmp/key c" '@p2 msg recv msg1' >&3
for _ in $(seq 100); do present q a && present m b && present s c && break; sleep 0.1; done
sleep 0.5
kids=$(descendants "$ctl")
[ "$(echo "$kids" | wc -w)" -ge 2 ] || bad "the session has not two workers yet: $kids"
kill -9 "$ctl"
wait "$ctl" 2>/dev/null
exec 3>&-
for _ in $(seq 50); do
	alive=""
	for p in $kids; do [ -d /proc/"$p" ] && ! grep -q '^State:.*Z' /proc/"$p"/status && alive+=" $p"; done
	[ -z "$alive" ] && break
	sleep 0.1
done
[ -n "$alive" ] && { bad "workers outlived the controller:$alive"; kill -9 $alive 2>/dev/null; }
present q a && present m b && present s c || bad "the objects are not all there after the crash"
ls "$journals"/*.journal >/dev/null 2>&1 || bad "no journal left by the killed session"
[ "$(grep -c '^intent .* got=[0-9]*,[0-9]* *$' "$journals"/*.journal)" = 3 ] ||
	bad "the workers did not write down the ids of what they made:"$'\n'"$(cat "$journals"/*.journal)"

# the next start names them (a note in a script, one line)
note=$("$IPCSH" -c '' 2>&1)
[ "$note" = "ipcsh: 3 objects left by sessions that died: 'ipcsh --cleanup' removes them" ] ||
	bad "the next start does not name the 3 leftovers: $note"

# 2. someone else makes a queue under the key of the session's queue
old_q=$(id_of q a)
new_q=$("$PEER" msgremake "$tmp/key" a) || bad "sysvpeer msgremake failed"
[ "$new_q" != "$old_q" ] || bad "the kernel gave the same id again"

out=$("$IPCSH" --cleanup 2>&1)
status=$?
[ $status -eq 0 ] || bad "--cleanup exits $status"
printf '%s\n' "$out" | grep -q "^removed shm1 (a System V shared memory segment, key $(key b), id [0-9]*), left by session $ctl$" ||
	bad "--cleanup does not say it removed the segment:"$'\n'"$out"
printf '%s\n' "$out" | grep -q "^removed sem1 " || bad "--cleanup does not say it removed the set:"$'\n'"$out"
printf '%s\n' "$out" | grep -q "msg1" && bad "--cleanup names the queue, which is gone (its key has a new one):"$'\n'"$out"
present m b && bad "--cleanup left the segment"
present s c && bad "--cleanup left the semaphore set"
[ "$(id_of q a)" = "$new_q" ] || bad "--cleanup touched the queue someone else made under the same key"
ls "$journals"/*.journal >/dev/null 2>&1 && bad "the journal is still there after --cleanup"
out=$("$IPCSH" --cleanup 2>&1)
[ "$out" = "no objects of a session that died to remove" ] || bad "a second --cleanup: $out"
ipcrm -q "$new_q"

# 3. a clean end: no journal; 'keep' leaves its object, 'cleanup' removes now
out=$(printf '%s\n' "msg new ftok $tmp/key d" "sem new ftok $tmp/key e" "shm new ftok $tmp/key f 64" 'keep sem1' \
	'cleanup' 'objects' | "$IPCSH" 2>&1)
printf '%s\n' "$out" | grep -q '^  removed msg1 ' || bad "cleanup does not remove the queue:"$'\n'"$out"
printf '%s\n' "$out" | grep -q '^  sem1 is kept' || bad "cleanup does not leave the kept set:"$'\n'"$out"
printf '%s\n' "$out" | grep -q '^kept: sem1 ' || bad "the end does not name the kept set:"$'\n'"$out"
present q d && bad "cleanup left the queue"
present m f && bad "cleanup left the segment"
present s e || bad "the kept set is not there after the end"
ls "$journals"/*.journal >/dev/null 2>&1 && bad "a clean end left its journal"
out=$("$IPCSH" -c '' 2>&1)
[ -z "$out" ] || bad "a kept object is offered as a leftover: $out"

# 5. a journal that names an id which now has another key: left alone, and
# said; a session that died making an object: said, nothing removed
q=$(ipcmk -Q | awk '{print $NF}')
boot=$(cat /proc/sys/kernel/random/boot_id)
mkdir -p "$journals"
printf '%s\n' "ipcsh-journal 1 pid=4 start=1 boot=$boot" "made msg msg1 id=$q key=4660 ctime=1" \
	"intent shm key=0x00001234 time=1" > "$journals/4.journal"
out=$("$IPCSH" --cleanup 2>&1)
ipcs -q -i "$q" >/dev/null 2>&1 || bad "--cleanup removed a queue with another key"
ipcrm -q "$q"
printf '%s\n' "$out" | grep -q "^left alone: msg1 (a System V message queue, key 0x00001234, id $q) of session 4: id $q has key 0x[0-9a-f]* now: another object$" ||
	bad "--cleanup does not say why it leaves the queue:"$'\n'"$out"
printf '%s\n' "$out" | grep -q "^session 4 died while it was making a System V shared memory segment with key 0x00001234: ipcsh cannot tell whether it was made" ||
	bad "--cleanup does not name the object the session was making:"$'\n'"$out"

# 6. a session killed between its worker's call and the controller's record:
# the id the worker filled in is enough to remove the queue
q=$(ipcmk -Q | awk '{print $NF}')
k=$(awk -v q="$q" '$2 == q {print $1}' /proc/sysvipc/msg)
printf '%s\n' "ipcsh-journal 1 pid=5 start=1 boot=$boot" "intent msg key=IPC_PRIVATE time=1 got=$q,$k   " \
	> "$journals/5.journal"
out=$("$IPCSH" --cleanup 2>&1)
if awk -v q="$q" '$2 == q {found = 1} END {exit !found}' /proc/sysvipc/msg; then
	bad "--cleanup left the queue the worker wrote down:"$'\n'"$out"
	ipcrm -q "$q"
fi
printf '%s\n' "$out" | grep -q "^removed an object it was making (a System V message queue, key 0x[0-9a-f]*, id $q), left by session 5$" ||
	bad "--cleanup does not say it removed the queue being made:"$'\n'"$out"

# 7. past the journal's first 64 KiB (the file grows, and a worker's view of
# it with it): the last queue made is still written down by its worker
start
for _ in $(seq 700); do echo 'msg new'; echo 'msg rm'; done >&3
echo "msg new ftok $tmp/key a" >&3
for _ in $(seq 100); do present q a && break; sleep 0.1; done
sleep 0.3
kill -9 "$ctl"; wait "$ctl" 2>/dev/null; exec 3>&-
j=$(ls "$journals"/*.journal)
[ "$(stat -c %s "$j")" -gt 65536 ] || bad "the journal did not grow past 64 KiB: $(stat -c %s "$j")"
grep -q "^intent msg ftok=.* got=$(id_of q a),[0-9]* *\$" "$j" || bad "the last queue's id is not in the journal:"$'\n'"$(tail -3 "$j")"
"$IPCSH" --cleanup >/dev/null 2>&1
present q a && bad "--cleanup left the queue made past 64 KiB"
sleep 0.5	# the killed session's workers go

# 4. bad input
out=$("$IPCSH" -c 'keep' -c 'keep nosuch1' -c 'pipe new' -c 'keep pipe1' 2>&1)
printf '%s\n' "$out" | grep -q "error: keep: 'nosuch1' is not an object of this session" || bad "keep nosuch1:"$'\n'"$out"
printf '%s\n' "$out" | grep -q "pipe1 goes with the processes that hold it" || bad "keep pipe1:"$'\n'"$out"
[ "$fails" -eq 0 ]
