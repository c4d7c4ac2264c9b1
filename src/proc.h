/* proc.h - the controller's table of processes p1, p2, ... and their states. */
#ifndef IPCSH_PROC_H
#define IPCSH_PROC_H

#include <stdbool.h>
#include <sys/types.h>
#include <time.h>

#include "buf.h"
#include "wire.h"

enum pstate {
	PS_IDLE,	/* waiting for a command */
	PS_BUSY,	/* running a command (maybe blocked in a call) */
	PS_EXECED,	/* running a program that replaced the worker */
	PS_ZOMBIE,	/* dead, not yet reaped by its parent */
	PS_GONE,	/* reaped */
};

struct block_kind;
struct board;

/* Where a process's output comes in: its output pipe, or the terminal (a pty
 * master) that the programs it starts print to, so that their stdio buffers
 * as at a terminal.  What came without a newline yet waits in PARTIAL. */
struct outsrc {
	int fd;			/* or -1 */
	struct buf partial;
	struct timespec partial_time;	/* when PARTIAL last grew */
};
struct proc;
typedef void (*proc_then_fn)(struct proc *p, int status, void *arg);

/* How a call ended, as far as ipcsh saw. */
enum call_end {
	CALL_RETURNED,	/* with result (and errno when -1): the worker told (EV_CALL) */
	CALL_BLOCKED,	/* seen asleep in it: it may return later, as a call of its own */
	CALL_KILLED,	/* the process died in it, on signal SIG */
};

/* A call a process made: what lesson checks look at. */
struct call_record {
	unsigned long seq;	/* proc_call_seq() order, over every process */
	int proc;		/* the N of the pN that made it */
	char name[24];		/* "read", "wait", "pclose" */
	enum call_end end;
	long result;
	int err;		/* errno, when the result is -1 */
	int sig;		/* for CALL_KILLED */
};
enum { PROC_CALLS = 16 };	/* the last calls of each process kept */

struct proc {
	int num;		/* N of pN */
	pid_t pid;
	int parent;		/* number of the parent process, 0 for ipcsh itself */
	int ctl, pidfd;		/* control channel, exit notification (or -1) */
	struct outsrc out, tty;	/* output pipe; the terminal of the programs it starts */
	bool pidfd_closed;	/* had a pidfd (else, without one, /proc is polled for its exit) */
	struct board *board;	/* the worker's call board, shared memory */
	enum pstate state;
	bool exec_sent;		/* EV_EXEC came: a closing channel means exec succeeded */
	char *prog;		/* the program it exec'd */
	struct timespec exec_time;
	struct timespec asleep_time;	/* its program last seen asleep before a line */
	struct timespec sent_time;	/* when its current command was sent */
	bool dead;		/* has terminated (zombie or reaped) */
	int wstatus;		/* its wait status, once dead */
	bool orphan;		/* its parent died and ipcsh adopted it */
	bool starting;		/* a new worker that has not yet said it is ready */
	bool kicked;		/* a signal was sent to it: not settled until it has acted on it */
	struct timespec kick_time;
	bool stopped;		/* /proc last showed it stopped (SIGSTOP, SIGTSTP...): settled, its command waits */
	bool stop_told;		/* ... and that its command waits was said */
	bool exit_deferred;	/* died while its parent was in wait: the parent's result tells */
	/* The announced call, as last read from the board (proc_sync_call). */
	bool calling, blocked;
	long call_nr;
	char *call_text;
	const struct block_kind *block;	/* why it may block */
	int block_fd;
	long block_arg;		/* the board's arg: more of what it waits for */
	int status;		/* of the last finished command */
	unsigned fd_gen;	/* moves on when its fds may have changed (an op not keeps_fds) */
	long value;		/* the answer to the last silent query (EV_VALUE) */
	proc_then_fn then;	/* runs in the controller when the command finishes */
	void *then_arg;
	struct call_record calls[PROC_CALLS];	/* a ring: the last call is calls[(ncalls - 1) % PROC_CALLS] */
	unsigned long ncalls;
};

