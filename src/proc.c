/* proc.c - the controller's process table: starting p1, sending requests,
 * states, and when a process has settled (asleep in its call, or its
 * program waiting).  What comes back from a process is procev.c's. */
#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "board.h"
#include "out.h"
#include "procfs.h"
#include "trace.h"
#include "watchdog.h"
#include "worker.h"

static struct proc **tab;	/* tab[num], tab[0] unused */
static int ntab;
static int curnum;

enum { EXEC_SETTLE_MS = 2000 };

struct proc *proc_get(int num)
{
	return num >= 1 && num <= ntab ? tab[num] : NULL;
}

struct proc *proc_parse(const char *s)
{
	if (*s == '@')
		s++;
	if (*s != 'p')
		return NULL;
	char *end;
	long n = strtol(s + 1, &end, 10);
	return s[1] >= '1' && s[1] <= '9' && *end == '\0' && n < 100000 ? proc_get((int)n) : NULL;
}

struct proc *proc_by_pid(pid_t pid)
{
	for (int i = ntab; i >= 1; i--)
		if (tab[i]->pid == pid)
			return tab[i];
	return NULL;
}

int proc_count(void)
{
	return ntab;
}

int proc_live_count(void)
{
	int n = 0;
	for (int i = 1; i <= ntab; i++)
		n += !tab[i]->dead;
	return n;
}

struct proc *proc_current(void)
{
	return proc_get(curnum);
}

static void set_current(int num)
{
	curnum = num;
	out_current(num);
}

void proc_set_current(struct proc *p)
{
	set_current(p->num);
}

struct proc *proc_add(pid_t pid, int parent, int ctl, int out, struct board *board)
{
	watchdog_worker(pid);
	struct proc *p = xcalloc(1, sizeof *p);
	tab = xrealloc(tab, sizeof *tab * (size_t)(ntab + 2));
	p->num = ++ntab;
	tab[p->num] = p;
	p->pid = pid;
	p->parent = parent;
	p->ctl = ctl;
	p->out.fd = out;
	p->tty.fd = -1;
	p->board = board;
	p->pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (out >= 0)
		fcntl(out, F_SETFL, fcntl(out, F_GETFL) | O_NONBLOCK);
	if (ctl >= 0) {
		/* A wait on the channel alone (proc_wait_record) gives up after this. */
		struct timeval tv = { 0, PROC_RECV_WAIT_US };
		setsockopt(ctl, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	}
	char name[16];
	snprintf(name, sizeof name, "<pid%d>", p->num);
	out_mask_add(pid, name);
	struct stat st;
	if (out >= 0 && fstat(out, &st) == 0) {
		snprintf(name, sizeof name, "<out%d>", p->num);
		out_mask_add((long)st.st_ino, name);
	}
	return p;
}

/* Reads from /proc whether P is stopped now, by a signal (T; not t, a
 * debugger's or strace's stop, which passes by itself). */
static bool refresh_stopped(struct proc *p)
{
	return p->stopped = !p->dead && procfs_state(p->pid) == 'T';
}

static const char *call_name(const struct proc *p, char *buf, size_t size)
{
	size_t n = strcspn(p->call_text ? p->call_text : "", "(");
	if (n >= size)
		n = size - 1;
	memcpy(buf, p->call_text ? p->call_text : "", n);
	buf[n] = '\0';
	return buf;
}

const char *proc_state_text(struct proc *p, struct buf *b)
{
	char name[64];
	switch (p->state) {
	case PS_IDLE:
		buf_addstr(b, refresh_stopped(p) ? "stopped" : "ready");
		break;
	case PS_BUSY:
		if (refresh_stopped(p))
			buf_addstr(b, "stopped");
		else if (p->blocked)
			buf_printf(b, "blocked in %s", call_name(p, name, sizeof name));
		else if (p->ctl < 0)
			buf_addstr(b, "ending");
		else
			buf_addstr(b, "running");
		break;
	case PS_EXECED:
		buf_printf(b, "exec'd %s%s", p->prog ? p->prog : "?", refresh_stopped(p) ? " (stopped)" : "");
		break;
	case PS_ZOMBIE:
		buf_addstr(b, "zombie");
		break;
	case PS_GONE:
		describe_status(b, p->wstatus);
		break;
	}
	return b->data;
}

bool proc_ready(struct proc *p, char *why, size_t size)
{
	struct buf b = { 0 };
	switch (p->state) {
	case PS_IDLE:
		return true;
	case PS_BUSY:
		if (refresh_stopped(p))
			snprintf(why, size, "p%d is stopped: it takes commands again once it gets SIGCONT ('kill p%d CONT')",
				 p->num, p->num);
		else if (p->blocked)
			snprintf(why, size, "p%d is blocked in %s: it takes commands again once that call returns",
				 p->num, p->call_text);
		else if (p->starting)
			snprintf(why, size, "p%d is still starting", p->num);
		else
			snprintf(why, size, "p%d is still running a command", p->num);
		break;
	case PS_EXECED:
		snprintf(why, size, "p%d now runs %s: it is no longer an ipcsh worker", p->num, p->prog);
		break;
	case PS_ZOMBIE:
	case PS_GONE:
		if (p->state == PS_ZOMBIE)
			snprintf(why, size, "p%d has exited (it is a zombie)", p->num);
		else
			snprintf(why, size, "p%d has ended: %s", p->num, proc_state_text(p, &b));
		break;
	}
	buf_free(&b);
	return false;
}

/* The fds every worker needs, set up in the new process. */
static void root_child(int ctl, int out, struct board *board, pid_t ipcsh)
{
	worker_set_board(board);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != ipcsh)
		_exit(1);	/* ipcsh died before the line above: nobody to work for */
	/* Until setsid this process is in the terminal's foreground group: a
	 * Ctrl-C meant for ipcsh may be pending.  Ignoring discards it. */
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	signal(SIGTSTP, SIG_IGN);
	setsid();	/* no controlling terminal: Ctrl-C belongs to ipcsh */
	int null = open("/dev/null", O_RDWR);
	if (null >= 0 && null != 0) {
		dup2(null, 0);
		close(null);
	}
	worker_setup(ctl, out);
	worker_close_other_fds();
	worker_ready();
	worker_main();
}

