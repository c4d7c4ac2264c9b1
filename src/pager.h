/* pager.h - a command's long output through $PAGER, as man and gdb page theirs.
 *
 * Interactively, with stdout a terminal and 'set pager on' (the default),
 * what one command prints is collected while it runs; when it ends, output
 * taller than the terminal goes to the pager, shorter output to the terminal
 * as it is.  Scripts, -c, --play and output to a file or pipe never page. */
#ifndef IPCSH_PAGER_H
#define IPCSH_PAGER_H

#include <stdbool.h>
#include <stddef.h>

/* A command starts: its output is collected if it may be paged. */
void pager_begin(void);
/* Takes LEN bytes of TEXT bound for FD (1 or 2) while collecting; false
 * when not collecting (the caller writes them). */
bool pager_collect(int fd, const char *text, size_t len);
/* The command has ended: its output goes to the pager or the terminal. */
void pager_end(void);
/* Prints what is collected and stops collecting, for a command that asks
 * the user something before it ends. */
void pager_release(void);

/* The pager command: $PAGER, or "less" when it is unset; NULL when output
 * is not paged ($PAGER empty or "cat"). */
const char *pager_command(void);
/* The rows TEXT takes on a screen COLS wide (long lines wrap; escape
 * sequences take no room). */
int pager_rows(const char *text, size_t len, int cols);

#endif
