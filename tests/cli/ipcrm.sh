#!/usr/bin/env bash
# ipcrm inside ipcsh: every form (by id, key, handle, the old 'msg ID...',
# the long options, the POSIX names), each removal made by the current
# process and traced; the session's table updated at once (gone, or dest);
# a blocked msgrcv and semop woken with EIDRM; -a with --dry-run, --user and
# a kind ('ipcrm -a shm' leaves the queues be); the errors.  Runs in
# namespaces of its own (tests/ipcns); without them -a is only ever given
# with --user of a uid the test made its objects with, and checked with
# --dry-run first.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/ipcns "$0" "$@"
IPCSH=${IPCSH:-build/ipcsh}
export IPCSH_HISTORY=/dev/null NO_COLOR=1 LC_ALL=C
MAKE="python3 tests/interop/ipcmake.py"
fails=0
bad() { echo "FAIL $1"; shift; [ $# -gt 0 ] && printf '%s\n' "$@" | head -30 | sed 's/^/     /'; fails=$((fails + 1)); }
expect() {	# expect NAME PATTERN TEXT: TEXT has a line matching the extended regex PATTERN
	grep -qE -- "$2" <<<"$3" || bad "$1: no [$2]" "$3"
}
tmp=$(mktemp -d)
ids=()
pnames=()
cleanup() {
	local k id
	for x in "${ids[@]}"; do
		read -r k id <<<"$x"
		ipcrm "-$k" "$id" 2>/dev/null
	done
	for f in "${pnames[@]}"; do rm -f "$f"; done
	rm -rf "$tmp"
}
trap cleanup EXIT
run() { timeout 60 "$IPCSH" "$@" 2>&1 </dev/null; }
exists() { awk -v id="$2" 'NR > 1 && $2 == id { found = 1 } END { exit !found }' "/proc/sysvipc/$1"; }
mk() {	# mk KIND [ARGS]: an object made by ipcmk, its id (kept for the clean-up)
	local k=$1 id
	shift
	case $k in
	q) id=$(ipcmk -Q "$@" | awk '{print $NF}') ;;
	m) id=$(ipcmk -M 100 "$@" | awk '{print $NF}') ;;
	s) id=$(ipcmk -S 2 "$@" | awk '{print $NF}') ;;
	esac
	ids+=("$k $id")
	echo "$id"
}
key_of() { awk -v id="$2" 'NR > 1 && $2 == id { printf "0x%08x\n", $1 < 0 ? $1 + 4294967296 : $1 }' "/proc/sysvipc/$1"; }

# By id, short and long, one kind each.
q=$(mk q) m=$(mk m) s=$(mk s)
out=$(run -c "ipcrm -q $q -m $m" -c "ipcrm --semaphore-id $s")
expect "ipcrm -q ID" "^msgctl\($q, IPC_RMID, NULL\) = 0$" "$out"
expect "ipcrm -m ID" "^shmctl\($m, IPC_RMID, NULL\) = 0$" "$out"
expect "ipcrm --semaphore-id ID" "^semctl\($s, 0, IPC_RMID\) = 0$" "$out"
expect "what a queue's removal does" "^  the queue is gone at once" "$out"
! exists msg "$q" && ! exists shm "$m" && ! exists sem "$s" || bad "removed by id: still there" "$(ipcs)"

# By key: msgget(KEY, 0) and the like first, then IPC_RMID.
q=$(mk q) m=$(mk m) s=$(mk s)
kq=$(key_of msg "$q") km=$(key_of shm "$m") ks=$(key_of sem "$s")
out=$(run -c "ipcrm -Q $kq --shmem-key $km -S $ks")
expect "ipcrm -Q KEY" "^msgget\($kq, 0\) = $q$" "$out"
expect "ipcrm -Q KEY removes" "^msgctl\($q, IPC_RMID, NULL\) = 0$" "$out"
expect "ipcrm --shmem-key KEY" "^shmget\($km, 0, 0\) = $m$" "$out"
expect "ipcrm -S KEY" "^semget\($ks, 0, 0\) = $s$" "$out"
! exists msg "$q" && ! exists shm "$m" && ! exists sem "$s" || bad "removed by key: still there" "$(ipcs)"

