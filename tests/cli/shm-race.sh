#!/usr/bin/env bash
# Two processes increment one counter in shared memory at the same time
# ('&'): with 'lock sem1' (P and V around each increment) the total is exact;
# without, both run and the total is at most the sum (updates may be lost,
# as the race goes: how many is not tested, it depends on the scheduler).
set -u
IPCSH=${IPCSH:-build/ipcsh}
export IPCSH_HISTORY=/dev/null NO_COLOR=1
fails=0
expect() {	# expect NAME PATTERN TEXT: TEXT must match the extended regex PATTERN
	printf '%s\n' "$3" | grep -qE -- "$2" || { echo "FAIL $1: no [$2] in:"; printf '%s\n' "$3"; fails=$((fails + 1)); }
}
run() { timeout 120 "$IPCSH" "$@" 2>&1 </dev/null; }
setup=(-c 'sem new' -c 'sem set 1' -c 'shm new 64' -c 'shm attach' -c fork)

out=$(run "${setup[@]}" -c '@p1 shm incr 20000 lock sem1 & @p2 shm incr 20000 lock sem1' -c 'shm read 0 u64' -c 'sem get')
expect "p1's increments ran" '^  the counter went from [0-9]+ to [0-9]+ during this process.s 20000 increments$' "$out"
expect "p2's too" '^\[p2\]   the counter went from [0-9]+ to [0-9]+ during this process.s 20000 increments$' "$out"
expect "the locked total is exact" '^\*\(uint64_t \*\)\(shm \+ 0\) = 40000$' "$out"
expect "the lock is free again" 'sem1\[0\] +1 ' "$out"

out=$(run "${setup[@]}" -c '@p1 shm incr 2000000 & @p2 shm incr 2000000' -c 'shm read 0 u64')
expect "both ran unlocked" '^\[p2\]   the counter went from' "$out"
total=$(printf '%s\n' "$out" | sed -n 's/^\*(uint64_t \*)(shm + 0) = //p')
if [ -z "$total" ] || [ "$total" -gt 4000000 ] || [ "$total" -lt 2 ]; then
	echo "FAIL: the unlocked total '$total' is not between 2 and the sum"; fails=$((fails + 1))
fi
[ "$fails" -eq 0 ]
