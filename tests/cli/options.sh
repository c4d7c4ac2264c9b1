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

# A 100 KB line and a NUL byte: one error each, and the session goes on.
{ echo 'pipe new'; head -c 102400 /dev/zero | tr '\0' a; echo; printf 'pipe write a\0b\n'; echo 'pipe write ok'; echo 'pipe read'; } > "$tmp/bad.ipcsh"
"$IPCSH" "$tmp/bad.ipcsh" > "$tmp/out" 2> "$tmp/err"; st=$?
check "bad input status" 0 "$st"
check "long line error" 1 "$(grep -c 'line too long (102400 bytes; at most 65536)' "$tmp/err")"
check "NUL error" 1 "$(grep -c 'NUL byte' "$tmp/err")"
check "goes on" 'read(3, buf, 4096) = 2 -> "ok"' "$(tail -1 "$tmp/out")"

# SIGTERM while waiting for input on a pipe: ends at once with 128+15.
(sleep 30; echo ps) | "$IPCSH" > /dev/null 2>&1 &
sleep 0.3
pid=$(pgrep -n -f "^$IPCSH\$" || true)
[ -n "$pid" ] && kill -TERM "$pid"
for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
wait %1 2>/dev/null
kill -0 "$pid" 2>/dev/null; check "SIGTERM ends it" 1 $?
pkill -f 'sleep 30' 2>/dev/null

[ "$fails" -eq 0 ]
