#!/usr/bin/env bash
# 'set --save': the settings written to $XDG_CONFIG_HOME/ipcsh/ipcshrc (made
# with its directories, mode 0700 and 0600, in one rename), the user's own
# lines of that file kept, and read back when an interactive ipcsh starts.
set -u
IPCSH=$(realpath "${IPCSH:-build/ipcsh}")
export IPCSH	# for ptylib below
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export ROOT
export IPCSH_HISTORY=/dev/null NO_COLOR=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# A private HOME too: nothing may reach the user's own ~/.config.
export HOME=$tmp XDG_CONFIG_HOME=$tmp/config
rc=$XDG_CONFIG_HOME/ipcsh/ipcshrc
fails=0
check() {	# check NAME EXPECTED ACTUAL
	if [ "$2" != "$3" ]; then
		echo "FAIL $1: expected [$2], got [$3]"
		fails=$((fails + 1))
	fi
}

# A first save makes the directories and the file; color and mask are not saved.
out=$("$IPCSH" -c 'set timing on' -c 'set --save hints off' 2>&1); st=$?
check "save status" 0 "$st"
check "save message" "saved in $rc: an interactive ipcsh runs it at start" "$out"
check "saved lines" $'set trace on\nset hints off\nset pager on\nset timing on' "$(cat "$rc" 2>&1)"
check "config dir mode" 700 "$(stat -c %a "$XDG_CONFIG_HOME")"
check "ipcsh dir mode" 700 "$(stat -c %a "$XDG_CONFIG_HOME/ipcsh")"
check "file mode" 600 "$(stat -c %a "$rc")"

# The user's lines stay; 'set NAME on|off' lines are rewritten in place,
# the missing ones added at the end, and no temporary file is left.
printf '# mine\ntrace off\n  set  hints  on \nset color on\nset trace off # a comment\nps' > "$rc"
"$IPCSH" -c 'set --save trace off' > /dev/null 2>&1
check "merged" $'# mine\ntrace off\nset hints on\nset color on\nset trace off # a comment\nps\nset trace off\nset pager on\nset timing off' "$(cat "$rc")"
check "no temporary file" "ipcshrc" "$(ls -A "$XDG_CONFIG_HOME/ipcsh")"

# A link to the rc file (dotfiles kept elsewhere) stays a link.
mkdir "$tmp/dotfiles"
mv "$rc" "$tmp/dotfiles/ipcshrc"
ln -s "$tmp/dotfiles/ipcshrc" "$rc"
"$IPCSH" -c 'set timing on' -c 'set --save' > /dev/null 2>&1
check "still a link" "$tmp/dotfiles/ipcshrc" "$(readlink "$rc")"
check "link target saved" "set timing on" "$(tail -1 "$tmp/dotfiles/ipcshrc")"
rm "$rc"

# Errors: one line each, and the command fails.
out=$(XDG_CONFIG_HOME=$tmp/dotfiles/ipcshrc "$IPCSH" -c 'set --save' 2>&1); st=$?
check "not a directory status" 1 "$st"
check "not a directory" "ipcsh:-c:1: error: set: cannot save the settings in '$tmp/dotfiles/ipcshrc/ipcsh/ipcshrc': Not a directory" "$out"
out=$(env -u HOME -u XDG_CONFIG_HOME "$IPCSH" -c 'set --save' 2>&1 | grep -v 'warning: no session journal')
check "no home" "ipcsh:-c:1: error: set: cannot save: neither XDG_CONFIG_HOME nor HOME is set" "$out"
out=$("$IPCSH" -c 'set --save trace' 2>&1); st=$?
check "value missing status" 1 "$st"
check "value missing" "ipcsh:-c:1: error: set: 'trace' takes on or off (usage: set [--save] [NAME on|off])" "$out"
check "nothing saved after an error" "no file" "$([ -e "$rc" ] && echo file || echo "no file")"

# Read back: an interactive ipcsh starts with the saved settings ('show'),
# unless -X; a script reads no rc file.
"$IPCSH" -c 'set hints off' -c 'set timing on' -c 'set --save' > /dev/null 2>&1
check "script reads no rc file" "timing off print the time each command line took" "$("$IPCSH" -c 'show timing')"
python3 - "$tmp" <<'EOF' || fails=$((fails + 1))
import os, sys
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.environ["ROOT"], "tests", "pty"))
from ptylib import Ipcsh, run

tmp = sys.argv[1]

def read_back():
    with Ipcsh(tmpdir=tmp) as sh:    # its XDG_CONFIG_HOME is TMP/config
        sh.expect_prompt()
        out = sh.cmd("show")
        for want in ("trace  on", "hints  off", "timing on"):
            if want not in out:
                sh.fail("'show' lacks %r after set --save" % want)
        sh.close(0, "quit")

def skipped_with_X():
    with Ipcsh(args=["-X"], tmpdir=tmp) as sh:
        sh.expect_prompt()
        out = sh.cmd("show timing")
        if "timing off" not in out:
            sh.fail("with -X, 'show timing' should say off")
        sh.close(0, "quit")

run(read_back, skipped_with_X)
EOF

[ "$fails" -eq 0 ] || exit 1
