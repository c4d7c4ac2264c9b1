#!/usr/bin/env bash
# Command-line behaviour: -c, FILE, stdin, shebang, -e, -x, exit statuses,
# --version/--help, bad options, huge and binary input.
set -u
IPCSH=${IPCSH:-build/ipcsh}
export IPCSH_HISTORY=/dev/null NO_COLOR=1 IPCSH_MASK=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
check() {	# check NAME EXPECTED ACTUAL
	if [ "$2" != "$3" ]; then
		echo "FAIL $1: expected [$2], got [$3]"
		fails=$((fails + 1))
	fi
}

out=$("$IPCSH" -c 'pipe new' -c 'pipe write hi; pipe read' 2>&1); st=$?
check "-c twice" 0 "$st"
check "-c output" 'read(3, buf, 4096) = 2 -> "hi"' "$(printf '%s\n' "$out" | tail -1)"

out=$(printf 'pipe new\npipe write x\npipe read\n' | "$IPCSH" 2>&1); st=$?
check "stdin status" 0 "$st"
check "stdin output" 'read(3, buf, 4096) = 1 -> "x"' "$(printf '%s\n' "$out" | tail -1)"

printf '#!/usr/bin/env ipcsh\npipe new\nquit 7\nps\n' > "$tmp/script"
chmod +x "$tmp/script"
out=$(PATH="$(cd "$(dirname "$IPCSH")" && pwd):$PATH" "$tmp/script" 2>&1); st=$?
check "shebang + quit 7" 7 "$st"
check "nothing after quit" 'pipe1: read end fd 3, write end fd 4' "$(printf '%s\n' "$out" | tail -1 | sed 's/^ *//')"

printf 'pipe new\nfd close 99\nps\n' > "$tmp/e.ipcsh"
"$IPCSH" -e "$tmp/e.ipcsh" > "$tmp/out" 2>&1; st=$?
check "-e status" 1 "$st"
check "-e stops" 0 "$(grep -c PROC "$tmp/out")"
"$IPCSH" "$tmp/e.ipcsh" > "$tmp/out" 2>&1; st=$?
check "without -e status" 0 "$st"
check "without -e goes on" 1 "$(grep -c PROC "$tmp/out")"

"$IPCSH" -c 'nosuch' > /dev/null 2> "$tmp/err"; st=$?
check "unknown command status" 1 "$st"
check "error location" "ipcsh:-c:1: error: unknown command 'nosuch' (try 'help')" "$(cat "$tmp/err")"

"$IPCSH" -x -c 'trace off' > /dev/null 2> "$tmp/err"
check "-x echo" "+ trace off" "$(cat "$tmp/err")"

check "--version" "ipcsh 0.1" "$("$IPCSH" --version)"
"$IPCSH" --help | grep -q -- '--color=WHEN'; check "--help" 0 $?
"$IPCSH" --bogus > /dev/null 2>&1; check "bad option" 2 $?
"$IPCSH" --color=sometimes > /dev/null 2>&1; check "bad --color" 2 $?
"$IPCSH" "$tmp/missing" > /dev/null 2>&1; check "missing file" 2 $?

# Output that cannot be written (a full disk) fails the run with one message,
# as util-linux's close_stdout does; a reader that went away (EPIPE) is no error.
full() {	# full NAME ARGS...: ipcsh ARGS with standard output on /dev/full
	local err st
	err=$("$IPCSH" "${@:2}" 2>&1 > /dev/full); st=$?
	check "$1 to a full disk: status" 1 "$st"
	check "$1 to a full disk: message" "ipcsh: write error: No space left on device" "$err"
}
printf 'help\nps --json\nhelp\n' > "$tmp/out.ipcsh"
full --help --help
full --version --version
full "-c 'ps --json'" -c 'ps --json'
full "a script" "$tmp/out.ipcsh"
# stdout is flushed before an error goes to stderr: that flush fails first.
printf 'ps\nnosuch\n' > "$tmp/err.ipcsh"
"$IPCSH" "$tmp/err.ipcsh" > /dev/full 2> "$tmp/err"; st=$?
check "a script with an error to a full disk: status" 1 "$st"
check "a script with an error to a full disk: message" "ipcsh: write error: No space left on device" "$(tail -1 "$tmp/err")"
# 300 helps (2.6 MB): far more than the pipe holds, so head has gone before the end.
yes help | head -300 > "$tmp/long.ipcsh"
"$IPCSH" "$tmp/long.ipcsh" 2> "$tmp/err" | head -c 1 > /dev/null
check "closed pipe: status" 0 "${PIPESTATUS[0]}"
check "closed pipe: no message" "" "$(cat "$tmp/err")"

