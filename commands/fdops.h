/* fdops.h - fd requests shared by the families that read, write and close fds. */
#ifndef IPCSH_FDOPS_H
#define IPCSH_FDOPS_H

#include <stdbool.h>

#include <stddef.h>

struct cmd_ctx;
struct object;
struct word;

/* An fd as a worker op takes it: a number, or an object's end that the worker
 * finds among its own fds (ACCMODE O_RDONLY, O_WRONLY, or -1 for either). */
void fd_spec_num(char *spec, size_t size, long fd);
void fd_spec_obj(char *spec, size_t size, const struct object *o, int accmode);
int fd_resolve(const char *spec);	/* worker side: the fd, or -1 after reporting */
void fd_cache_clear(void);		/* worker side: after an op that may change the fd table */

int fd_send_read(struct cmd_ctx *c, const char *spec, long count);
int fd_send_write(struct cmd_ctx *c, const char *spec, const struct word *text);
int fd_send_close(struct cmd_ctx *c, const char *spec);
/* Optional COUNT argument I (default 4096); false after a usage error. */
bool fd_arg_count(struct cmd_ctx *c, int i, long *count);

#endif
