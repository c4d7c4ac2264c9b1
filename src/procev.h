/* procev.h - what comes back from the processes, handled as the event loop
 * sees it arrive: a worker's channel, a program's output, a process's exit. */
#ifndef IPCSH_PROCEV_H
#define IPCSH_PROCEV_H

#include <stdbool.h>
#include <sys/types.h>

struct outsrc;
struct proc;

/* P's channel is readable: one record, all of a command's events. */
void proc_on_channel(struct proc *p);
/* Waits up to PROC_RECV_WAIT_US on P's channel alone; false if nothing came. */
bool proc_wait_record(struct proc *p);
/* P's output O (its pipe, or its terminal) is readable. */
void proc_on_output(struct proc *p, struct outsrc *o);
/* Shows the lines P's programs have begun without ending them yet (a
 * prompt), those nothing has been added to for QUIET_MS (0: every one).
 * Returns whether one still waits for its quiet moment. */
bool proc_show_partial(struct proc *p, int quiet_ms);
/* P's pidfd says it has exited. */
void proc_on_exit(struct proc *p);
/* ipcsh reaped PID (waitpid after SIGCHLD). */
void proc_on_reaped(pid_t pid, int wstatus);
/* Without a pidfd (valgrind, old kernels) the death of a worker's child shows
 * only in /proc: is P such a process, maybe dead, and then look. */
bool proc_exit_unwatched(struct proc *p);
void proc_poll_exit(struct proc *p);

#endif
