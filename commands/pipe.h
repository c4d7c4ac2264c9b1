/* pipe.h - what other families take from the pipe family: why a read or a
 * write on a pipe (or a FIFO) blocks. */
#ifndef IPCSH_PIPE_H
#define IPCSH_PIPE_H

#include "worker.h"

/* &pipe_blocks[PIPE_READ_BLOCK]: a read on an empty pipe; PIPE_WRITE_BLOCK: a
 * write on a full one.  The explanations name who holds the other end. */
enum { PIPE_READ_BLOCK, PIPE_WRITE_BLOCK };
extern const struct block_kind pipe_blocks[];

#endif
