/* ipcs.h - ipcs inside ipcsh: util-linux's options, and its output byte for
 * byte for System V (read from /proc, sysvipc.h); POSIX sections in the same
 * style; the session's own objects marked by a trailing " [msg1]" after
 * util-linux's columns; --json and --raw through libsmartcols with lsipc's
 * column names.  The controller reads; nothing here changes an object. */
#ifndef IPCSH_IPCS_H
#define IPCSH_IPCS_H

#include <stdbool.h>

#include "ipcsfmt.h"

struct buf;


/* Reads ipcs's words (ARGV[0] is "ipcs"; getopt_long permutes ARGV) into O:
 * util-linux's short and long options, bundled or not, and -M -Q -S,
 * --json, --raw, --messages, --user.  -i also takes a session handle
 * (msg1).  False with the message in ERR. */
bool ipcs_parse(int argc, char **argv, struct ipcs_opts *o, struct buf *err);
/* Prints what O asks for through the output sink.  False, with an error
 * printed, for -i of an id that no object has, or a set whose values
 * cannot be read. */
bool ipcs_show(const struct ipcs_opts *o);
/* The usage text of -h. */
const char *ipcs_help(void);

#endif
