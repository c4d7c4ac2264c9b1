/* watchdog.h - nothing outlives ipcsh, whatever kills it.
 *
 * At start ipcsh forks a watchdog: a small process in a session of its own
 * (so no signal meant for ipcsh's process group or terminal reaches it) that
 * waits on a pipe only ipcsh holds.  When that pipe closes, ipcsh is gone: a
 * normal exit, or kill -9, an abort, a lost terminal.  The watchdog then ends,
 * with SIGKILL, every process of the session until none is left, removes the
 * session's scratch directory, and exits.  A process of the session is one
 * that carries its mark (IPCSH_SESSION in the environment a program was
 * exec'd with: every exec'd program, popen'd shell and their children), a
 * worker ipcsh told it of (pid and start time: workers are forks, not execs),
 * or any process in a session a p1 led while a member of it is one of those
 * (a worker forked a moment before ipcsh died, not yet told of). */
#ifndef IPCSH_WATCHDOG_H
#define IPCSH_WATCHDOG_H

#include <sys/types.h>

/* Marks this process's environment and starts the watchdog; 0, or -1 with
 * errno.  Before ipcsh becomes a child subreaper: the watchdog must not be
 * handed back to it. */
int watchdog_start(void);
/* Tells the watchdog of a worker (p1 and every forked one), and of the session
 * a new p1 leads (its pid, once it has called setsid). */
void watchdog_worker(pid_t pid);
void watchdog_session(pid_t sid);
/* Tells the watchdog, before a scratch directory is made there, the directory
 * DIR it is made in: it removes this session's ("ipcsh-scratch-PID-START-*")
 * if ipcsh cannot. */
void watchdog_scratch_in(const char *dir);
#define SCRATCH_PREFIX "ipcsh-scratch-"
/* At a normal exit, once every process is ended and reaped and the scratch
 * directory removed: lets the watchdog go (no sweep is needed) and waits for it. */
void watchdog_stop(void);
/* The environment variable that marks the session's processes. */
#define WATCHDOG_MARK "IPCSH_SESSION"

#endif