struct proc *proc_spawn_root(void)
{
	struct channels ch;
	if (worker_channels_open(&ch) < 0)
		return NULL;
	struct board *board = board_map(ch.board);
	close(ch.board);
	pid_t ipcsh = getpid();
	pid_t pid = board ? (fflush(NULL), fork()) : -1;
	if (pid == 0)
		root_child(ch.ctl[1], ch.out[1], board, ipcsh);	/* the mapping is inherited */
	close(ch.ctl[1]);
	close(ch.out[1]);
	if (pid > 0)
		worker_release_inherited_fds();	/* p1 has them now; a later p1 starts without */
	if (pid < 0) {
		close(ch.ctl[0]);
		close(ch.out[0]);
		board_unmap(board);
		return NULL;
	}
	struct proc *p = proc_add(pid, 0, ch.ctl[0], ch.out[0], board);
	watchdog_session(pid);	/* p1 leads a session of its own (setsid above) */
	p->state = PS_BUSY;	/* until it says it is ready */
	p->starting = true;
	if (!proc_current() || proc_current()->dead)
		set_current(p->num);
	return p;
}

void proc_request_start(struct wbuild *w, const struct worker_op *op)
{
	wb_start(w, REQ_RUN);
	wb_long(w, worker_op_index(op));
}

/* P's terminal: a pty master, non-blocking like the output pipe, its slave
 * named in masked output as <ttyN>. */
static bool open_tty(struct proc *p)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
	char path[64], name[16];
	if (m < 0)
		return false;
	if (grantpt(m) < 0 || unlockpt(m) < 0 || ptsname_r(m, path, sizeof path) != 0) {
		close(m);
		return false;
	}
	p->tty.fd = m;
	snprintf(name, sizeof name, "<tty%d>", p->num);
	out_mask_text(path, name);
	return true;
}

/* Output as it was written (no \r before \n), and the size of ipcsh's own
 * terminal, or 80x24 without one. */
static void set_tty_modes(int slave)
{
	struct termios t;
	if (tcgetattr(slave, &t) == 0) {
		t.c_oflag &= ~(tcflag_t)OPOST;
		tcsetattr(slave, TCSANOW, &t);
	}
	struct winsize ws = { .ws_row = 24, .ws_col = 80 };
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) < 0 || ws.ws_col == 0)
		ws = (struct winsize){ .ws_row = 24, .ws_col = 80 };
	ioctl(slave, TIOCSWINSZ, &ws);
}

/* A new fd (close-on-exec) on the slave side of P's terminal, or -1. */
static int tty_slave(struct proc *p)
{
	char path[64];
	if (p->tty.fd < 0 && !open_tty(p))
		return -1;
	/* By its name: while ipcsh holds the master, the name is this pty's. */
	if (ptsname_r(p->tty.fd, path, sizeof path) != 0)
		return -1;
	int slave = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (slave >= 0)
		set_tty_modes(slave);
	return slave;
}

