/* buf.h - a growable byte buffer, used for output lines, messages and tables. */
#ifndef IPCSH_BUF_H
#define IPCSH_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;	/* always NUL-terminated once anything was added */
	size_t len;
	size_t cap;
};

void buf_add(struct buf *b, const void *p, size_t n);
void buf_addstr(struct buf *b, const char *s);
void buf_addch(struct buf *b, char c);
/* V in decimal, into the end of the 24 bytes of S; returns where it starts
 * (no NUL).  Quicker than printf, for the per-command paths. */
char *decimal_text(long long v, char s[24]);
void buf_addll(struct buf *b, long long v);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
void buf_reset(struct buf *b);
void buf_free(struct buf *b);
char *buf_take(struct buf *b);	/* hands the string over; the buffer is empty after */

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
