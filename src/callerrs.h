/* callerrs.h - the errno values and signals the C calls behind ipcsh's
 * commands can bring, as their man pages list them, for help and apropos. */
#ifndef IPCSH_CALLERRS_H
#define IPCSH_CALLERRS_H

#include "buf.h"

/* The errno names (ERRS) and signal names (SIGS) that the calls named in
 * CALLS (C text such as "int fd = open(path, O_RDONLY); read(fd, ...)")
 * can give, each once, space separated, in alphabetical order. */
void callerrs_of(const char *calls, struct buf *errs, struct buf *sigs);

#endif