# A 100 KB line and a NUL byte: one error each, and the session goes on.
{ echo 'pipe new'; head -c 102400 /dev/zero | tr '\0' a; echo; printf 'pipe write a\0b\n'; echo 'pipe write ok'; echo 'pipe read'; } > "$tmp/bad.ipcsh"
"$IPCSH" "$tmp/bad.ipcsh" > "$tmp/out" 2> "$tmp/err"; st=$?
check "bad input status" 0 "$st"
check "long line error" 1 "$(grep -c 'line too long (102400 bytes; at most 65536)' "$tmp/err")"
check "NUL error" 1 "$(grep -c 'NUL byte' "$tmp/err")"
check "goes on" 'read(3, buf, 4096) = 2 -> "ok"' "$(tail -1 "$tmp/out")"

# SIGTERM while waiting for input on a pipe: ends at once with 128+15 and
# leaves none of its processes behind.  The input is a FIFO that this script
# holds open (fd 3) and never writes, so ipcsh is the one process started here;
# ipcsh's pid and those of its descendants (recorded before the signal, with
# their start times so that a reused pid is never taken for them) are the only
# ones ever signalled.
starttime() {	# starttime PID: its start time; nothing when gone or a zombie
	local stat
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
	local -a f
	read -r -a f <<< "${stat##*) }"	# fields 3 on: the name (field 2) may hold ') '
	[ "${f[0]}" = Z ] || echo "${f[19]}"
}
alive() {	# alive PID:STARTTIME: that very process still runs
	local t
	t=$(starttime "${1%%:*}")
	[ -n "$t" ] && [ "$t" = "${1#*:}" ]
}
descendants() {	# descendants PID: the pids below PID, children first
	local c all
	all=$(cat /proc/"$1"/task/*/children 2>/dev/null)
	for c in $all; do
		echo "$c"
		descendants "$c"
	done
}
procs=()	# PID:STARTTIME of ipcsh, then of each of its descendants
reap() {	# kill -9 whichever of them is still alive
	local p
	for p in ${procs[@]+"${procs[@]}"}; do
		alive "$p" && kill -9 "${p%%:*}" 2>/dev/null
	done
	return 0
}
trap 'reap; rm -rf "$tmp"' EXIT
mkfifo "$tmp/in"
exec 3<> "$tmp/in"	# read-write: opens at once; ipcsh never sees end of input
"$IPCSH" < "$tmp/in" > /dev/null 2>&1 3>&- &
pid=$!
procs+=("$pid:$(starttime "$pid")")
# Ready once its first process is up (ipcsh blocks SIGTERM before starting it).
for _ in $(seq 50); do
	[ -n "$(descendants "$pid")" ] && break
	sleep 0.1
done
sleep 0.2
kids=$(descendants "$pid")
check "SIGTERM: ipcsh has processes to watch" yes "$([ -n "$kids" ] && echo yes || echo no)"
for k in $kids; do
	t=$(starttime "$k")
	[ -n "$t" ] && procs+=("$k:$t")
done
kill -TERM "$pid"
for _ in $(seq 50); do
	alive "${procs[0]}" || break
	sleep 0.1
done
ended=yes
alive "${procs[0]}" && ended=no
check "SIGTERM ends it" yes "$ended"
[ "$ended" = yes ] || kill -9 "$pid" 2>/dev/null
wait "$pid"; st=$?
[ "$ended" = yes ] && check "SIGTERM status" 143 "$st"
left=
for _ in $(seq 50); do
	left=
	for p in "${procs[@]:1}"; do
		alive "$p" && left="$left ${p%%:*}"
	done
	[ -z "$left" ] && break
	sleep 0.1
done
check "SIGTERM leaves no processes behind" "" "$left"
reap
exec 3>&-

[ "$fails" -eq 0 ]
