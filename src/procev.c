/* procev.c - what comes back from the processes: a worker's events (lines,
 * objects made, forks, execs, reaped children, a finished command), the
 * output of the programs they run, and their deaths. */
#include "procev.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "board.h"
#include "objtab.h"
#include "out.h"
#include "proc.h"
#include "procfs.h"
#include "trace.h"
#include "worker.h"

static char rxbuf[WIRE_MAX];

/* A child that died while P was in wait, and that wait did not collect: a zombie. */
static void mark_dead(struct proc *p, int wstatus, int reaper);
static void settle_deferred_children(struct proc *p)
{
	for (int i = 1; i <= proc_count(); i++) {
		struct proc *c = proc_get(i);
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
	p->stopped = false;	/* it ran: a SIGCONT came */
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
		out_linef(p->num, LINE_NOTE, "  p%d (pid %d) is p%d's child; it inherited fd%s %s", c->num,
			  (int)c->pid, p->num, strchr(fds, ' ') ? "s" : "", fds);
	else
		out_linef(p->num, LINE_NOTE, "  p%d (pid %d) is p%d's child", c->num, (int)c->pid, p->num);
}

/* A worker made an object: its kind (the first argument) decodes the rest. */
static void on_object(struct proc *p, struct wmsg *m)
{
	const struct obj_ops *ops = obj_ops(obj_kind_named(warg_str(m, 0)));
	if (!ops) {
		out_linef(p->num, LINE_ERROR, "made an object of an unknown kind '%s'", warg_str(m, 0));
		return;
	}
	for (struct object *o = obj_first(); o && ops->same; o = o->next)
		if (o->kind == ops->kind && !o->gone && ops->same(o, m)) {
			obj_set_current(o);
			out_linef(p->num, LINE_NOTE, "  %s again: the same %s", o->handle, obj_kind_desc(o->kind) + 2);
			return;
		}
	struct object *o = obj_add(ops->kind, p->num);
	struct buf note = { 0 };
	ops->decode(o, m, &note);
	obj_journal_made(o);
	char name[24];
	if (o->ino) {
		snprintf(name, sizeof name, "<ino%d>", o->num);
		out_mask_add((long)o->ino, name);
	}
	if (note.len)
		out_line(p->num, LINE_NOTE, note.data);
	buf_free(&note);
}

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

static void drain_outputs(struct proc *p);

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
		p->fd_gen += warg_long(m, 2) != 0;
		finish_command(p, (int)warg_long(m, 0));
		break;
	case EV_VALUE:
		p->value = warg_long(m, 0);
		break;
	case EV_CALL:
		proc_note_call(p, warg_str(m, 0), warg_long(m, 1), (int)warg_long(m, 2));
		break;
	case EV_MASK:
		out_mask_text(warg_str(m, 0), warg_str(m, 1));
		break;
	}
	for (int i = 0; i < m->nfds; i++)
		close(m->fds[i]);
}

