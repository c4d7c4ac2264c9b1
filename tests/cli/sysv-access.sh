#!/usr/bin/env bash
# An object of another user that this user may not use: msgget, shmget and
# semget fail with EACCES, ipcsh says why in one line, and the session goes
# on.  Needs root (to run ipcsh as 'nobody' with runuser); skipped otherwise.
set -u
IPCSH=$(realpath "${IPCSH:-build/ipcsh}")
fails=0
expect() {	# expect NAME PATTERN TEXT: TEXT must match the extended regex PATTERN
	printf '%s\n' "$3" | grep -qE -- "$2" || { echo "FAIL $1: no [$2] in:"; printf '%s\n' "$3"; fails=$((fails + 1)); }
}
if [ "$(id -u)" != 0 ] || ! command -v runuser >/dev/null || ! id nobody >/dev/null 2>&1; then
	echo "skipped: needs root, runuser and the user nobody"
	exit 0
fi
ids=()
made() {	# made KIND ARGS...: ipcmk's object (mode 0600, root's); its key in $key
	local id
	id=$(ipcmk "$@" -p 0600 | awk '{print $NF}')
	ids+=("${1,,}" "$id")
	key=$(ipcs "${1,,}" | awk -v id="$id" '$2 == id {print $1}')
}
home=$(mktemp -d) && chown nobody "$home"	# nobody's HOME: its journal goes there, and with it
trap 'for ((i = 0; i < ${#ids[@]}; i += 2)); do ipcrm "${ids[i]}" "${ids[i + 1]}"; done; rm -rf "$home"' EXIT
made -Q; qkey=$key
made -M 64; mkey=$key
made -S 1; skey=$key
out=$(cd /tmp && runuser -u nobody -- env HOME="$home" IPCSH_HISTORY=/dev/null NO_COLOR=1 timeout 60 "$IPCSH" \
	-c "msg new $qkey" -c "shm new $mkey 64" -c "sem new $skey 1" -c 'msg new private' -c 'msg send 1 mine' 2>&1 </dev/null)
expect "msgget" "^msgget\\($qkey, IPC_CREAT \\| 0600\\) = -1 EACCES" "$out"
expect "shmget" "^shmget\\($mkey, 64, IPC_CREAT \\| 0600\\) = -1 EACCES" "$out"
expect "semget" "^semget\\($skey, 1, IPC_CREAT \\| 0600\\) = -1 EACCES" "$out"
expect "said why" "exists, and its mode does not let this process use it" "$out"
expect "the session goes on" '^msgsnd\([0-9]+, \{mtype=1, mtext="mine"\}, 5, 0\) = 0$' "$out"
[ "$fails" -eq 0 ]
