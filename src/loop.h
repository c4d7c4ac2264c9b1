/* loop.h - the controller's one poll() loop, waiting and settling, and the
 * end of the session. */
#ifndef IPCSH_LOOP_H
#define IPCSH_LOOP_H

#include <stdbool.h>

struct proc;
struct worker_op;

void loop_init(void);
/* Waits for events for at most TIMEOUT ms (-1: until something happens) and
 * handles them; returns how many fds had something. */
int loop_pump(int timeout_ms);
/* Waits until P has finished or blocked in its command (or died). */
void loop_wait_proc(struct proc *p);
/* Waits until every process is idle, blocked, running a program or gone. */
void loop_settle(void);
bool loop_settled(void);
/* How many times the processes have told something (a channel's record,
 * program output, an exit): when it changes, their state may have. */
unsigned long loop_events(void);
/* Kills every process of the session (and what they started) and reaps them. */
void loop_end_all(void);
void loop_shutdown(void);
/* For the REPL: the fd it reads, and the function to call when readable. */
void loop_set_input(int fd, void (*on_input)(void));
/* For the REPL: what to do on Ctrl-C (SIGINT) and when the terminal is resized. */
void loop_signal_hooks(void (*interrupt)(void), void (*resize)(void));
/* For the REPL: what to do before ipcsh stops (Ctrl-Z) and once it is
 * continued (STOPPED false: the stop did not happen). */
void loop_stop_hooks(void (*suspend)(void), void (*cont)(bool stopped));
/* Stops ipcsh with SIG (SIGTSTP, SIGTTOU: its default action) and returns
 * once it is continued; false if the kernel did not stop it (a process group
 * that no shell with job control watches, or SIG ignored). */
bool loop_stop_self(int sig);

/* Runs worker op OP (one optional argument) that prints nothing and answers
 * with EV_VALUE; waits for it.  False if P cannot run it or it failed. */
bool loop_query(struct proc *p, const struct worker_op *op, const char *arg, long *value);

/* The end of the session: 'quit' (with its status), end of input, or a
 * terminating signal (SIGTERM, SIGHUP; SIGINT in a script). */
void loop_quit(int status);
bool loop_quitting(void);
int loop_quit_status(void);
int loop_term_signal(void);	/* the signal that ended the session, or 0 */

#endif
