/* statedir.h - where ipcsh keeps state between sessions:
 * $XDG_STATE_HOME/ipcsh, else ~/.local/state/ipcsh. */
#ifndef IPCSH_STATEDIR_H
#define IPCSH_STATEDIR_H

/* The directory SUB of ipcsh's state directory ("lessons", "sessions"),
 * made (mode 0700) with its parents when missing; malloc'd, or NULL when
 * neither XDG_STATE_HOME (absolute) nor HOME is set. */
char *state_dir(const char *sub);

#endif
