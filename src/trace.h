/* trace.h - writing C calls as C: string literals, errno and signal names. */
#ifndef IPCSH_TRACE_H
#define IPCSH_TRACE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* Appends P (LEN bytes) as a C string literal, cut after MAX bytes with "...". */
void trace_quote(struct buf *b, const void *p, size_t len, size_t max);
/* Appends "-1 ENAME (description)". */
void trace_errno(struct buf *b, int err);
const char *errno_name(int err);
/* Is NAME an errno name ("ECHILD")? */
bool errno_known(const char *name);

/* "SIGPIPE" for 13; "signal 40" style for real-time ones (static buffer). */
const char *sig_name(int sig);
/* Accepts PIPE, SIGPIPE, sigpipe, 13, RTMIN+1.  Returns the number or -1. */
int sig_parse(const char *s);
/* Calls FN for each signal name (with "SIG"), for completion and help. */
void sig_each(void (*fn)(const char *name, void *arg), void *arg);

/* Describes a wait status: "exited 0", "killed by SIGPIPE", "stopped by SIGSTOP". */
void describe_status(struct buf *b, int wstatus);

#endif
