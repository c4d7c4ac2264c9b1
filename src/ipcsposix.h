/* ipcsposix.h - ipcs's POSIX sections (-Q, -M, -S, and -a after System V),
 * laid out as util-linux lays out System V: a "------ ... --------" title,
 * a header, one row an object, and the session's objects marked. */
#ifndef IPCSH_IPCSPOSIX_H
#define IPCSH_IPCSPOSIX_H

#include "ipcsfmt.h"

struct buf;

/* Appends the POSIX sections O asks for (if any) to B, each ending with an
 * empty line, as util-linux ends a section. */
void ipcs_posix_text(struct buf *b, const struct ipcs_opts *o);

#endif