# util-linux's old form, several ids, and -v.
q=$(mk q) q2=$(mk q)
out=$(run -c "ipcrm msg $q $q2")
expect "ipcrm msg ID ID" "^msgctl\($q2, IPC_RMID, NULL\) = 0$" "$out"
expect "the old form says so" "^resource\(s\) deleted$" "$out"
q=$(mk q)
out=$(run -c "ipcrm -v --queue-id $q")
expect "-v" "^removing message queue id \`$q'$" "$out"

# POSIX names.
pre=/ipcsh-rm-$$
$MAKE pshm "$pre-shm" 64 >/dev/null && pnames+=("/dev/shm$pre-shm")
$MAKE psem "$pre-sem" 1 >/dev/null && pnames+=("/dev/shm/sem.${pre#/}-sem")
out=$(run -c "ipcrm --posix-shmem $pre-shm --posix-semaphore $pre-sem")
expect "--posix-shmem" "^shm_unlink\(\"$pre-shm\"\) = 0$" "$out"
expect "--posix-semaphore" "^sem_unlink\(\"$pre-sem\"\) = 0$" "$out"
[ ! -e "/dev/shm$pre-shm" ] && [ ! -e "/dev/shm/sem.${pre#/}-sem" ] || bad "the POSIX files are gone" "$(ls /dev/shm)"
if mountpoint -q /dev/mqueue 2>/dev/null; then
	$MAKE pmq "$pre-mq" hi >/dev/null && pnames+=("/dev/mqueue$pre-mq")
	out=$(run -c "ipcrm --posix-mqueue $pre-mq")
	expect "--posix-mqueue" "^mq_unlink\(\"$pre-mq\"\) = 0$" "$out"
	[ ! -e "/dev/mqueue$pre-mq" ] || bad "the queue's name is gone" "$(ls /dev/mqueue)"
fi

# The session's objects, by handle: the table knows at once.
out=$(run -c "msg new private" -c "sem new" -c "ipcrm -q msg1 -s sem1" -c objects)
expect "objects: msg1 gone" "^msg1 +msg +key IPC_PRIVATE, id [0-9]+ +p1 +\(gone: removed\)$" "$out"
expect "objects: sem1 gone" "^sem1 +sem +key IPC_PRIVATE, id [0-9]+ +p1 +\(gone: removed\)$" "$out"
# A segment still attached stays, dest, until its last detach.
out=$(run -c "shm new 64" -c "shm attach" -c "ipcrm -m shm1" -c objects -c "ipcs -m" -c "shm detach" -c objects)
expect "the removal says dest" "^  1 attachment remain: it stays, marked dest" "$out"
expect "objects: shm1 dest" "^shm1 +shm +key IPC_PRIVATE, id [0-9]+ +p1 +64 bytes, nattch 1: p1; dest" "$out"
expect "ipcs -m: dest, marked" "^0x00000000 [0-9]+ +root +600 +64 +1 +dest +\[shm1\]$" "$out"
expect "gone at the detach" "^shm1 +shm +key IPC_PRIVATE, id [0-9]+ +p1 +\(gone: removed\)$" "$out"

# Waiters see the real consequence: EIDRM.
out=$(run -c "msg new private" -c fork -c "@p2 msg recv" -c "ipcrm -q msg1" -c "sem new" -c "@p2 sem P" -c "ipcrm -s sem1")
expect "a blocked msgrcv blocks first" "^\[p2\] msgrcv\([0-9]+, &msg, 8192, 0, 0\) \.\.\. blocks" "$out"
expect "then gets EIDRM" "^\[p2\] msgrcv\([0-9]+, &msg, 8192, 0, 0\) = -1 EIDRM \(Identifier removed\)$" "$out"
expect "a blocked semop gets EIDRM" "^\[p2\] semop\(.*\) = -1 EIDRM \(Identifier removed\)$" "$out"

