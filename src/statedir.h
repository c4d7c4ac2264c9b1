/* statedir.h - where ipcsh keeps state between sessions
 * ($XDG_STATE_HOME/ipcsh, else ~/.local/state/ipcsh) and its configuration
 * ($XDG_CONFIG_HOME/ipcsh, else ~/.config/ipcsh). */
#ifndef IPCSH_STATEDIR_H
#define IPCSH_STATEDIR_H

#include <stddef.h>

/* The directory SUB of ipcsh's state directory ("lessons", "sessions"),
 * made (mode 0700) with its parents when missing; malloc'd, or NULL when
 * neither XDG_STATE_HOME (absolute) nor HOME is set. */
char *state_dir(const char *sub);

/* The file NAME ("ipcshrc") of ipcsh's configuration directory; malloc'd,
 * or NULL when neither XDG_CONFIG_HOME (absolute) nor HOME is set.  Nothing
 * is made: reading it must leave no trace. */
char *config_file(const char *name);

/* Puts TEXT in the file PATH in one step: written to a new file (mode 0600)
 * beside it, synced and renamed over it, so that a crash leaves either the
 * old file or the new one, never half of one.  When PATH is a symbolic link,
 * the file it points to is the one replaced.  Missing directories are made
 * (mode 0700).  0, or -1 with errno set. */
int file_replace(const char *path, const char *text, size_t len);

#endif
