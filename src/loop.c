/* loop.c - the controller's one poll() loop: worker channels, program output,
 * process exits, signals (through a signalfd) and, at the prompt, the terminal.
 *
 * A call a worker announced counts as blocked only once /proc shows the worker
 * asleep in that very system call; until then the loop looks again every few
 * milliseconds. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "loop.h"

#include "block.h"
#include "out.h"
#include "proc.h"
#include "procev.h"
#include "procfs.h"
#include "settings.h"

/* PARTIAL_MS: a line a program has begun (a prompt) is shown once nothing
 * has been added to it for this long, or once everything has settled. */
enum { MAXPOLL = 4 * 512 + 2, WATCH_MS = 1, UNSETTLED_MS = 10, PARTIAL_MS = 100 };

static int sigfd = -1;
static int input_fd = -1;
static void (*input_fn)(void);
static volatile bool interrupted;
static bool quit;
static int quit_status, term_signal;
static void (*on_interrupt)(void), (*on_resize)(void);
static void (*on_suspend)(void), (*on_continue)(bool stopped);
static unsigned long events;	/* from the processes: see loop_events */

void loop_quit(int status)
{
	quit = true;
	quit_status = status;
}

bool loop_quitting(void)
{
	return quit;
}

int loop_quit_status(void)
{
	return quit_status;
}

int loop_term_signal(void)
{
	return term_signal;
}

void loop_signal_hooks(void (*interrupt)(void), void (*resize)(void))
{
	on_interrupt = interrupt;
	on_resize = resize;
}

void loop_stop_hooks(void (*suspend)(void), void (*cont)(bool stopped))
{
	on_suspend = suspend;
	on_continue = cont;
}

void loop_init(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGWINCH);
	sigaddset(&set, SIGTSTP);	/* the terminal is set back before ipcsh stops */
	sigaddset(&set, SIGCONT);	/* and made readline's again after */
	sigprocmask(SIG_BLOCK, &set, NULL);
	sigfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	signal(SIGPIPE, SIG_IGN);
	prctl(PR_SET_CHILD_SUBREAPER, 1);
}

void loop_set_input(int fd, void (*fn)(void))
{
	input_fd = fd;
	input_fn = fn;
}

static void reap_children(void)
{
	int st;
	pid_t pid;
	while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
		proc_on_reaped(pid, st);
}

bool loop_stop_self(int sig)
{
	sigset_t one, before, cont;
	sigemptyset(&one);
	sigaddset(&one, sig);
	sigemptyset(&cont);
	sigaddset(&cont, SIGCONT);
	sigprocmask(SIG_UNBLOCK, &one, &before);
	raise(sig);	/* its default action: stop until a SIGCONT */
	sigprocmask(SIG_SETMASK, &before, NULL);
	/* The SIGCONT that woke ipcsh is told here, not a second time by the signalfd. */
	struct timespec now = { 0, 0 };
	return sigtimedwait(&cont, NULL, &now) == SIGCONT;
}

static void suspend(void)
{
	if (on_suspend)
		on_suspend();
	bool stopped = loop_stop_self(SIGTSTP);
	if (on_continue)
		on_continue(stopped);
}

static void on_signal(void)
{
	struct signalfd_siginfo si;
	while (read(sigfd, &si, sizeof si) == (ssize_t)sizeof si) {
		switch (si.ssi_signo) {
		case SIGCHLD:
			events++;
			reap_children();
			break;
		case SIGINT:
			interrupted = true;
			if (settings.interactive && on_interrupt)
				on_interrupt();
			else if (!settings.interactive) {
				quit = true;
				term_signal = SIGINT;
			}
			break;
		case SIGWINCH:
			if (on_resize)
				on_resize();
			break;
		case SIGTSTP:	/* Ctrl-Z */
			suspend();
			break;
		case SIGCONT:	/* after a stop ipcsh did not see coming (SIGSTOP, SIGTTIN) */
			if (on_continue)
				on_continue(true);
			break;
		default:
			quit = true;
			term_signal = (int)si.ssi_signo;
		}
	}
}

/* What a poll entry stands for. */
struct slot {
	struct proc *p;
	int what;	/* 0 signal, 1 input, 2 channel, 3 output pipe, 4 terminal, 5 exit */
};

/* Shows the begun lines that have been quiet for QUIET_MS (0: all); returns
 * whether one still waits. */
static bool show_partial_lines(int quiet_ms)
{
	bool waiting = false;
	for (int i = 1; i <= proc_count(); i++)
		waiting |= proc_show_partial(proc_get(i), quiet_ms);
	return waiting;
}

