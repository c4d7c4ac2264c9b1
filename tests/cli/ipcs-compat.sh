#!/usr/bin/env bash
# ipcsh's ipcs prints what util-linux's ipcs prints, byte for byte, for
# every option: objects made outside ipcsh (ipcmk, tests/interop/ipcmake.py)
# compared whole, and the session's own objects compared once their mark
# (" [msg1]" after the last column) is taken off.  Then the POSIX sections
# (-Q -M -S), --json (valid, numbers as numbers), --user, --messages, the
# attached processes of -m -i, and the errors.  Runs in IPC and mount
# namespaces of its own (tests/ipcns) where it can; without them it compares
# only the rows of the objects it made, and leaves the rest of the machine be.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/ipcns "$0" "$@"
IPCSH=${IPCSH:-build/ipcsh}
export IPCSH_HISTORY=/dev/null NO_COLOR=1 LC_ALL=C
MAKE="python3 tests/interop/ipcmake.py"
fails=0
bad() { echo "FAIL $1"; shift; [ $# -gt 0 ] && printf '%s\n' "$@" | head -30 | sed 's/^/     /'; fails=$((fails + 1)); }
tmp=$(mktemp -d)
ids=()		# "q ID", "m ID", "s ID" of what the test made
pnames=()	# the POSIX files it made
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
run() { timeout 60 "$IPCSH" "$@" 2>"$tmp/err" </dev/null; }

# Keeps the lines of ipcs's output that are not rows, and the rows of the
# test's own objects (the id is the second field of a "0x" row, else the first).
ours() {
	if [ "$IPCNS" = 1 ]; then cat; return; fi
	awk -v ids=" $(printf '%s ' "${ids[@]#? }")" '
		/^0x/ { if (index(ids, " " $2 " ")) print; next }
		/^[0-9]+ / { if (index(ids, " " $1 " ")) print; next }
		{ print }'
}
strip_marks() { sed -E 's/ \[(msg|shm|sem|pshm|mq|psem)[0-9]+\]$//'; }

# ---- objects made outside ipcsh ----
key=$(( 0x7e000000 + ($$ & 0xffff) * 16 ))
q1=$(ipcmk -Q -p 0640 | awk '{print $NF}') && ids+=("q $q1")
q2=$($MAKE msg $key 3 hello "world, again") && ids+=("q $q2")
m1=$(ipcmk -M 5000 -p 0600 | awk '{print $NF}') && ids+=("m $m1")
m2=$(ipcmk -M 3000000 | awk '{print $NF}') && ids+=("m $m2")
s1=$(ipcmk -S 3 | awk '{print $NF}') && ids+=("s $s1")
# Owners: a user with a name, and a uid with none (ipcs prints the number).
q3=$(setpriv --reuid=65534 --regid=65534 --clear-groups ipcmk -Q | awk '{print $NF}') && ids+=("q $q3")
m3=$(setpriv --reuid=4242 --regid=4242 --clear-groups ipcmk -M 100 | awk '{print $NF}') && ids+=("m $m3")
[ -n "$q1" ] && [ -n "$q2" ] && [ -n "$m1" ] && [ -n "$s1" ] && [ -n "$q3" ] && [ -n "$m3" ] ||
	{ bad "making the test's objects" "$(cat "$tmp/err" 2>/dev/null)"; exit 1; }

# compare [--head] OPTIONS: util-linux's output, and ipcsh's (with --head,
# only as many lines as util-linux's: what ipcsh adds after is its own).
# The machine's other objects may change in between: three tries.
compare() {
	local head=0
	[ "${1:-}" = --head ] && { head=1; shift; }
	for _ in 1 2 3; do
		ipcs "$@" 2>&1 | ours >"$tmp/ul"
		run -c "ipcs $*" | ours >"$tmp/me"
		[ "$head" = 1 ] && { head -n "$(wc -l <"$tmp/ul")" "$tmp/me" >"$tmp/me2"; mv "$tmp/me2" "$tmp/me"; }
		cmp -s "$tmp/ul" "$tmp/me" && return 0
	done
	bad "ipcs $*" "$(diff "$tmp/ul" "$tmp/me")"
}
for o in "" -q -m -s -t -p -c -l -u -b --human "-q -t" -qt -mp -sc "-q -p" "-m -t" "-s -t" "-s -p" "-m -c" \
	"--queues --time" "--shmems --pid" "--semaphores --creator" "-l -b" "-l --human" "-u -b" "-u --human" \
	"-m --human" "-q --human" "-m -b" "-q -b" "-c -l -u" "--sh --ti" \
	"-q -i $q2" "-q -i $q1" "-s -i $s1" "--queues --id $q2" "-qi$q2" "-q -i $q2 --human" "-q -i $q2 -b" \
	"-s -i $s1 --human"; do
	compare $o
done
# -m -i adds the attached processes after util-linux's lines; -a adds POSIX.
compare --head -m -i "$m1"
compare --head -m -i "$m2" --human
compare --head -m -i "$m3"
compare --head -a
compare --head --all -t
compare --head -a -l

# ---- the session's own objects: marked, and util-linux's once unmarked ----
setup=(-c "msg new private" -c "msg send 1 hello" -c "shm new private 4096" -c "shm attach" -c fork
	-c "sem new 2" -c "sem set 1 5" -c "trace off")
for o in "" -t -p -c "-q -b" "-m --human"; do
	for _ in 1 2 3; do	# the machine's other objects may change in between
		run "${setup[@]}" -c "popen 'ipcs $o > $tmp/ul' r" -c pclose -c "ipcs $o" >"$tmp/out"
		tail -n "$(wc -l <"$tmp/ul")" "$tmp/out" | strip_marks | ours >"$tmp/me"
		ours <"$tmp/ul" >"$tmp/ul2"
		cmp -s "$tmp/ul2" "$tmp/me" && break
	done
	cmp -s "$tmp/ul2" "$tmp/me" || bad "ipcs $o, with the session's objects, unmarked" "$(diff "$tmp/ul2" "$tmp/me")"
	out=$(cat "$tmp/out")
	case "$o" in
	-p) want='\[msg1\]$|\[shm1\]$' ;;	# sets have no -p rows
	-q*) want='\[msg1\]$' ;;
	-m*) want='\[shm1\]$' ;;
	*) want='\[msg1\]$|\[shm1\]$|\[sem1\]$' ;;
	esac
	n=$(printf '%s\n' "$out" | grep -cE "$want")
	[ "$n" = "$(tr '|' '\n' <<<"$want" | wc -l)" ] || bad "ipcs $o marks the session's objects" "$out"
