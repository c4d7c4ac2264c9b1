/* fdops.h - fd requests shared by the families that read, write and close fds. */
#ifndef IPCSH_FDOPS_H
#define IPCSH_FDOPS_H

#include <stdbool.h>

#include "worker.h"

struct cmd_ctx;
struct word;

/* Why the fd family's reads and writes block: &fd_blocks[FD_PIPE_READ_BLOCK]
 * (a pipe or FIFO empty, and who holds a write end), FD_PIPE_WRITE_BLOCK
 * (full, and who could read), FD_READ_BLOCK (anything else). */
enum { FD_PIPE_READ_BLOCK, FD_PIPE_WRITE_BLOCK, FD_READ_BLOCK };
extern const struct block_kind fd_blocks[];

/* Requests of the fd family's ops, on the fd SPEC names (fdspec.h). */
int fd_send_read(struct cmd_ctx *c, const char *spec, long count);
int fd_send_write(struct cmd_ctx *c, const char *spec, const struct word *text);
int fd_send_close(struct cmd_ctx *c, const char *spec);
/* Optional COUNT argument I (default 4096); false after a usage error. */
bool fd_arg_count(struct cmd_ctx *c, int i, long *count);

#endif
