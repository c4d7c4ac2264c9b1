#!/usr/bin/env bash
# man/ipcsh.1 describes what ipcsh itself says it has: every command that
# 'help' lists, each in an entry of its own under COMMANDS (its usage as the
# tag; its summary, C calls and man references in that entry's text, as in
# the command tables), every family, every help topic, and every option of
# --help.  And the COMMANDS section lists nothing else.
set -u
cd "$(dirname "$0")/../.." || exit 1
IPCSH=${IPCSH:-./build/ipcsh}
MAN=man/ipcsh.1
[ -x "$IPCSH" ] || { echo "commands: no ipcsh binary at '$IPCSH' (run make, or set IPCSH)"; exit 1; }
[ -f "$MAN" ] || { echo "commands: $MAN is missing"; exit 1; }

fail=0
bad() { echo "commands: $*"; fail=1; }

ipcsh() { env IPCSH_HISTORY=/dev/null NO_COLOR=1 "$IPCSH" "$@" </dev/null 2>&1; }

# Roff source to plain text: font changes and the escapes the page uses
# removed, blanks squeezed (\e last, so that it cannot start a new escape).
strip() {
	sed -e 's/\\f\[[^]]*\]//g' -e 's/\\f([A-Za-z0-9][A-Za-z0-9]//g' -e 's/\\f[A-Za-z0-9]//g' \
	    -e 's/\\-/-/g' -e "s/\\\\(aq/'/g" -e 's/\\(dq/"/g' -e 's/\\&//g' -e 's/\\|//g' \
	    -e 's/\\ / /g' -e 's/\\e/\\/g' -e 's/[[:space:]][[:space:]]*/ /g' -e 's/ $//'
}
squeeze() { printf '%s' "$1" | tr -s ' \t' '  '; }
text=$(strip <"$MAN")
has() { grep -qF -- "$(squeeze "$1")" <<<"$text"; }
has_i() { grep -qiF -- "$(squeeze "$1")" <<<"$text"; }

help=$(ipcsh -c help) || { bad "'$IPCSH -c help' failed:"; printf '%s\n' "$help"; exit 1; }
topics=$(sed -n '/^Topics/,$p' <<<"$help")
help=$(sed '/^Topics/,$d' <<<"$help")

# The entries of COMMANDS: each .TP tag (a usage, plain text) and the text
# up to the next .TP, .SS or .SH.
section=$(sed -n '/^\.SH COMMANDS/,/^\.SH /p' "$MAN")
declare -A entry
tag=
while IFS= read -r line; do
	if [ "$line" = .TP ]; then
		IFS= read -r line
		tag=$(strip <<<"$line")
		entry[$tag]=
	elif [[ $line =~ ^\.(SS|SH) ]]; then
		tag=
	elif [ -n "$tag" ]; then
		entry[$tag]+=" $(strip <<<"$line")"
	fi
done <<<"$section"
for t in "${!entry[@]}"; do entry[$t]=$(squeeze "${entry[$t]}"); done
in_entry() { grep -qF -- "$(squeeze "$2")" <<<"${entry[$1]}"; }
in_entry_i() { grep -qiF -- "$(squeeze "$2")" <<<"${entry[$1]}"; }

# Families: "pipe - pipes: ..." lines.
families=()
while IFS= read -r line; do
	families+=("$line")
	has "$line" || bad "family header '$line' is not in $MAN"
done < <(grep -E '^[a-z]+ - ' <<<"$help")
[ ${#families[@]} -gt 0 ] || bad "no family header found in the output of 'help'"

# Commands: "  USAGE<2+ spaces>SUMMARY" lines; the name is the first word,
# and the second too when it is a verb (a lower-case word, or one capital: sem P).
usages=()
while IFS= read -r line; do
	rest=${line#  }
	read -r w1 w2 _ <<<"$rest"
	name=$w1
	[[ ${w2:-} =~ ^([a-z][a-z0-9]*|[A-Z])$ ]] && name="$w1 $w2"
	# shellcheck disable=SC2086  # the name is one or two words
	entry=$(ipcsh -c "help $name")
	first=$(head -n1 <<<"$entry")
	usage=${first#usage: }
	usages+=("$usage")
	# the list's line starts with the usage, then (past the column) the summary
	if [ "$first" = "$usage" ] || [ "${rest#"$usage" }" = "$rest" ]; then
		bad "'help $name' says '$first', but help lists it as '$line'"
		continue
	fi
	summary=$(sed -n '2s/^  //p' <<<"$entry")
	calls=$(sed -n 's/^  C: *//p' <<<"$entry")
	refs=$(sed -n 's/^  see: *//p' <<<"$entry")
	key=$(squeeze "$usage")
	if [ -z "${entry[$key]+set}" ]; then
		bad "command '$name': no entry tagged '$usage' under COMMANDS in $MAN"
		continue
	fi
	in_entry_i "$key" "$summary" || bad "command '$name': summary '$summary' is not in its entry in $MAN"
	if [ -n "$calls" ] && [ "$calls" != "-" ]; then
		in_entry "$key" "$calls" || bad "command '$name': C calls '$calls' are not in its entry in $MAN"
	fi
	if [ -n "$refs" ] && [ "$refs" != "ipcsh(1)" ]; then
		in_entry "$key" "$refs" || bad "command '$name': man references '$refs' are not in its entry in $MAN"
	fi
done < <(grep -E '^  [a-z_]' <<<"$help")
[ ${#usages[@]} -gt 0 ] || bad "no command found in the output of 'help'"

# Topics: "  help NAME   TITLE" lines; each NAME is in the page as \fBhelp NAME\fR.
n=0
while IFS= read -r name; do
	n=$((n + 1))
	has "help $name" || bad "help topic '$name' is not in $MAN (as 'help $name')"
done < <(sed -nE 's/^  help ([^ ]+) .*/\1/p' <<<"$topics")
[ "$n" -gt 0 ] || bad "no help topic found in the output of 'help'"

# The other way round: each .TP tag and .SS heading of COMMANDS is a usage
# or a family that help knows.
while IFS= read -r tag; do
	t=$(strip <<<"$tag")
	known=0
	for u in "${usages[@]}"; do [ "$(squeeze "$u")" = "$t" ] && known=1; done
	[ "$known" = 1 ] || bad "$MAN lists '$t' under COMMANDS, but 'help' has no such command"
done < <(awk '/^\.TP/ { getline; print }' <<<"$section")
while IFS= read -r heading; do
	t=$(strip <<<"$heading" | sed -e 's/^\.SS //' -e 's/^"//' -e 's/"$//')
	known=0
	for f in "${families[@]}"; do [ "$f" = "$t" ] && known=1; done
	[ "$known" = 1 ] || bad "$MAN has the family '$t' under COMMANDS, but 'help' has no such family"
done < <(grep '^\.SS' <<<"$section")

# Options: "  -c CMD   ..." and "  --color=WHEN   ..." lines of --help.
opts=$(env IPCSH_HISTORY=/dev/null "$IPCSH" --help 2>&1) || bad "'$IPCSH --help' failed"
n=0
while IFS= read -r spec; do
	n=$((n + 1))
	has "$spec" || bad "option '$spec' of --help is not in $MAN"
done < <(sed -nE 's/^  (-[^ ]+( [A-Z]+)?) .*/\1/p' <<<"$opts")
[ "$n" -gt 0 ] || bad "no option found in the output of --help"
grep -q -- '--' <<<"$(sed -nE 's/^  (--[^ =]+).*/\1/p' <<<"$opts")" || bad "no long option found in --help"

exit "$fail"
