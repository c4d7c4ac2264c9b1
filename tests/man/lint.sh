#!/usr/bin/env bash
# man/ipcsh.1 renders without a single warning, from groff and from mandoc.
set -u
cd "$(dirname "$0")/../.." || exit 1
MAN=man/ipcsh.1
[ -f "$MAN" ] || { echo "lint: $MAN is missing"; exit 1; }
fail=0
for tool in groff mandoc; do
	command -v "$tool" >/dev/null || { echo "lint: '$tool' is not installed (make deps installs it)"; exit 1; }
done
run() {
	local out status
	out=$("$@" 2>&1)
	status=$?
	if [ -n "$out" ] || [ "$status" -ne 0 ]; then
		echo "lint: '$*' exited $status and printed:"
		printf '%s\n' "$out" | head -40 | sed 's/^/    /'
		fail=1
	fi
}
run groff -man -ww -z "$MAN"
run mandoc -Tlint -W warning "$MAN"
exit "$fail"
