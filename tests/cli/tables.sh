#!/usr/bin/env bash
# The tables' options (issue 17): -J/--json, -r/--raw, -n/--noheadings and
# -o/--output COLS as lsfd takes them, bundled too; every table's JSON is
# valid (python3 -m json.tool), with the holders of objects and pipe info as
# arrays of objects; not at a terminal, tables stay as wide as their cells.
set -u
IPCSH=${IPCSH:-build/ipcsh}
export IPCSH_HISTORY=/dev/null NO_COLOR=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
bad() {	# bad NAME DETAILS
	echo "FAIL $1: $2"
	fails=$((fails + 1))
}
check() {	# check NAME EXPECTED ACTUAL
	[ "$2" = "$3" ] || bad "$1" "expected [$2], got [$3]"
}
# The JSON document in FILE (from its first line that is "{" to the "}"
# that ends it: pipe info prints its trace lines first) is valid, and the
# python expression CHECK holds of it (d).
check_json() {	# check_json NAME FILE CHECK
	sed -n '/^{$/,/^}$/p' "$2" > "$tmp/doc"
	python3 -m json.tool "$tmp/doc" > /dev/null 2> "$tmp/jerr" || { bad "$1: not valid JSON" "$(cat "$tmp/jerr" "$2")"; return; }
	python3 -c "import json, sys; d = json.load(open(sys.argv[1])); assert $3, d" "$tmp/doc" 2> "$tmp/jerr" ||
		bad "$1" "$(cat "$tmp/jerr")"
}

# -Jr, --json --raw: JSON wins, as in lsfd.
for opts in "-Jr" "--json --raw" "-r -J" "-Jn"; do
	"$IPCSH" -c "ps $opts" > "$tmp/out" 2>&1 || bad "ps $opts" "$(cat "$tmp/out")"
	check_json "ps $opts" "$tmp/out" "d['processes'][0]['proc'] == 'p1' and isinstance(d['processes'][0]['pid'], int)"
done

# -o in its forms, any case; -n; raw.
check "ps -o" "STATE PROC|ready p1" "$("$IPCSH" -c 'ps -o state,PROC' | tr -s ' ' | paste -sd'|')"
check "ps -oPROC -n" "p1" "$("$IPCSH" -c 'ps -noPROC')"
check "ps --output=proc" "PROC|p1" "$("$IPCSH" -c 'ps --output=proc' | paste -sd'|')"
check "ps --output proc -rn" "p1" "$("$IPCSH" -c 'ps -rn --output proc')"
check "fds pN -o" "0|1|2" "$("$IPCSH" -c 'fds p1 -no fd' | paste -sd'|')"

# An unknown column: one line naming the valid ones, status 1.
"$IPCSH" -c 'ps -o pid,nosuch' > "$tmp/out" 2> "$tmp/err"; st=$?
check "unknown column status" 1 "$st"
check "unknown column message" \
	"ipcsh:-c:1: error: ps: unknown column 'nosuch' (columns: PROC, PID, PPID, STATE) (usage: ps [-J|-r] [-n] [-o COLS])" \
	"$(cat "$tmp/err")"
check "unknown column prints no table" "" "$(cat "$tmp/out")"
"$IPCSH" -c 'ps -Jx' > /dev/null 2> "$tmp/err"; st=$?
check "unknown bundled option" "1|ipcsh:-c:1: error: ps: unknown option '-x' (usage: ps [-J|-r] [-n] [-o COLS])" \
	"$st|$(cat "$tmp/err")"
"$IPCSH" -c 'ps extra' > /dev/null 2>&1; st=$?
check "ps takes no other argument" 1 "$st"

# objects: HOLDERS is an array of objects in JSON, the text in STATE.
"$IPCSH" -c 'pipe new; fork; settle' -c 'objects --json' > "$tmp/out" 2>&1
check_json "objects --json" "$tmp/out" \
	"[(h['proc'], h['fd'], h['mode']) for h in d['objects'][0]['holders']] == [('p1', 3, 'r'), ('p1', 4, 'w'), ('p2', 3, 'r'), ('p2', 4, 'w')] and all(isinstance(h['pid'], int) for h in d['objects'][0]['holders']) and d['objects'][0]['state'].startswith('read: p1 fd 3')"
"$IPCSH" -c 'shm new 64; shm attach' -c 'objects -J' > "$tmp/out" 2>&1
check_json "objects -J: a segment's attachments" "$tmp/out" \
	"d['objects'][0]['holders'][0]['proc'] == 'p1' and d['objects'][0]['holders'][0]['attachments'] == 1"
check "objects text unchanged" "read: p1 fd 3; write: p1 fd 4" \
	"$("$IPCSH" -c 'pipe new' -c 'objects -no holders' | tail -1)"
check "objects: STATE only when asked" "HANDLE KIND IDENTITY CREATOR HOLDERS" \
	"$("$IPCSH" -c 'pipe new' -c 'objects' | grep HANDLE | tr -s ' ')"

# pipe info: its holders table as JSON, after its trace lines.
"$IPCSH" -c 'pipe new; fork; settle; fd close 4' -c 'pipe info -J' > "$tmp/out" 2>&1
check_json "pipe info -J" "$tmp/out" \
	"[e['end'] for e in d['ends']] == ['read', 'write'] and len(d['ends'][0]['holders']) == 2 and [h['proc'] for h in d['ends'][1]['holders']] == ['p2']"
check "pipe info -o" "read|write" "$("$IPCSH" -c 'pipe new' -c 'pipe info -no END' | tail -2 | paste -sd'|')"

# The lesson list.
"$IPCSH" -c 'lesson --json' > "$tmp/out" 2>&1
check_json "lesson --json" "$tmp/out" "d['lessons'][0]['name'] == 'pipe-one' and 'progress' in d['lessons'][0]"
check "lesson -n -o name" "pipe-one" "$("$IPCSH" -c 'lesson -n -o name' | head -1)"

# Not at a terminal, COLUMNS changes nothing: no wrapping, whatever it says.
wide=$("$IPCSH" -c 'lesson -n -o title' | paste -sd'|')
narrow=$(COLUMNS=20 "$IPCSH" -c 'lesson -n -o title' | paste -sd'|')
check "COLUMNS ignored in a pipe" "$wide" "$narrow"

[ "$fails" -eq 0 ]