done

# -m -i: every process that has it attached, p1 and p2 after the fork.
out=$(run -c "shm new private 64" -c "shm attach" -c fork -c "ipcs -m -i shm1")
printf '%s\n' "$out" | grep -qE '^  attached \(/proc/PID/maps\): p1 \(pid [0-9]+\) at 0x[0-9a-f]+, p2 \(pid [0-9]+\) at 0x[0-9a-f]+$' ||
	bad "ipcs -m -i names p1 and p2 as attached" "$out"
printf '%s\n' "$out" | grep -q '^  shm1: this session.s segment$' || bad "ipcs -m -i names the handle" "$out"

# --messages: the queued messages, copied by p1 (MSG_COPY), left in the queue.
out=$(run -c "ipcs -q -i $q2 --messages" -c "ipcs -q -i $q2")
printf '%s\n' "$out" | grep -qF 'msgrcv('"$q2"', &msg, 8192, 0, MSG_COPY | IPC_NOWAIT | MSG_NOERROR) = 6 -> {mtype=3, mtext="hello"}' ||
	bad "--messages copies the first message" "$out"
printf '%s\n' "$out" | grep -qF '= 13 -> {mtype=3, mtext="world, again"}' || bad "--messages copies the second" "$out"
[ "$(printf '%s\n' "$out" | grep -c 'qnum=2')" = 2 ] || bad "--messages takes nothing" "$out"