int loop_pump(int timeout)
{
	if (show_partial_lines(PARTIAL_MS) && (timeout < 0 || timeout > PARTIAL_MS))
		timeout = PARTIAL_MS;
	static struct pollfd fds[MAXPOLL];
	static struct slot slots[MAXPOLL];
	int n = 0;
	fds[n] = (struct pollfd){ sigfd, POLLIN, 0 };
	slots[n++] = (struct slot){ NULL, 0 };
	if (input_fd >= 0) {
		fds[n] = (struct pollfd){ input_fd, POLLIN, 0 };
		slots[n++] = (struct slot){ NULL, 1 };
	}
	for (int i = 1; i <= proc_count() && n + 4 <= MAXPOLL; i++) {
		struct proc *p = proc_get(i);
		int pfd[4] = { p->ctl, p->out.fd, p->tty.fd, p->dead ? -1 : p->pidfd };
		for (int k = 0; k < 4; k++) {
			if (pfd[k] < 0)
				continue;
			fds[n] = (struct pollfd){ pfd[k], POLLIN, 0 };
			slots[n++] = (struct slot){ p, 2 + k };
		}
	}
	int r = poll(fds, (nfds_t)n, timeout);
	if (r <= 0)
		return 0;
	/* Channels before output and exits, so a process's last words come before its death. */
	for (int what = 0; what <= 5; what++) {
		for (int i = 0; i < n; i++) {
			if (slots[i].what != what || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			struct proc *p = slots[i].p;
			events += what >= 2;
			switch (what) {
			case 0: on_signal(); break;
			case 1: input_fn(); break;
			case 2: if (p->ctl == fds[i].fd) proc_on_channel(p); break;
			case 3: if (p->out.fd == fds[i].fd) proc_on_output(p, &p->out); break;
			case 4: if (p->tty.fd == fds[i].fd) proc_on_output(p, &p->tty); break;
			case 5: if (p->pidfd == fds[i].fd) proc_on_exit(p); break;
			}
		}
	}
	return r;
}

unsigned long loop_events(void)
{
	return events;
}

/* Is some process running a command, not yet seen asleep in a call?
 * Only our own bookkeeping: no /proc reads on the fast path. */
static bool watching(void)
{
	for (int i = 1; i <= proc_count(); i++) {
		struct proc *p = proc_get(i);
		if (!p->dead && ((p->state == PS_BUSY && !p->blocked && !p->stopped) || p->state == PS_EXECED))
			return true;
		if (proc_exit_unwatched(p) || p->kicked)
			return true;
	}
	return false;
}

/* Waits for the next events.  When a process sits in an announced call and
 * nothing arrives for WATCH_MS, /proc tells whether it is asleep there. */
/* After a quiet moment: is a busy process asleep in its call, or dead? */
static void look_in_proc(void)
{
	for (int i = 1; i <= proc_count(); i++) {
		if (proc_check_blocked(proc_get(i)))
			block_report(proc_get(i));
		else if (proc_get(i)->state == PS_BUSY && proc_check_stopped(proc_get(i), true))
			block_report_stopped(proc_get(i));
		proc_poll_exit(proc_get(i));
	}
}

/* Waits for the next events.  When a process is busy and nothing arrives for
 * WATCH_MS, /proc tells whether it is asleep in the call it announced.  While
 * UNSETTLED (a settle waits for a process that only /proc can show to change:
 * a blocked wait whose child is dying, say), it never waits without a timeout. */
/* The one process that runs a command while every other is idle, blocked,
 * stopped or dead (none runs a program or starts up), or NULL. */
static struct proc *only_busy(void)
{
	struct proc *solo = NULL;
	for (int i = 1; i <= proc_count(); i++) {
		struct proc *p = proc_get(i);
		if (p->dead || p->state == PS_IDLE || p->state == PS_ZOMBIE || p->state == PS_GONE)
			continue;
		if (p->state != PS_BUSY || p->blocked || p->stopped || p->starting || p->kicked || solo ||
		    proc_exit_unwatched(p))
			return NULL;	/* a program, or a second busy one: listen to everything */
		solo = p;
	}
	return solo;
}

static void wait_events(bool unsettled)
{
	/* One process busy, and nothing else to listen to: wait on its channel
	 * alone (fewer system calls on the common path); then a look at the rest. */
	struct proc *solo = input_fd < 0 ? only_busy() : NULL;
	if (solo && solo->ctl >= 0) {
		if (!proc_wait_record(solo)) {
			loop_pump(0);	/* signals, program output */
			look_in_proc();
		}
		return;
	}
	bool w = watching();
	int timeout = w ? WATCH_MS : unsettled ? UNSETTLED_MS : -1;
	if (loop_pump(timeout) == 0 && timeout >= 0)
		look_in_proc();
}

static bool channel_pending(struct proc *p)
{
	/* Dying: the channel closed without an exec, and the exit is not seen
	 * yet.  (One whose exit its parent's wait will tell is not waited for:
	 * the parent may never collect it, if it is stopped, say.) */
	return p->ctl < 0 && !p->exec_sent && !p->dead && !p->exit_deferred;
}

bool loop_settled(void)
{
	for (int i = 1; i <= proc_count(); i++) {
		struct proc *p = proc_get(i);
		if (proc_check_stopped(p, false))
			block_report_stopped(p);
		if (proc_unsettled(p) || channel_pending(p))
			return false;
	}
	return true;
}

/* Handles whatever is already readable, so nothing that has happened is left
 * unsaid.  When every process is idle or gone, nothing can be on its way. */
static void drain(void)
{
	bool quiet = true;
	for (int i = 1; i <= proc_count() && quiet; i++) {
		struct proc *p = proc_get(i);
		quiet = p->state == PS_IDLE || p->state == PS_GONE;
	}
	if (quiet)
		return;
	for (int i = 0; i < 64 && loop_pump(0) > 0; i++)
		;
}

void loop_settle(void)
{
	interrupted = false;
	for (;;) {
		if (loop_settled()) {
			drain();
			if (loop_settled()) {
				show_partial_lines(0);	/* every program waits: a prompt is all there is */
				return;
			}
		}
		if (interrupted || quit)
			return;
		wait_events(true);
	}
}

/* Has P finished, blocked, stopped (said once) or died in its command? */
static bool proc_done(struct proc *p)
{
	if (channel_pending(p))
		return false;
	if (p->state != PS_BUSY || p->blocked || p->dead)
		return true;
	if (proc_check_stopped(p, false))
		block_report_stopped(p);
	return p->stopped;
}

/* New workers (a fork's child) take commands only once they say so; a
 * process sent a signal has acted on it before the prompt comes back (ps
 * shows it stopped after 'kill p2 STOP'). */
static bool any_starting_or_kicked(void)
{
	for (int i = 1; i <= proc_count(); i++)
		if ((proc_get(i)->starting && !proc_get(i)->dead) || proc_kicked(proc_get(i)))
			return true;
	return false;
}

void loop_wait_proc(struct proc *p)
{
	interrupted = false;
	while ((!proc_done(p) || any_starting_or_kicked()) && !interrupted && !quit)
		wait_events(false);
	drain();
}

bool loop_query(struct proc *p, const struct worker_op *op, const char *arg, long *value)
{
	char why[256];
	if (!proc_ready(p, why, sizeof why))
		return false;
	struct wbuild w;
	proc_request_start(&w, op);
	if (arg)
		wb_str(&w, arg);
	if (proc_request(p, &w, false, NULL, NULL) < 0)
		return false;
	loop_wait_proc(p);
	*value = p->value;
	return p->state == PS_IDLE && p->status == 0;
}

static void kill_all(int sig)
{
	for (int i = 1; i <= proc_count(); i++) {
		struct proc *p = proc_get(i);
		if (!p->dead)
			kill(p->pid, sig);
	}
	if (proc_get(1))
		kill(-proc_get(1)->pid, sig);	/* p1's session and group: programs they started too */
}

/* Kills any other child of ours (adopted descendants we never knew). */
static int kill_strays(void)
{
	pid_t kids[256];
	int n = procfs_children(getpid(), kids, 256);
	for (int i = 0; i < n; i++)
		kill(kids[i], SIGKILL);
	return n;
}

void loop_end_all(void)
{
	kill_all(SIGKILL);
	/* Reap until no child is left.  Children of dying workers are handed to
	 * us (the subreaper) and killed too; SIGCHLD on the signalfd wakes us. */
	for (int rounds = 0; rounds < 200; rounds++) {
		int st;
		pid_t pid;
		while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
			struct proc *p = proc_by_pid(pid);
			if (p) {
				p->dead = true;
				p->state = PS_GONE;
			}
		}
		if (pid < 0 && errno == ECHILD)
			break;
		kill_all(SIGKILL);
		kill_strays();
		struct pollfd f = { sigfd, POLLIN, 0 };
		struct signalfd_siginfo si;
		if (poll(&f, 1, 10) > 0)
			while (read(sigfd, &si, sizeof si) > 0)
				;
	}
}

void loop_shutdown(void)
{
	loop_end_all();
	if (sigfd >= 0)
		close(sigfd);
	sigfd = -1;
}
