/* proc.c - the controller's process table: starting p1, sending requests,
 * and turning the events that come back into output and state. */
#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "board.h"
#include "cmd.h"
#include "holders.h"
#include "objtab.h"
#include "out.h"
#include "procfs.h"
#include "trace.h"
#include "worker.h"

static struct proc **tab;	/* tab[num], tab[0] unused */
static int ntab;
static int curnum;
static char rxbuf[WIRE_MAX];

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

static struct proc *proc_add(pid_t pid, int parent, int ctl, int out, struct board *board)
{
	struct proc *p = xcalloc(1, sizeof *p);
	tab = xrealloc(tab, sizeof *tab * (size_t)(ntab + 2));
	p->num = ++ntab;
	tab[p->num] = p;
	p->pid = pid;
	p->parent = parent;
	p->ctl = ctl;
	p->out = out;
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
		buf_addstr(b, "ready");
		break;
	case PS_BUSY:
		if (p->blocked)
			buf_printf(b, "blocked in %s", call_name(p, name, sizeof name));
		else if (p->ctl < 0)
			buf_addstr(b, "ending");
		else
			buf_addstr(b, "running");
		break;
	case PS_EXECED:
		buf_printf(b, "exec'd %s", p->prog ? p->prog : "?");
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
		if (p->blocked)
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
		snprintf(why, size, "p%d has %s", p->num, proc_state_text(p, &b));
		if (p->state == PS_ZOMBIE)
			snprintf(why, size, "p%d has exited (it is a zombie)", p->num);
		break;
	}
	buf_free(&b);
	return false;
}

/* The fds every worker needs, set up in the new process. */
static void root_child(int ctl, int out, struct board *board)
{
	worker_set_board(board);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
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
	int cfd = worker_ctl_fd();
	close_range(3, (unsigned)cfd - 1, 0);
	close_range((unsigned)cfd + 1, ~0U, 0);
	worker_ready();
	worker_main();
}

struct proc *proc_spawn_root(void)
{
	int sp[2], op[2];
	int bfd = board_create();
	struct board *board = bfd >= 0 ? board_map(bfd) : NULL;
	if (bfd >= 0)
		close(bfd);
	if (!board)
		return NULL;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sp) < 0) {
		board_unmap(board);
		return NULL;
	}
	if (pipe2(op, O_CLOEXEC) < 0) {
		close(sp[0]);
		close(sp[1]);
		board_unmap(board);
		return NULL;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0)
		root_child(sp[1], op[1], board);	/* the mapping is inherited */
	close(sp[1]);
	close(op[1]);
	if (pid < 0) {
		close(sp[0]);
		close(op[0]);
		board_unmap(board);
		return NULL;
	}
	struct proc *p = proc_add(pid, 0, sp[0], op[0], board);
	p->state = PS_BUSY;	/* until it says it is ready */
	p->starting = true;
	if (!proc_current() || proc_current()->dead)
		set_current(p->num);
	return p;
}

int proc_request(struct proc *p, int argc, const char **argv, const size_t *lens,
		 proc_then_fn then, void *arg)
{
	clock_gettime(CLOCK_MONOTONIC, &p->sent_time);
	struct wbuild w;
	wb_start(&w, REQ_RUN);
	for (int i = 0; i < argc; i++)
		wb_bytes(&w, argv[i], lens ? lens[i] : strlen(argv[i]));
	if (wb_send(&w, p->ctl, NULL, 0) < 0) {
		out_error("cannot reach p%d: %s", p->num, strerror(errno));
		return -1;
	}
	p->state = PS_BUSY;
	p->then = then;
	p->then_arg = arg;
	return 0;
}

/* Why a confirmed-blocked call waits, from live state. */
static void explain_block(struct proc *p, struct buf *b)
{
	int acc = 0;
	unsigned long ino = 0;
	struct buf who = { 0 };
	if (p->block_kind == BLOCK_PIPE_READ || p->block_kind == BLOCK_PIPE_WRITE)
		ino = holders_fd_ino(p, p->block_fd, &acc);
	switch (p->block_kind) {
	case BLOCK_PIPE_READ: {
		int n = holders_list(ino, 2, NULL, &who);
		int others = holders_list(ino, 2, p, NULL);
		if (n > 0 && others == 0)
			buf_printf(b, "the pipe is empty, and the only write end still open is p%d's own (%s): "
				   "it will wait forever unless p%d closes it", p->num, who.data, p->num);
		else if (n)
			buf_printf(b, "the pipe is empty and a writer is still open (%s)", who.data);
		else
			buf_addstr(b, "the pipe is empty and its writer, a process outside the session "
				   "(a popen'd command, say), has not closed it");
		break;
	}
	case BLOCK_PIPE_WRITE:
		holders_list(ino, 1, NULL, &who);
		buf_printf(b, "the pipe is full: it waits until a reader (%s) makes room",
			   who.data ? who.data : "none");
		break;
	case BLOCK_WAIT: {
		int kids = 0;
		for (int i = 1; i <= ntab; i++)
			if (tab[i]->parent == p->num && !tab[i]->dead)
				buf_printf(&who, "%sp%d", kids++ ? ", " : "", i);
		buf_printf(b, "no child of p%d has exited yet (%s still running)", p->num,
			   kids ? who.data : "a child is");
		break;
	}
	case BLOCK_READ:
		buf_printf(b, "nothing to read on fd %d yet", p->block_fd);
		break;
	default:
		buf_addstr(b, "the call is waiting");
	}
	buf_free(&who);
}

