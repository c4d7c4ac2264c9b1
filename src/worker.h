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

/* Why an announced call may block.  A family declares its own kinds
 * (struct family) with the explanation ipcsh prints once the call is seen
 * asleep, from live state: "the pipe is empty and a writer is still open
 * (p1 fd 4)".  The board carries a kind's index in the registry. */
struct proc;
struct block_kind {
	const char *name;
	/* Appends why P, asleep in its announced call (on fd P->block_fd), waits. */
	void (*explain)(struct proc *p, struct buf *why);
	/* A program of its own (exec'd) asleep in system call SYSNR is explained
	 * too, with its first argument as block_fd and argument ARG as
	 * block_arg (msgrcv: the id, and the type, argument 3).  0: not so. */
	long sysnr;
	int arg;
};
/* The core's own kinds: a call no family explains, and a wait for a child
 * (the process table knows which children are still running). */
extern const struct block_kind block_other, block_wait;
int block_kind_index(const struct block_kind *k);	/* 0 (block_other) if no family lists it */
const struct block_kind *block_kind_at(long index);	/* block_other if none */
/* The kind that explains a program asleep in system call NR, or NULL. */
const struct block_kind *block_kind_for_call(long nr);

/* An operation a worker runs: the real calls behind a command.  A family
 * lists its ops (struct family); a request names one by its index in the
 * registry, the same in every worker since they are all forks of ipcsh. */
struct wmsg;
typedef int (*worker_fn)(const struct wmsg *req);
struct worker_op {
	const char *name;	/* "pipe.fill", for messages */
	worker_fn fn;
	bool keeps_fds;		/* it opens, closes and dups nothing: fds the worker found stay valid */
};
int worker_op_index(const struct worker_op *op);	/* -1 if no family lists it */
const struct worker_op *worker_op_at(long index);	/* NULL if none */
/* Changes whenever an op that may have changed the fd table has run. */
unsigned worker_fd_epoch(void);

/* The fd number the control channel lives on, the same in every process. */
int worker_ctl_fd(void);

/* The fds beyond 0-2 that ipcsh was started with (by a program that made a
 * pipe and exec'd ipcsh, or 'ipcsh 3<FILE'): p1 gets them at the same
 * numbers, as pipe4 gets pipe3's.  worker_inherit_fds notes them, first
 * thing in main (ipcsh's own fds then get other numbers, and the control
 * channel's fixed number is chosen among the free ones); the new p1 closes
 * every fd but them and its channel (worker_close_other_fds); ipcsh then
 * lets its copies go (worker_release_inherited_fds), so a reader sees end
 * of file as it would without ipcsh in between. */
void worker_inherit_fds(void);
void worker_close_other_fds(void);
void worker_release_inherited_fds(void);

/* What a new worker needs, made before the fork that starts it: its control
 * channel (a socketpair: [0] stays, [1] goes to the child), its output pipe
 * ([0] read by ipcsh, [1] the child's stdout and stderr) and the memfd of its
 * call board.  All close-on-exec. */
struct channels {
	int ctl[2], out[2], board;
};
int worker_channels_open(struct channels *ch);	/* 0, or -1 with errno (nothing left open) */

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
/* "CALL = " and the rest as FMT says, for a call that returned RESULT: the
 * trace line, and the call and result for lesson checks ('call p2 read
 * returned 0').  CALL starts with the function's name: "read(3, buf, 4096)". */
void w_return(const char *call, long result, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The call and its result (ERR: errno when RESULT is -1) for lesson checks
 * alone: for an op that traces the call in words of its own. */
void w_call(const char *call, long result, int err);
/* Announces a call that may block on the call board, then w_called() once it returns. */
void w_calling(long sysnr, const char *call, const struct block_kind *why, int fd);
/* The same, with more of what it waits for in ARG (msgrcv: the type; FD then
 * holds the object's id): the block kind's explain finds them in the proc. */
void w_calling_with(long sysnr, const char *call, const struct block_kind *why, int fd, long arg);
void w_called(void);
/* Masks TEXT as NAME in what ipcsh prints under IPCSH_MASK, from now on:
 * for a value that changes from run to run (an ftok key, an address). */
void w_mask(const char *text, const char *name);
/* Queues an event built by the op itself (sent at once when it carries fds). */
void w_send(struct wbuild *w, const int *fds, int nfds);
/* Says that a program this op ran may have written to our output pipe, so
 * ipcsh reads it before the command counts as finished. */
void w_output_pending(void);
/* A program an op starts (exec, popen) prints to a terminal of its own, so
 * that its stdio line-buffers as at a terminal: w_tty_lend points fds 1 and
 * 2 that are ipcsh's output pipe at the terminal the request brought (a pty
 * whose master ipcsh reads, proc_request); w_tty_return puts the pipe back
 * (after popen, or an exec that failed).  A redirected 1 or 2 stays as it is. */
struct tty_lend {
	int saved;		/* the output pipe, kept meanwhile, or -1 */
	bool lent[3];		/* fds 1 and 2 on the terminal now */
};
void w_tty_lend(struct tty_lend *t);
void w_tty_return(struct tty_lend *t);
/* Sends the queued events now: before a call that does not return (exec, _exit). */
void w_flush(void);

/* A buffer of at least SIZE bytes, reused by every op (reads). */
char *w_buffer(size_t size);

/* Helpers for ops: argument I of REQ (0 is the op name). */
long req_long(const struct wmsg *req, int i);
const char *req_str(const struct wmsg *req, int i);
size_t req_len(const struct wmsg *req, int i);

#endif