bool proc_is_output_pipe(const struct proc *p, const struct fdent *e)
{
	struct stat st;
	return p->out.fd >= 0 && fstat(p->out.fd, &st) == 0 && e->ino == (unsigned long)st.st_ino &&
	       strncmp(e->target, "pipe:", 5) == 0;
}

bool proc_is_tty(struct proc *p, const char *path)
{
	char name[64];
	return p->tty.fd >= 0 && ptsname_r(p->tty.fd, name, sizeof name) == 0 && strcmp(name, path) == 0;
}

int proc_request(struct proc *p, struct wbuild *w, bool tty, proc_then_fn then, void *arg)
{
	clock_gettime(CLOCK_MONOTONIC, &p->sent_time);
	/* Without a terminal the program prints to the output pipe, as it did before. */
	int slave = tty ? tty_slave(p) : -1;
	int sent = wb_send(w, p->ctl, &slave, slave >= 0);
	int err = errno;
	if (slave >= 0)
		close(slave);
	if (sent < 0) {
		out_error("cannot reach p%d: %s", p->num, strerror(err));
		return -1;
	}
	p->state = PS_BUSY;
	p->stop_told = false;
	p->then = then;
	p->then_arg = arg;
	return 0;
}

/* Active (procfs_active), or with a descendant that is. */
static bool child_busy(pid_t child)
{
	return procfs_active(child) || procfs_child_running(child);
}

/* Is P's wait about to return: a child it waits for is running, or has died
 * (a zombie its wait collects), or has a descendant that is running? */
static bool wait_about_to_return(struct proc *p)
{
	pid_t kids[64];
	int n = procfs_children(p->pid, kids, 64);
	for (int i = 0; i < n; i++) {
		if (p->block_fd > 0 && kids[i] != p->block_fd)
			continue;
		if (child_busy(kids[i]))
			return true;
	}
	return false;
}

/* Is a child of P that is not one of the session's processes (a popen'd
 * command) still running?  Its output or exit is on the way. */
static bool outsider_running(struct proc *p)
{
	pid_t kids[64];
	int n = procfs_children(p->pid, kids, 64);
	for (int i = 0; i < n; i++)
		if (!proc_by_pid(kids[i]) && child_busy(kids[i]))
			return true;
	return false;
}

static long ms_since(const struct timespec *t);

/* Asleep in the announced call?  Checked again after it was seen blocked: a
 * woken process is running towards its result. */
static bool still_blocked(struct proc *p)
{
	/* A read from a command popen started, which is still working, is about
	 * to get its data (unless the command runs on for long). */
	if (p->block != &block_wait && ms_since(&p->sent_time) < EXEC_SETTLE_MS && outsider_running(p))
		return false;
	/* A wait for a child that is still running (a popen'd command finishing,
	 * say) is not settled yet: it is about to return.  Looked at before the
	 * waiter itself, so a wait that returned in between is not taken for
	 * a blocked one. */
	bool wait = p->block == &block_wait;
	if (wait && wait_about_to_return(p))
		return false;
	if (procfs_state(p->pid) != 'S' || procfs_syscall(p->pid) != p->call_nr)
		return false;
	return !wait || !wait_about_to_return(p);	/* and once more, now that it sleeps */
}

void proc_sync_call(struct proc *p)
{
	struct board *b = p->board;
	if (!b || p->state != PS_BUSY) {
		p->calling = false;
		return;
	}
	p->calling = __atomic_load_n(&b->active, __ATOMIC_ACQUIRE) != 0;
	if (!p->calling)
		return;
	p->call_nr = b->nr;
	p->block = block_kind_at(b->kind);
	p->block_fd = b->fd;
	p->block_arg = b->arg;
	if (!p->call_text || strncmp(p->call_text, b->text, sizeof b->text) != 0) {
		free(p->call_text);
		p->call_text = xstrndup(b->text, strnlen(b->text, sizeof b->text));
	}
}

bool proc_check_blocked(struct proc *p)
{
	if (p->state != PS_BUSY || p->blocked || p->dead)
		return false;
	proc_sync_call(p);
	if (!p->calling || !still_blocked(p))
		return false;
	p->blocked = true;
	proc_note_call_end(p, CALL_BLOCKED, 0);
	return true;
}

bool proc_check_stopped(struct proc *p, bool look)
{
	if (look ? !refresh_stopped(p) : !p->stopped)
		return p->stop_told = false;
	if (p->state != PS_BUSY || p->blocked || p->stop_told)
		return false;
	return p->stop_told = true;
}

static long ms_since(const struct timespec *t)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t->tv_sec) * 1000 + (now.tv_nsec - t->tv_nsec) / 1000000;
}

/* Is P's program asleep in a system call (waiting for input, a timer...),
 * and so are the programs it started (a shell waits for its commands)? */
