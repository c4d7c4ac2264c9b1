/* board.h - the call board: a page of shared memory between the controller and
 * one worker.  Before a call that may block, the worker writes which call it is
 * about to make; the controller reads it when /proc shows the worker asleep.
 * Telling costs no system call and wakes nobody, so fast commands stay fast. */
#ifndef IPCSH_BOARD_H
#define IPCSH_BOARD_H

#include <stdint.h>

struct board {
	uint32_t active;	/* 1 while the worker is inside the announced call */
	int32_t nr;		/* its syscall number */
	int32_t kind;		/* why it may block: block_kind_index() */
	int32_t fd;
	int64_t arg;		/* more of what it waits for (msgrcv: the type), or 0 */
	char text[240];		/* the call, as C: "read(3, buf, 4096)" */
};

/* A new board's memfd (close-on-exec), or -1. */
int board_create(void);
/* Maps the board in FD; NULL on failure. */
struct board *board_map(int fd);
void board_unmap(struct board *b);

#endif