/* Running, stuck in the kernel, between states, or with a descendant that is. */
static bool child_busy(pid_t child)
{
	char st = procfs_state(child);
	return st == 'R' || st == 'D' || procfs_syscall(child) == -2 || procfs_child_running(child);
}

/* Is P's wait about to return: a child it waits for running, or dead and not
 * one of ours (a popen'd command that has just exited)? */
static bool wait_about_to_return(struct proc *p)
{
	pid_t kids[64];
	int n = procfs_children(p->pid, kids, 64);
	for (int i = 0; i < n; i++) {
		if (p->block_fd > 0 && kids[i] != p->block_fd)
			continue;
		if (child_busy(kids[i]) || (procfs_state(kids[i]) == 'Z' && !proc_by_pid(kids[i])))
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
	if (p->block_kind != BLOCK_WAIT && ms_since(&p->sent_time) < EXEC_SETTLE_MS && outsider_running(p))
		return false;
	/* A wait for a child that is still running (a popen'd command finishing,
	 * say) is not settled yet: it is about to return.  Looked at before the
	 * waiter itself, so a wait that returned in between is not taken for
	 * a blocked one. */
	bool wait = p->block_kind == BLOCK_WAIT;
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
	p->block_kind = b->kind;
	p->block_fd = b->fd;
	if (!p->call_text || strncmp(p->call_text, b->text, sizeof b->text) != 0) {
		free(p->call_text);
		p->call_text = xstrndup(b->text, strnlen(b->text, sizeof b->text));
	}
}

void proc_check_blocked(struct proc *p)
{
	if (p->state != PS_BUSY || p->blocked || p->dead)
		return;
	proc_sync_call(p);
	if (!p->calling)
		return;
	if (!still_blocked(p))
		return;
	p->blocked = true;
	struct buf b = { 0 };
	buf_printf(&b, "%s ... blocks: ", p->call_text);
	explain_block(p, &b);
	out_line(p->num, LINE_SAY, b.data);
	buf_free(&b);
}

static long ms_since(const struct timespec *t)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t->tv_sec) * 1000 + (now.tv_nsec - t->tv_nsec) / 1000000;
}

/* An exec'd program has settled when it sleeps in a system call (waiting for
 * input, a timer...) and so do the programs it started (a shell waits for its
 * commands), not while they start up or compute.  One that computes for long
 * is left to run. */
static bool program_waiting(struct proc *p)
{
	char st = procfs_state(p->pid);
	if (st == 'S' || st == 'T' || st == 't') {
		long nr = procfs_syscall(p->pid);
		if (nr >= 0 && nr != SYS_execve && !procfs_child_running(p->pid))
			return true;
	}
	return ms_since(&p->exec_time) > EXEC_SETTLE_MS;
}

/* After a signal: running or dying means it is still acting on it; asleep
 * means it caught, ignored or was stopped by it. */
static bool still_kicked(struct proc *p)
{
	if (!p->kicked || p->dead)
		return false;
	char st = procfs_state(p->pid);
	if (st == 'S' || st == 'T' || st == 't')
		p->kicked = false;
	return p->kicked;
}

bool proc_unsettled(struct proc *p)
{
	if (p->dead)
		return false;
	if (still_kicked(p))
		return true;
	if (p->state == PS_BUSY)
		return !p->blocked || !still_blocked(p);
	if (p->state == PS_EXECED)
		return !program_waiting(p);
	return false;
}

