#!/usr/bin/env bash
# man/ipcsh-lessons.5: renders without a warning (groff and mandoc), documents
# every check kind of src/check.c in its CHECKS section, and the lesson of its
# EXAMPLE section (the first .EX/.EE block there) passes --check-lesson, --play
# and the learner simulator.
set -u
cd "$(dirname "$0")/../.." || exit 1
MAN=man/ipcsh-lessons.5
IPCSH=${IPCSH:-build/ipcsh}
fail=0
bad() { echo "lessons5: $*"; fail=1; }

[ -f "$MAN" ] || { echo "lessons5: $MAN is missing"; exit 1; }
for tool in groff mandoc; do
	command -v "$tool" >/dev/null || { echo "lessons5: '$tool' is not installed (make deps installs it)"; exit 1; }
done

# 1. Both linters print nothing.
lint() {
	local out status
	out=$("$@" 2>&1)
	status=$?
	if [ -n "$out" ] || [ "$status" -ne 0 ]; then
		bad "'$*' exited $status and printed:"
		printf '%s\n' "$out" | head -40 | sed 's/^/    /'
	fi
}
lint groff -man -ww -z "$MAN"
lint mandoc -Tlint -W warning "$MAN"

# 2. Every check kind is an item (a tag line starting with its bold name) of CHECKS.
kinds=$(grep -o '{ "[a-z]*", [0-9]' src/check.c | sed 's/^{ "//; s/".*//')
[ -n "$kinds" ] || bad "no check kind found in src/check.c (has check_kinds changed shape?)"
checks=$(sed -n '/^\.SH CHECKS$/,/^\.SH /p' "$MAN")
[ -n "$checks" ] || bad "$MAN has no CHECKS section"
for k in $kinds; do
	grep -qE "^\\\\fB$k(\\\\fR| )" <<<"$checks" || bad "the check kind '$k' is not described in the CHECKS section"
done

# 3. The EXAMPLE lesson passes the linter, plays through, and passes the
# learner simulator.
block=$(awk '/^\.SH EXAMPLE$/ { ex = 1; next }
	     ex && /^\.SH / { exit }
	     ex && /^\.EX$/ { on = 1; next }
	     on && /^\.EE$/ { exit }
	     on { print }' "$MAN")
if [ -z "$block" ]; then
	bad "no .EX/.EE block in the EXAMPLE section of $MAN"
	exit 1
fi
# The block may only use the escapes undone below, and no requests.
requests=$(grep -n "^[.']" <<<"$block")
[ -z "$requests" ] || bad "the EXAMPLE lesson has lines that roff takes as requests:"$'\n'"$requests"
leftover=$(sed 's/\\-//g; s/\\&//g; s/\\(aq//g; s/\\(dq//g; s/\\e//g' <<<"$block" | grep -n '\\')
[ -z "$leftover" ] || bad "the EXAMPLE lesson uses roff escapes this test does not undo:"$'\n'"$leftover"

[ -x "$IPCSH" ] || { bad "no ipcsh binary at '$IPCSH' (run make, or set IPCSH)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
lesson=$tmp/example.lesson
# \e last, so that the backslash it leaves starts no other escape.
sed 's/\\-/-/g; s/\\&//g; s/\\(aq/'\''/g; s/\\(dq/"/g; s/\\e/\\/g' <<<"$block" >"$lesson"

ipcsh() { env XDG_STATE_HOME="$tmp" IPCSH_MASK=1 NO_COLOR=1 IPCSH_HISTORY=/dev/null timeout 60 "$IPCSH" "$@" </dev/null; }
out=$(ipcsh --check-lesson "$lesson" 2>&1)
status=$?
if [ "$status" -ne 0 ]; then
	bad "the EXAMPLE lesson fails --check-lesson (exit $status):"
	printf '%s\n' "$out" | head -20 | sed 's/^/    /'
fi
out=$(ipcsh --play "$lesson" 2>&1)
status=$?
if [ "$status" -ne 0 ]; then
	bad "the EXAMPLE lesson fails --play (exit $status):"
	printf '%s\n' "$out" | tail -20 | sed 's/^/    /'
fi
out=$(timeout 120 python3 "$(dirname "$0")/../lessons/simulate.py" "$lesson" 2>&1)
status=$?
if [ "$status" -ne 0 ]; then
	bad "the EXAMPLE lesson fails the learner simulator (exit $status):"
	printf '%s\n' "$out" | tail -20 | sed 's/^/    /'
fi
exit "$fail"
