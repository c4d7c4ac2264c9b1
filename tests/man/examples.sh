#!/usr/bin/env bash
# The example of every command (the "example:" line of 'help NOUN VERB')
# works right after 'pipe new' (and the example of 'NOUN new' for the other
# commands of a family that makes objects: 'shm new 1024' before 'shm
# attach'; a queue for 'keep'): exit status 0 and no "error:" on stderr.
# This polices the examples in the command tables (commands/*.c).
set -u
cd "$(dirname "$0")/../.." || exit 1
IPCSH=${IPCSH:-./build/ipcsh}
[ -x "$IPCSH" ] || { echo "examples: no ipcsh binary at '$IPCSH' (run make, or set IPCSH)"; exit 1; }

fail=0
bad() { echo "examples: $*"; fail=1; }
ipcsh() { env IPCSH_HISTORY=/dev/null NO_COLOR=1 timeout 30 "$IPCSH" "$@" </dev/null; }

help=$(ipcsh -c help 2>&1) || { echo "examples: '$IPCSH -c help' failed:"; printf '%s\n' "$help"; exit 1; }
err=$(mktemp)
# 'source FILE' needs a file: the example's setup.ipcsh, in p1's directory.
dir=$(mktemp -d)
printf '# what the example of source runs\npipe write hello\n' > "$dir/setup.ipcsh"
trap 'rm -f "$err"; rm -rf "$dir"' EXIT

n=0
while IFS= read -r line; do
	usage=$(sed -E 's/^  //; s/  +.*//' <<<"$line")
	read -r w1 w2 _ <<<"$usage"
	name=$w1
	[[ ${w2:-} =~ ^([a-z][a-z0-9]*|[A-Z])$ ]] && name="$w1 $w2"
	example=$(ipcsh -c "help $name" 2>&1 | sed -n 's/^  example: *//p')
	if [ -z "$example" ] || [ "$example" = "-" ]; then
		bad "'$name' has no example ('help $name' shows none)"
		continue
	fi
	n=$((n + 1))
	# 'quit' and 'exit' end the session or the process with status 0 here, so
	# they need no exception.
	setup=(-c 'pipe new') teardown=()
	# 'keep' keeps a queue past the end: the session removes it itself.
	[ "$name" = keep ] && setup+=(-c 'msg new') teardown=(-c 'msg rm msg1')
	[ "$name" = source ] && setup+=(-c "cd $dir")
	if [ "$name" != "$w1 new" ] && [ "$w1" != pipe ] && grep -qE "^  $w1 new( |$)" <<<"$help"; then
		setup+=(-c "$(ipcsh -c "help $w1 new" 2>&1 | sed -n 's/^  example: *//p')")
	fi
	out=$(ipcsh "${setup[@]}" -c "$example" "${teardown[@]}" 2>"$err")
	status=$?
	if [ "$status" -ne 0 ] || grep -q 'error:' "$err"; then
		bad "the example of '$name' fails: ipcsh ${setup[*]} -c '$example' exited $status"
		printf "%s\n" "$out" | tail -5 | sed "s/^/    stdout: /"
		sed 's/^/    stderr: /' "$err" | head -5
	fi
done < <(grep -E '^  [a-z]' <<<"$help")
[ "$n" -gt 0 ] || bad "no command found in the output of 'help'"
exit "$fail"