/* A child that died while P was in wait, and that wait did not collect: a zombie. */
static void mark_dead(struct proc *p, int wstatus, int reaper);
static void settle_deferred_children(struct proc *p)
{
	for (int i = 1; i <= ntab; i++) {
		struct proc *c = tab[i];
		if (c->parent != p->num || !c->exit_deferred || c->dead)
			continue;
		c->exit_deferred = false;
		int code = procfs_state(c->pid) == 'Z' ? procfs_exit_code(c->pid) : -1;
		if (code >= 0)
			mark_dead(c, code, 0);
	}
}

static void finish_command(struct proc *p, int status)
{
	settle_deferred_children(p);
	p->starting = false;
	p->state = PS_IDLE;
	p->exec_sent = false;	/* an exec that failed */
	p->calling = p->blocked = false;
	p->status = status;
	proc_then_fn then = p->then;
	p->then = NULL;
	if (then)
		then(p, status, p->then_arg);
}

static void on_forked(struct proc *p, struct wmsg *m)
{
	if (m->nfds < 2) {
		for (int i = 0; i < m->nfds; i++)
			close(m->fds[i]);
		out_line(p->num, LINE_ERROR, "fork: the child's control channel did not arrive");
		return;
	}
	struct board *board = m->nfds > 2 ? board_map(m->fds[2]) : NULL;
	if (m->nfds > 2)
		close(m->fds[2]);
	struct proc *c = proc_add((pid_t)warg_long(m, 0), p->num, m->fds[0], m->fds[1], board);
	c->state = PS_BUSY;	/* until it reports its own fork() = 0 */
	c->starting = true;
	const char *fds = warg_str(m, 1);
	if (*fds)
		out_linef(p->num, LINE_NOTE, "  p%d (pid %d) is p%d's child; it inherited fds %s", c->num,
			  (int)c->pid, p->num, fds);
	else
		out_linef(p->num, LINE_NOTE, "  p%d (pid %d) is p%d's child", c->num, (int)c->pid, p->num);
}

static void on_object(struct proc *p, struct wmsg *m)
{
	const char *kind = warg_str(m, 0);
	if (strcmp(kind, "pipe") == 0) {
		struct object *o = obj_add(OBJ_PIPE, p->num);
		o->fd[0] = (int)warg_long(m, 1);
		o->fd[1] = (int)warg_long(m, 2);
		o->ino = (unsigned long)strtoul(warg_str(m, 3), NULL, 10);
		char name[24];
		snprintf(name, sizeof name, "<ino%d>", o->num);
		out_mask_add((long)o->ino, name);
		out_linef(p->num, LINE_NOTE, "  %s: read end fd %d, write end fd %d", o->handle, o->fd[0], o->fd[1]);
	}
}

static void mark_dead(struct proc *p, int wstatus, int reaper);

static void on_reaped_by_worker(struct proc *p, pid_t pid, int st)
{
	struct proc *c = proc_by_pid(pid);
	if (!c)
		return;
	mark_dead(c, st, p->num);
	struct buf b = { 0 };
	describe_status(&b, st);
	out_linef(p->num, LINE_NOTE, "  p%d %s; p%d collected its status, so it is gone now", c->num,
		  b.data, p->num);
	buf_free(&b);
}

static bool read_output(struct proc *p);

static void handle_event(struct proc *p, struct wmsg *m)
{
	switch (m->type) {
	case EV_LINE:
		out_line(p->num, warg_str(m, 0)[0], warg_str(m, 1));
		break;
	case EV_OBJECT:
		on_object(p, m);
		break;
	case EV_FORKED:
		on_forked(p, m);
		return;	/* its fds now belong to the new process */
	case EV_EXEC:
		p->exec_sent = true;
		free(p->prog);
		p->prog = xstrdup(warg_str(m, 0));
		free(p->call_text);
		p->call_text = xstrdup(warg_str(m, 1));
		break;
	case EV_REAPED:
		on_reaped_by_worker(p, (pid_t)warg_long(m, 0), (int)warg_long(m, 1));
		break;
	case EV_DONE:
		finish_command(p, (int)warg_long(m, 0));
		break;
	case EV_VALUE:
		p->value = warg_long(m, 0);
		break;
	}
	for (int i = 0; i < m->nfds; i++)
		close(m->fds[i]);
}

static void handle_record(struct proc *p, struct wrecord *rec)
{
	struct wmsg m;
	int r;
	/* A command whose program wrote to our output pipe (pclose): that output
	 * came first, so it is shown before the command's own lines. */
	struct wrecord scan = *rec;
	while (wire_next(&scan, &m) == 1)
		if (m.type == EV_DONE && warg_long(&m, 1) && p->out >= 0)
			while (read_output(p))
				;
	while ((r = wire_next(rec, &m)) == 1)
		handle_event(p, &m);
	if (r < 0)
		out_line(p->num, LINE_ERROR, "a malformed message came from this process");
}

