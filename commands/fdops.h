/* fdops.h - fd requests shared by the families that read, write and close fds. */
#ifndef IPCSH_FDOPS_H
#define IPCSH_FDOPS_H

#include <stdbool.h>

struct cmd_ctx;
struct word;

int fd_send_read(struct cmd_ctx *c, int fd, long count);
int fd_send_write(struct cmd_ctx *c, int fd, const struct word *text);
int fd_send_close(struct cmd_ctx *c, int fd);
/* Optional COUNT argument I (default 4096); false after a usage error. */
bool fd_arg_count(struct cmd_ctx *c, int i, long *count);

#endif
