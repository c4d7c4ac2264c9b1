/* worker.h - the worker side: a process that makes the learner's calls.
 *
 * A worker waits on its control channel (a high fd, close-on-exec, hidden
 * from 'fds'), runs each requested operation with the real system call and
 * reports what happened as events: trace lines, objects made, and which call
 * it is about to make when that call may block. */
#ifndef IPCSH_WORKER_H
#define IPCSH_WORKER_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "wire.h"

/* Why an announced call may block; the controller explains it from live state. */
enum block_kind {
	BLOCK_OTHER = 0,
	BLOCK_PIPE_READ,	/* read on a pipe or FIFO: empty, a writer still open */
	BLOCK_PIPE_WRITE,	/* write on a pipe or FIFO: full */
	BLOCK_WAIT,		/* wait for a child that has not exited */
	BLOCK_READ,		/* read on something else (terminal, socket) */
};

/* The fd number the control channel lives on, the same in every process. */
int worker_ctl_fd(void);

/* Runs the worker loop on control channel CTL; never returns. */
void worker_main(void) __attribute__((noreturn));
/* Tells the controller a new worker is set up and takes commands. */
void worker_ready(void);

/* Makes this process a fresh worker: standard fds, default signals, the control
 * channel moved into place.  Used for p1 and for every forked child. */
void worker_setup(int ctl, int out);

struct board;
/* The call board this worker writes its announcements on. */
void worker_set_board(struct board *b);
/* In a new child: maps the board in FD (then closed) in place of the parent's. */
void worker_take_board(int fd);

/* Reporting, from inside a worker op. */
void w_trace(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void w_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void w_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The result in plain English, shown in place of the trace when trace is off. */
void w_plain(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "CALL = -1 ENAME (text)" for a call that failed with ERR. */
void w_fail(const char *call, int err);
/* Announces a call that may block on the call board, then w_called() once it returns. */
void w_calling(long sysnr, const char *call, enum block_kind why, int fd);
void w_called(void);
/* Queues an event built by the op itself (sent at once when it carries fds). */
void w_send(struct wbuild *w, const int *fds, int nfds);
/* Says that a program this op ran may have written to our output pipe, so
 * ipcsh reads it before the command counts as finished. */
void w_output_pending(void);
/* Sends the queued events now: before a call that does not return (exec, _exit). */
void w_flush(void);

/* A buffer of at least SIZE bytes, reused by every op (reads). */
char *w_buffer(size_t size);

/* Helpers for ops: argument I of REQ (0 is the op name). */
long req_long(const struct wmsg *req, int i);
const char *req_str(const struct wmsg *req, int i);
size_t req_len(const struct wmsg *req, int i);

#endif