static void close_channel(struct proc *p)
{
	close(p->ctl);
	p->ctl = -1;
	if (!p->exec_sent || p->dead)
		return;
	/* The channel is close-on-exec: it closing after EV_EXEC means execvp worked. */
	p->state = PS_EXECED;
	p->calling = p->blocked = false;
	out_linef(p->num, LINE_TRACE, "%s: does not return", p->call_text);
	clock_gettime(CLOCK_MONOTONIC, &p->exec_time);
	out_linef(p->num, LINE_NOTE, "  p%d (pid %d) now runs %s; what it prints is shown as [p%d]",
		  p->num, (int)p->pid, p->prog, p->num);
	proc_then_fn then = p->then;
	p->then = NULL;
	if (then)
		then(p, 0, p->then_arg);
}

void proc_on_channel(struct proc *p)
{
	/* One record per readiness: a record holds all a command's events. */
	struct wrecord rec;
	int r = wire_recv(p->ctl, rxbuf, &rec);
	if (r > 0)
		handle_record(p, &rec);
	else if (r == 0 || errno != EAGAIN)
		close_channel(p);
}

bool proc_wait_record(struct proc *p)
{
	struct wrecord rec;
	int r = wire_recv(p->ctl, rxbuf, &rec);
	if (r > 0)
		handle_record(p, &rec);
	else if (r == 0 || (errno != EAGAIN && errno != EINTR))
		close_channel(p);
	else
		return false;
	return true;
}

/* Reads what a dead process said before it died; its end is closed, so this ends. */
static void drain_channel(struct proc *p)
{
	struct wrecord rec;
	char *buf = xmalloc(WIRE_MAX);	/* not rxbuf: this may run inside another event */
	while (p->ctl >= 0) {
		int r = wire_recv_flags(p->ctl, buf, &rec, MSG_DONTWAIT);
		if (r > 0)
			handle_record(p, &rec);
		else if (r < 0 && errno == EAGAIN)
			break;
		else
			close_channel(p);
	}
	free(buf);
}

static void emit_output(struct proc *p, bool all)
{
	char *nl;
	while (p->partial.len && (nl = memchr(p->partial.data, '\n', p->partial.len))) {
		size_t n = (size_t)(nl - p->partial.data);
		char *line = xstrndup(p->partial.data, n);
		out_line(p->num, LINE_DATA, line);
		free(line);
		memmove(p->partial.data, nl + 1, p->partial.len - n - 1);
		p->partial.len -= n + 1;
		p->partial.data[p->partial.len] = '\0';
	}
	if (all && p->partial.len) {
		out_line(p->num, LINE_DATA, p->partial.data);
		buf_reset(&p->partial);
	}
}

/* Reads what is in P's output pipe; returns false once nothing more is there now. */
static bool read_output(struct proc *p)
{
	char chunk[4096];
	ssize_t n = read(p->out, chunk, sizeof chunk);
	if (n > 0) {
		buf_add(&p->partial, chunk, (size_t)n);
		emit_output(p, false);
		return true;
	}
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return false;
	emit_output(p, true);
	close(p->out);
	p->out = -1;
	return false;
}

void proc_on_output(struct proc *p)
{
	read_output(p);
}

/* Picks a new current process when the current one has died. */
static void move_current_off(struct proc *dead)
{
	if (curnum != dead->num)
		return;
	struct proc *next = proc_get(dead->parent);
	if (!next || next->dead || next->state == PS_EXECED) {
		next = NULL;
		for (int i = 1; i <= ntab && !next; i++)
			if (!tab[i]->dead && tab[i]->state != PS_EXECED)
				next = tab[i];
	}
	if (!next) {
		next = proc_spawn_root();
		if (!next)
			return;
		out_linef(dead->num, LINE_NOTE, "  no worker is left: ipcsh started p%d (pid %d) to take commands",
			  next->num, (int)next->pid);
	}
	out_linef(dead->num, LINE_NOTE, "  p%d is now the current process", next->num);
	set_current(next->num);
}

/* Children of a dead worker are orphans: ipcsh, a child subreaper, adopts them. */
static void adopt_orphans(struct proc *dead)
{
	for (int i = 1; i <= ntab; i++) {
		struct proc *c = tab[i];
		if (c->parent != dead->num || c->orphan)
			continue;
		c->parent = 0;
		c->orphan = true;
		if (!c->dead)
			out_linef(dead->num, LINE_NOTE, "  p%d is an orphan now; ipcsh (pid %d) adopts it, as init would",
				  c->num, (int)getpid());
	}
}