# --user: only the objects that user owns.
out=$(run -c "ipcs -q --user nobody")
printf '%s\n' "$out" | grep -qE "^0x[0-9a-f]{8} $q3 +nobody " || bad "--user nobody shows nobody's queue" "$out"
printf '%s\n' "$out" | grep -qE "^0x[0-9a-f]{8} $q2 " && bad "--user nobody hides root's queue" "$out"
out=$(run -c "ipcs -m --user 4242")
printf '%s\n' "$out" | grep -qE "^0x[0-9a-f]{8} $m3 +4242 " || bad "--user 4242 (a uid with no name)" "$out"

# ---- POSIX: -Q -M -S ----
pre=/ipcsh-test-$$
$MAKE pshm "$pre-shm" 4096 >/dev/null && pnames+=("/dev/shm$pre-shm")
$MAKE psem "$pre-sem" 3 >/dev/null && pnames+=("/dev/shm/sem.${pre#/}-sem")
mq=0
if [ -d /dev/mqueue ] && mountpoint -q /dev/mqueue; then
	$MAKE pmq "$pre-mq" one three >/dev/null && pnames+=("/dev/mqueue$pre-mq") && mq=1
fi
out=$(run -c "ipcs -M" -c "ipcs -S" -c "ipcs -Q")
row=$(printf '%-20s %-10.10s %-10s %-12s' "$pre-shm" root 640 4096)
grep -qxF -- "$row" <<<"$out" || bad "ipcs -M shows the segment: [$row]" "$out"
row=$(printf '%-20s %-10.10s %-10s %-10s %-10s' "$pre-sem" root 644 3 0)
grep -qxF -- "$row" <<<"$out" || bad "ipcs -S shows the semaphore, value 3: [$row]" "$out"
if [ "$mq" = 1 ]; then
	qsize=$(sed -E 's/^QSIZE:([0-9]+).*/\1/' "/dev/mqueue$pre-mq")
	row=$(printf '%-20s %-10.10s %-10s %-12s' "$pre-mq" root 600 "$qsize")
	grep -qxF -- "$row" <<<"$out" || bad "ipcs -Q shows the queue, QSIZE $qsize: [$row]" "$out"
fi
grep -qE '^------ POSIX Shared Memory Segments --------$' <<<"$out" || bad "ipcs -M has its title" "$out"
out=$(run -c "ipcs -a")
grep -qF -- "$pre-shm" <<<"$out" && grep -qF -- "$pre-sem" <<<"$out" || bad "ipcs -a lists POSIX after System V" "$out"
out=$(run -c "ipcs -M -c" -c "ipcs -S -t")
grep -qE "^$pre-shm +640 +root +root +$" <<<"$out" || bad "ipcs -M -c" "$out"
grep -qE "^$pre-sem +root +[A-Z][a-z]{2} [ 0-9]{2} " <<<"$out" || bad "ipcs -S -t" "$out"
if [ "$IPCNS" = 1 ]; then
	umount /dev/mqueue
	out=$(run -c "ipcs -Q")
	grep -qF 'mount -t mqueue none /dev/mqueue' <<<"$out" || bad "ipcs -Q says how to mount /dev/mqueue" "$out"
	mount -t mqueue none /dev/mqueue
fi