/* The table; procs are never freed during a session so pointers stay valid. */
struct proc *proc_get(int num);		/* NULL if no such number */
struct proc *proc_by_pid(pid_t pid);
struct proc *proc_parse(const char *word);	/* "p2" or "@p2"; NULL if no such process */
int proc_count(void);			/* highest number so far */
int proc_live_count(void);		/* not dead */
struct proc *proc_current(void);
/* P's number, 0 for none (ipcsh itself). */
static inline int proc_num(const struct proc *p)
{
	return p ? p->num : 0;
}
void proc_set_current(struct proc *p);
const char *proc_state_text(struct proc *p, struct buf *b);
/* Can P take a command now?  If not, fills WHY. */
bool proc_ready(struct proc *p, char *why, size_t size);

/* A new process in the table (a forked child that has reported itself). */
struct proc *proc_add(pid_t pid, int parent, int ctl, int out, struct board *board);
/* Starts p1 (or a replacement when every worker has gone). */
struct proc *proc_spawn_root(void);
/* A request is a wire message: this starts one for worker op OP; its
 * arguments follow (wb_str, wb_bytes, wb_long). */
struct worker_op;
void proc_request_start(struct wbuild *w, const struct worker_op *op);
/* Sends request W (and frees it); THEN, when not NULL, runs when it finishes.
 * With TTY, the request brings a terminal for a program it starts (exec,
 * popen, w_tty_lend): a new fd on the slave side of P's terminal, a pty
 * whose master ipcsh reads as P's output, made on first use and again once
 * every program that had it has gone; no output processing (no \r added). */
int proc_request(struct proc *p, struct wbuild *w, bool tty, proc_then_fn then, void *arg);
/* Is PATH (a /proc fd link) the slave of P's terminal? */
bool proc_is_tty(struct proc *p, const char *path);
struct fdent;
/* Is the fd E (of P, from procfs_fds) the pipe on which ipcsh reads what P prints? */
bool proc_is_output_pipe(const struct proc *p, const struct fdent *e);

/* A wait on P's channel alone (proc_wait_record, procev.h) gives up after this. */
enum { PROC_RECV_WAIT_US = 1000 };

/* Looks in /proc whether P now sleeps in its announced call: true when it has
 * just been seen blocked (block_report says why). */
bool proc_check_blocked(struct proc *p);
/* Whether P is stopped: read from /proc when LOOK (after a quiet moment, as
 * for blocked calls), else as last read.  True when it is stopped in the
 * middle of a command and that was not said yet (block_report_stopped). */
bool proc_check_stopped(struct proc *p, bool look);
/* Reads P's call board into calling, call_nr, call_text, block, block_fd, block_arg. */
void proc_sync_call(struct proc *p);
bool proc_unsettled(struct proc *p);
/* A signal is on its way to P: a settle waits until P has acted on it
 * (stopped, caught or ignored it, or died), a few seconds at most. */
void proc_kick(struct proc *p);
/* Is P still acting on the signal of proc_kick? */
bool proc_kicked(struct proc *p);
/* Keeps a call P made (EV_CALL). */
void proc_note_call(struct proc *p, const char *name, long result, int err);
/* Keeps that P's announced call (its call_text) blocked, or that P died in
 * it on signal SIG (END CALL_BLOCKED or CALL_KILLED). */
void proc_note_call_end(struct proc *p, enum call_end end, int sig);
/* The sequence number of the last call any process made (0: none yet). */
unsigned long proc_call_seq(void);
/* P's calls named NAME (NULL: any) made after sequence number SINCE, newest
 * first: the Nth of them (0 the newest), or NULL. */
const struct call_record *proc_call_since(const struct proc *p, const char *name, unsigned long since, int n);
/* Before a line: notes which exec'd programs are asleep, so that a settle
 * after it waits while the line's doing wakes them (proc_unsettled). */
void proc_note_asleep_programs(void);
void proc_free_all(void);

#endif