/* REAPER: REAP_NONE while a zombie, REAP_IPCSH, or the number of the worker
 * whose wait collected the status. */
enum { REAP_NONE = 0, REAP_IPCSH = -1 };

static void report_death(struct proc *p, int reaper)
{
	struct buf b = { 0 };
	proc_sync_call(p);
	if (p->calling && WIFSIGNALED(p->wstatus)) {
		out_linef(p->num, LINE_TRACE, "%s ... killed by %s", p->call_text, sig_name(WTERMSIG(p->wstatus)));
		if (WTERMSIG(p->wstatus) == SIGPIPE)
			out_linef(p->num, LINE_NOTE, "  p%d wrote to a pipe that no process can read: the kernel sent it "
				  "SIGPIPE, whose default action ends the process", p->num);
	}
	describe_status(&b, p->wstatus);
	if (reaper == REAP_IPCSH)
		out_linef(p->num, LINE_NOTE, "  p%d (pid %d) %s; ipcsh reaped it", p->num, (int)p->pid, b.data);
	else if (reaper == REAP_NONE)
		out_linef(p->num, LINE_NOTE, "  p%d (pid %d) %s; it is a zombie until p%d calls wait", p->num,
			  (int)p->pid, b.data, p->parent);
	buf_free(&b);
}

/* A dead process's output is all in its pipe already: show it before its death. */
static void drain_output(struct proc *p)
{
	while (p->out >= 0 && read_output(p))
		;
	emit_output(p, true);
}

static void mark_dead(struct proc *p, int wstatus, int reaper)
{
	bool was_dead = p->dead;
	drain_channel(p);
	drain_output(p);
	p->dead = true;
	p->wstatus = wstatus;
	if (p->pidfd >= 0) {
		close(p->pidfd);
		p->pidfd = -1;
	}
	if (!was_dead)
		report_death(p, reaper);
	else if (reaper == REAP_IPCSH)
		out_linef(p->num, LINE_NOTE, "  ipcsh reaped the zombie p%d (pid %d)", p->num, (int)p->pid);
	p->state = reaper == REAP_NONE ? PS_ZOMBIE : PS_GONE;
	p->calling = p->blocked = false;
	if (p->then) {
		proc_then_fn then = p->then;
		p->then = NULL;
		then(p, 1, p->then_arg);
	}
	if (!was_dead) {
		adopt_orphans(p);
		move_current_off(p);
	}
}

/* Is P's parent inside a wait that will collect P? */
static bool parent_waits_for(struct proc *p)
{
	struct proc *par = proc_get(p->parent);
	if (!par || par->dead || par->state != PS_BUSY)
		return false;
	proc_sync_call(par);
	return par->calling && par->block_kind == BLOCK_WAIT &&
	       (par->block_fd == -1 || par->block_fd == (int)p->pid);
}

void proc_on_exit(struct proc *p)
{
	if (p->parent == 0) {
		/* Ours to reap: the SIGCHLD path does it. */
		close(p->pidfd);
		p->pidfd = -1;
		p->pidfd_closed = true;
		return;
	}
	int st = procfs_exit_code(p->pid);
	if (st < 0 || parent_waits_for(p)) {
		/* Reaped already, or about to be: EV_REAPED tells, in order. */
		p->exit_deferred = st >= 0;
		close(p->pidfd);
		p->pidfd = -1;
		p->pidfd_closed = true;
		return;
	}
	mark_dead(p, st, REAP_NONE);
}

bool proc_exit_unwatched(struct proc *p)
{
	return p->pidfd < 0 && !p->pidfd_closed && !p->dead && p->parent != 0 &&
	       (p->ctl < 0 || p->state == PS_EXECED);
}

void proc_poll_exit(struct proc *p)
{
	if (!proc_exit_unwatched(p))
		return;
	char st = procfs_state(p->pid);
	int code = (st == 'Z' || st == 'X') ? procfs_exit_code(p->pid) : -1;
	if (code >= 0)
		mark_dead(p, code, REAP_NONE);
}

void proc_on_reaped(pid_t pid, int wstatus)
{
	struct proc *p = proc_by_pid(pid);
	if (p)
		mark_dead(p, wstatus, REAP_IPCSH);
}

void proc_free_all(void)
{
	for (int i = 1; i <= ntab; i++) {
		struct proc *p = tab[i];
		if (p->ctl >= 0)
			close(p->ctl);
		if (p->out >= 0)
			close(p->out);
		if (p->pidfd >= 0)
			close(p->pidfd);
		buf_free(&p->partial);
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