static void handle_record(struct proc *p, struct wrecord *rec)
{
	struct wmsg m;
	int r;
	/* A command whose program printed (pclose): that output came first, so
	 * it is shown before the command's own lines. */
	struct wrecord scan = *rec;
	while (wire_next(&scan, &m) == 1)
		if (m.type == EV_DONE && warg_long(&m, 1))
			drain_outputs(p);
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

static void drain_channel(struct proc *p);

void proc_on_channel(struct proc *p)
{
	/* One record per readiness: a record holds all a command's events. */
	struct wrecord rec;
	int r = wire_recv(p->ctl, rxbuf, &rec);
	if (r > 0)
		handle_record(p, &rec);
	else if (r == 0 || errno != EAGAIN)
		close_channel(p);
	/* After an exec the channel's end (the exec worked) is already there,
	 * before anything the program prints: take it now, not after output
	 * that the same poll found ready. */
	if (p->exec_sent && p->ctl >= 0)
		drain_channel(p);
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

/* Reads what is on P's channel now, up to its end if it has come (a dead
 * process's last words, or an exec's closing). */
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

static void emit_output(struct proc *p, struct outsrc *o, bool all)
{
	char *nl;
	while (o->partial.len && (nl = memchr(o->partial.data, '\n', o->partial.len))) {
		size_t n = (size_t)(nl - o->partial.data);
		char *line = xstrndup(o->partial.data, n);
		out_line(p->num, LINE_DATA, line);
		free(line);
		memmove(o->partial.data, nl + 1, o->partial.len - n - 1);
		o->partial.len -= n + 1;
		o->partial.data[o->partial.len] = '\0';
	}
	if (all && o->partial.len) {
		out_line(p->num, LINE_DATA, o->partial.data);
		buf_reset(&o->partial);
	}
}

/* Reads what is in output O of P; returns false once nothing more is there
 * now.  A pipe ends with end of file, a terminal with EIO once no program
 * holds it any more: either way O is closed. */
static bool read_output(struct proc *p, struct outsrc *o)
{
	char chunk[4096];
	ssize_t n = read(o->fd, chunk, sizeof chunk);
	if (n > 0) {
		buf_add(&o->partial, chunk, (size_t)n);
		clock_gettime(CLOCK_MONOTONIC, &o->partial_time);
		emit_output(p, o, false);
		return true;
	}
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return false;
	emit_output(p, o, true);
	close(o->fd);
	o->fd = -1;
	return false;
}

/* Reads P's output pipe and terminal until nothing more is there now. */
static void drain_outputs(struct proc *p)
{
	while (p->out.fd >= 0 && read_output(p, &p->out))
		;
	while (p->tty.fd >= 0 && read_output(p, &p->tty))
		;
}

void proc_on_output(struct proc *p, struct outsrc *o)
{
	read_output(p, o);
}

static long ms_since(const struct timespec *t)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t->tv_sec) * 1000 + (now.tv_nsec - t->tv_nsec) / 1000000;
}

static bool show_partial(struct proc *p, struct outsrc *o, int quiet_ms)
{
	if (!o->partial.len)
		return false;
	if (quiet_ms > 0 && ms_since(&o->partial_time) < quiet_ms)
		return true;
	emit_output(p, o, true);
	return false;
}

bool proc_show_partial(struct proc *p, int quiet_ms)
{
	bool out_waits = show_partial(p, &p->out, quiet_ms);
	return show_partial(p, &p->tty, quiet_ms) || out_waits;
}

/* Picks a new current process when the current one has died. */
static void move_current_off(struct proc *dead)
{
	if (proc_current() != dead)
		return;
	struct proc *next = proc_get(dead->parent);
	if (!next || next->dead || next->state == PS_EXECED) {
		next = NULL;
		for (int i = 1; i <= proc_count() && !next; i++)
			if (!proc_get(i)->dead && proc_get(i)->state != PS_EXECED)
				next = proc_get(i);
	}
	if (!next) {
		next = proc_spawn_root();
		if (!next)
			return;
		out_linef(dead->num, LINE_NOTE, "  no worker is left: ipcsh started p%d (pid %d) to take commands",
			  next->num, (int)next->pid);
	}
	out_linef(dead->num, LINE_NOTE, "  p%d is now the current process", next->num);
	proc_set_current(next);
}

/* Children of a dead worker are orphans: ipcsh, a child subreaper, adopts them. */
static void adopt_orphans(struct proc *dead)
{
	for (int i = 1; i <= proc_count(); i++) {
		struct proc *c = proc_get(i);
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
		proc_note_call_end(p, CALL_KILLED, WTERMSIG(p->wstatus));
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

static void mark_dead(struct proc *p, int wstatus, int reaper)
{
	bool was_dead = p->dead;
	drain_channel(p);
	/* Its output is all there already: shown before its death.  (Its
	 * terminal may still have a program that prints.) */
	drain_outputs(p);
	emit_output(p, &p->out, true);
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
	return par->calling && par->block == &block_wait &&
	       (par->block_fd == -1 || par->block_fd == (int)p->pid) &&
	       procfs_state(par->pid) != 'T';	/* a stopped parent collects nothing */
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