# ---- --json and --raw ----
check_json() {	# check_json NAME PYTHON-CHECK OPTIONS...
	local name=$1 check=$2
	shift 2
	run -c "ipcs $* --json" >"$tmp/json"
	python3 -m json.tool "$tmp/json" >/dev/null 2>"$tmp/jerr" || { bad "$name: not valid JSON" "$(cat "$tmp/jerr" "$tmp/json")"; return; }
	python3 -c "import json, sys; d = json.load(open(sys.argv[1])); $check" "$tmp/json" 2>"$tmp/jerr" ||
		bad "$name" "$(cat "$tmp/jerr" "$tmp/json")"
}
check_json "ipcs --json: numbers are numbers" \
	"q = [r for r in d['messages'] if r['id'] == $q2][0]; assert q['msgs'] == 2 and q['usedbytes'] == 19 and q['key'] == '0x%08x' % $key and q['perms'] == '644' and q['handle'] is None, q"
check_json "ipcs -a --json has every section" \
	"assert set(d) == {'messages', 'sharedmemory', 'semaphores', 'posix-messages', 'posix-sharedmemory', 'posix-semaphores'}, list(d); s = [r for r in d['posix-semaphores'] if r['name'] == '$pre-sem'][0]; assert s['value'] == 3 and s['waiters'] == 0, s" -a
check_json "ipcs -t --json: times" "r = [r for r in d['messages'] if r['id'] == $q2][0]; assert r['send'][:2] == '20' and r['recv'] is None, r" -q -t
check_json "ipcs -l --json" "assert any(r['resource'] == 'MSGMNI' and isinstance(r['limit'], int) for r in d['limits']), d" -l
check_json "ipcs -u --json" "assert any(r['resource'] == 'SEMUSZ' and isinstance(r['used'], int) for r in d['summary']), d" -u
check_json "ipcs -s -i --json" "assert d['semaphores'][0]['nsems'] == 3 and len(d['values']) == 3 and d['values'][2]['semnum'] == 2, d" -s -i "$s1"
check_json "ipcs -m -i --json" "assert d['sharedmemory'][0]['size'] == 5000, d" -m -i "$m1"
out=$(run -c "ipcs -q --raw")
grep -qE "^KEY ID OWNER PERMS USEDBYTES MSGS HANDLE$" <<<"$out" || bad "ipcs --raw has lsipc's headers" "$out"
grep -qE "^0x[0-9a-f]{8} $q2 root 644 19 2 $" <<<"$out" || bad "ipcs --raw rows" "$out"
out=$(run -c "msg new private" -c "ipcs -q --json")
python3 -c "import json, sys; d = json.loads(sys.stdin.read().split('\n', 2)[2]); assert [r['handle'] for r in d['messages'] if r['handle']] == ['msg1'], d" <<<"$out" ||
	bad "ipcs --json names the session's queue" "$out"

# ---- errors: one line with the usage, status 1 ----
expect_error() {	# expect_error PATTERN ARGS: 'ipcs ARGS' fails, saying PATTERN
	local pat=$1
	shift
	run -c "ipcs $*" >/dev/null
	local st=$?
	[ "$st" = 1 ] && grep -qE -- "$pat" "$tmp/err" || bad "ipcs $* fails with [$pat] (status $st)" "$(cat "$tmp/err")"
}
expect_error "ipcs: id 2147483 not found" -q -i 2147483
ipcs -q -i 2147483 >/dev/null 2>&1 || bad "util-linux ipcs -i of an unknown id exits 0 (the test assumes it)"
expect_error "invalid option -- 'z' \(usage: ipcs " -z
expect_error "failed to parse id argument: 'abc'" -q -i abc
expect_error "a single resource must be specified" -i "$q1"
expect_error "a single resource must be specified" -q -m -i "$q1"
expect_error "option '--id' requires an argument" -q --id
expect_error "unrecognized or ambiguous option '--h'" --h
expect_error "unexpected argument 'banana'" banana
expect_error "--messages goes with -q -i ID" -m --messages
expect_error "no user 'no-such-user-here'" --user no-such-user-here
expect_error "there is no msg7" -i msg7
out=$(run -c "ipcs -h")
grep -q -- '--posix-mqueues' <<<"$out" || bad "ipcs -h lists the options" "$out"

[ "$fails" -eq 0 ]