static bool program_asleep(struct proc *p)
{
	char st = procfs_state(p->pid);
	if (st != 'S' && st != 'T' && st != 't')
		return false;
	long nr = procfs_syscall(p->pid);
	return nr >= 0 && nr != SYS_execve && !procfs_child_running(p->pid);
}

static unsigned long call_seq;

static struct call_record *new_call(struct proc *p, const char *name, size_t len)
{
	struct call_record *c = &p->calls[p->ncalls++ % PROC_CALLS];
	*c = (struct call_record){ .seq = ++call_seq, .proc = p->num };
	snprintf(c->name, sizeof c->name, "%.*s", (int)len, name);
	return c;
}

void proc_note_call(struct proc *p, const char *name, long result, int err)
{
	struct call_record *c = new_call(p, name, strlen(name));
	c->result = result;
	c->err = result == -1 ? err : 0;
}

void proc_note_call_end(struct proc *p, enum call_end end, int sig)
{
	if (!p->call_text)
		return;
	struct call_record *c = new_call(p, p->call_text, strcspn(p->call_text, "("));
	c->end = end;
	c->sig = sig;
}

unsigned long proc_call_seq(void)
{
	return call_seq;
}

const struct call_record *proc_call_since(const struct proc *p, const char *name, unsigned long since, int n)
{
	unsigned long kept = p->ncalls < PROC_CALLS ? p->ncalls : PROC_CALLS;
	for (unsigned long i = 1; i <= kept; i++) {
		const struct call_record *c = &p->calls[(p->ncalls - i) % PROC_CALLS];
		if (c->seq <= since)
			break;
		if ((!name || strcmp(c->name, name) == 0) && n-- == 0)
			return c;
	}
	return NULL;
}

void proc_note_asleep_programs(void)
{
	for (int i = 1; i <= ntab; i++)
		if (tab[i]->state == PS_EXECED && !tab[i]->dead && program_asleep(tab[i]))
			clock_gettime(CLOCK_MONOTONIC, &tab[i]->asleep_time);
}

/* An exec'd program has settled when it is asleep, not while it starts up,
 * nor while it acts on what woke it (a line's write to a pipe it reads):
 * each gets EXEC_SETTLE_MS.  One that computes for longer is left to run. */
static bool program_waiting(struct proc *p)
{
	return program_asleep(p) ||
	       (ms_since(&p->exec_time) > EXEC_SETTLE_MS && ms_since(&p->asleep_time) > EXEC_SETTLE_MS);
}

void proc_kick(struct proc *p)
{
	p->kicked = true;
	p->stopped = false;	/* to be looked at again (a SIGCONT, say) */
	clock_gettime(CLOCK_MONOTONIC, &p->kick_time);
}

/* After a signal: running or dying means it is still acting on it; asleep
 * (the signal no longer pending) means it caught, ignored or was stopped by
 * it.  One that runs on for EXEC_SETTLE_MS (a program continued by SIGCONT
 * that computes) is left to run. */
bool proc_kicked(struct proc *p)
{
	if (!p->kicked || p->dead)
		return false;
	char st = procfs_state(p->pid);
	p->stopped = st == 'T';	/* the signal may have stopped or continued it */
	/* Asleep with the signal still pending: not woken to act on it yet. */
	bool asleep = st == 'S' || st == 'T' || st == 't';
	if ((asleep && !procfs_signal_pending(p->pid)) || ms_since(&p->kick_time) > EXEC_SETTLE_MS)
		p->kicked = false;
	return p->kicked;
}

bool proc_unsettled(struct proc *p)
{
	if (p->dead)
		return false;
	if (proc_kicked(p))
		return true;
	if (p->state == PS_BUSY && p->stopped)
		return false;	/* its command waits for a SIGCONT: nothing happens till then */
	if (p->state == PS_BUSY)
		return !p->blocked || !still_blocked(p);
	if (p->state == PS_EXECED)
		return !program_waiting(p);
	return false;
}

static void free_output(struct outsrc *o)
{
	if (o->fd >= 0)
		close(o->fd);
	buf_free(&o->partial);
}

void proc_free_all(void)
{
	for (int i = 1; i <= ntab; i++) {
		struct proc *p = tab[i];
		if (p->ctl >= 0)
			close(p->ctl);
		free_output(&p->out);
		free_output(&p->tty);
		if (p->pidfd >= 0)
			close(p->pidfd);
		free(p->prog);
		free(p->call_text);
		board_unmap(p->board);
		free(p);
	}
	free(tab);
	tab = NULL;
	ntab = 0;
	set_current(0);
	out_drop_held();
}