# -a: a uid with no name, that only the test's objects have.
uid=$((3000000 + $$ % 100000))
asuser() { setpriv --reuid=$uid --regid=$uid --clear-groups "$@"; }
uq=$(asuser ipcmk -Q | awk '{print $NF}') && ids+=("q $uq")
um=$(asuser ipcmk -M 100 | awk '{print $NF}') && ids+=("m $um")
us=$(asuser ipcmk -S 1 | awk '{print $NF}') && ids+=("s $us")
out=$(run -c "ipcrm -a --user $uid --dry-run")
expect "--dry-run lists" "^ipcrm would remove 3 objects:$" "$out"
expect "--dry-run lists the segment" "^  shared memory segment id $um \(key 0x[0-9a-f]{8}, owner $uid\)$" "$out"
expect "--dry-run lists the queue" "^  message queue id $uq " "$out"
exists msg "$uq" && exists shm "$um" && exists sem "$us" || bad "--dry-run removed something" "$(ipcs)"
[ "$(grep -c '^  ' <<<"$out")" = 3 ] || bad "--dry-run: exactly the test's 3 objects" "$out"
out=$(run -c "ipcrm -a shm --user $uid")
expect "-a shm removes the segment" "^shmctl\($um, IPC_RMID, NULL\) = 0$" "$out"
! exists shm "$um" && exists msg "$uq" && exists sem "$us" || bad "'ipcrm -a shm' removes segments only" "$out" "$(ipcs)"
out=$(run -c "ipcrm --all=msg --user $uid")
! exists msg "$uq" && exists sem "$us" || bad "--all=msg removes queues only" "$out"
if [ "$IPCNS" = 1 ]; then	# nothing but the test's objects here: bare -a is safe
	q=$(mk q) m=$(mk m)
	$MAKE pshm "$pre-all" 64 >/dev/null && pnames+=("/dev/shm$pre-all")
	out=$(run -c "ipcrm -a")
	expect "-a removes System V" "^msgctl\($q, IPC_RMID, NULL\) = 0$" "$out"
	expect "-a removes POSIX too" "^shm_unlink\(\"$pre-all\"\) = 0$" "$out"
	[ -z "$(ipcs | grep '^0x')" ] && [ -z "$(ls /dev/shm)" ] || bad "-a leaves nothing" "$(ipcs; ls /dev/shm)"
	out=$(run -c "ipcrm -a")
	expect "-a with nothing there" "^  nothing to remove$" "$out"
fi

# Errors: one line with the usage, status 1.
expect_error() {	# expect_error PATTERN ARGS
	local pat=$1
	shift
	local out st
	out=$(timeout 60 "$IPCSH" -c "ipcrm $*" 2>&1 >/dev/null </dev/null)
	st=$?
	[ "$st" = 1 ] && grep -qE -- "$pat" <<<"$out" || bad "ipcrm $* fails with [$pat] (status $st)" "$out"
}
expect_error "invalid id: 'abc' .*\(usage: ipcrm " -q abc
expect_error "p1 ipcrm: invalid id \(2147483\): there is no such object" -q 2147483
expect_error "p1 ipcrm: invalid key \(0x7fff0001\)" -Q 0x7fff0001
expect_error "illegal key \(0\)" -M 0
expect_error "unknown argument: bogus" -a bogus
expect_error "unknown argument: stray" -q 1 stray
expect_error "invalid option -- 'x'" -x
expect_error "option '--queue-id' requires an argument" --queue-id
expect_error "nothing to remove: name an object" ""
expect_error "not enough arguments" msg
expect_error "msg1 is not a shared memory segment" "-m msg1"
expect_error "there is no msg4" "-q msg4"
expect_error "invalid name 'noslash'" --posix-shmem noslash
expect_error "p1 ipcrm: name \`/ipcsh-no-such-$$' not found" --posix-shmem /ipcsh-no-such-$$
expect_error "--user goes with -a" "-q 1 --user root"
# Another user's queue: permission denied, in util-linux's words.
q=$(mk q -p 0600)
mkdir "$tmp/other" && chown "$uid:$uid" "$tmp/other" && chmod 755 "$tmp"	# its journal and scratch, removed with $tmp
out=$(setpriv --reuid=$uid --regid=$uid --clear-groups env TMPDIR="$tmp/other" XDG_STATE_HOME="$tmp/other" \
	timeout 60 "$IPCSH" -c "ipcrm -q $q" 2>&1 </dev/null)
expect "permission denied" "^msgctl\($q, IPC_RMID, NULL\) = -1 EPERM \(Operation not permitted\)$" "$out"
expect "permission denied, said" "error: p1 ipcrm: permission denied for id \($q\)" "$out"
exists msg "$q" || bad "another user's queue stays"

[ "$fails" -eq 0 ]
