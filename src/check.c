/* check.c - a lesson step's checks, evaluated on the live state: the object
 * table, the processes, /proc, the last line's output and, for numbers only a
 * holder can ask for (bytes in a pipe), a silent query to a worker. */
#include "check.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "holders.h"
#include "objtab.h"
#include "out.h"
#include "proc.h"
#include "procfs.h"
#include "trace.h"
#include "worker.h"

static bool obj_live(struct object *o)
{
	const struct obj_ops *ops = obj_ops(o->kind);
	return !o->gone && (!ops || ops->alive(o));
}

/* Is WORD one of the space-separated words of LIST? */
static bool listed(const char *list, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = list; p && (p = strstr(p, word)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

/* object KIND|REF [ATTRIBUTE VALUE]: the current object of a kind, or one by name. */
static bool check_object(char **a, int n, struct buf *why)
{
	int num = 0;
	enum obj_kind k = obj_kind_named(a[0]);
	if (k == OBJ_NONE)
		k = obj_parse_ref(a[0], &num);
	struct object *o = num ? obj_find(k, num) : obj_current(k);
	if (k == OBJ_NONE) {
		buf_printf(why, "'%s' is not a kind of object", a[0]);
		return false;
	}
	if (!o || !obj_live(o)) {
		if (num && o)
			buf_printf(why, "%s is gone", a[0]);
		else
			buf_printf(why, "there is no %s yet", num ? a[0] : obj_noun(k));
		return false;
	}
	if (n == 1)
		return true;
	const struct obj_ops *ops = obj_ops(k);
	if (!ops || !listed(ops->attrs, a[1]) || n != 3) {
		buf_printf(why, "no attribute '%s' of %s", a[1], obj_kind_desc(k));
		return false;
	}
	long v;
	if (!ops->attr(o, a[1], &v, why))
		return false;
	if (v != atol(a[2])) {
		buf_printf(why, "%s holds %ld bytes, not %s", o->handle, v, a[2]);
		return false;
	}
	return true;
}

static bool check_objects(char **a, struct buf *why)
{
	enum obj_kind k = obj_kind_named(a[0]);
	int n = 0;
	for (struct object *o = obj_first(); o; o = o->next)
		n += o->kind == k && obj_live(o);
	if (n != atoi(a[1]))
		buf_printf(why, "there %s %d %s%s, not %s", n == 1 ? "is" : "are", n, obj_noun(k), n == 1 ? "" : "s", a[1]);
	return n == atoi(a[1]);
}

/* An exec'd program asleep in read() on an object may wait for an end of
 * file that never comes: its kind says why (a write end still open). */
static void explain_waiting(struct proc *p, struct buf *why)
{
	long fd;
	if (p->state != PS_EXECED || p->dead || procfs_syscall_arg0(p->pid, &fd) != SYS_read)
		return;
	unsigned long ino = holders_fd_ino(p, (int)fd, NULL);
	struct object *o = ino ? obj_find_ino(OBJ_NONE, ino) : NULL;
	const struct obj_ops *ops = o ? obj_ops(o->kind) : NULL;
	if (ops)
		ops->stuck(o, why);
}

/* "./pipe4" and "/usr/bin/sort" are pipe4 and sort. */
static bool prog_is(const char *prog, const char *name)
{
	const char *base = strrchr(prog, '/'), *nbase = strrchr(name, '/');
	return strcmp(base ? base + 1 : prog, nbase ? nbase + 1 : name) == 0;
}

static bool check_process(char **a, int n, struct buf *why)
{
	struct proc *p = proc_parse(a[0]);
	const char *want = a[1], *arg = n > 2 ? a[2] : NULL;
	struct buf state = { 0 };
	bool ok;
	if (!p) {
		buf_printf(why, "there is no process %s", a[0]);
		return false;
	}
	proc_state_text(p, &state);
	if (strcmp(want, "exists") == 0)
		ok = !p->dead;
	else if (strcmp(want, "ready") == 0)
		ok = p->state == PS_IDLE;
	else if (strcmp(want, "running") == 0)
		ok = p->state == PS_BUSY && !p->blocked;
	else if (strcmp(want, "blocked") == 0)
		ok = p->state == PS_BUSY && p->blocked && (!arg || (p->call_text && strncmp(p->call_text, arg, strlen(arg)) == 0));
	else if (strcmp(want, "execed") == 0)
		ok = p->state == PS_EXECED && !p->dead && (!arg || (p->prog && prog_is(p->prog, arg)));
	else if (strcmp(want, "orphan") == 0)
		ok = p->orphan && !p->dead;
	else if (strcmp(want, "zombie") == 0)
		ok = p->state == PS_ZOMBIE;
	else if (strcmp(want, "gone") == 0)
		ok = p->state == PS_GONE;
	else if (strcmp(want, "exited") == 0)
		ok = p->dead && WIFEXITED(p->wstatus) && (!arg || WEXITSTATUS(p->wstatus) == atoi(arg));
	else if (strcmp(want, "killed") == 0)
		ok = p->dead && WIFSIGNALED(p->wstatus) && (!arg || WTERMSIG(p->wstatus) == sig_parse(arg));
	else {
		buf_printf(why, "unknown process state '%s'", want);
		buf_free(&state);
		return false;
	}
	if (!ok && strcmp(want, "exists") == 0)
		buf_printf(why, "%s has ended: %s", a[0], state.data);
	else if (!ok)
		buf_printf(why, "%s is %s, not %s%s%s", a[0], state.data, want, arg ? " " : "", arg ? arg : "");
	if (!ok && (!strcmp(want, "exited") || !strcmp(want, "zombie") || !strcmp(want, "gone")))
		explain_waiting(p, why);
	if (!ok && p->state == PS_ZOMBIE) {
		buf_addstr(why, " (");
		describe_status(why, p->wstatus);
		buf_addstr(why, ")");
	}
	buf_free(&state);
	return ok;
}

/* What fd FD of a process is, in words: "closed", "open", "pipe2's write end". */
static void fd_describe(const struct fdent *e, struct buf *b)
{
	const char *role = NULL;
	struct object *o = e ? obj_of_fd(e, &role) : NULL;
	if (!e)
		buf_addstr(b, "closed");
	else if (o)
		buf_printf(b, "%s's %s", o->handle, role);
	else
		buf_printf(b, "open on %s", e->target);
}

/* fd pN N open|closed, or fd pN N REF read|write (an end of an object). */
static bool check_fd(char **a, int n, struct buf *why)
{
	struct proc *p = proc_parse(a[0]);
	if (!p || p->dead) {
		buf_printf(why, "%s is not a live process", a[0]);
		return false;
	}
	struct fdent *fds, *e = NULL;
	int count = procfs_fds(p->pid, &fds), fd = atoi(a[1]);
	for (int i = 0; i < count; i++)
		if (fds[i].fd == fd && fd != worker_ctl_fd())	/* ipcsh's channel, hidden as in 'fds' */
			e = &fds[i];
	bool ok;
	if (n == 3) {
		ok = (e != NULL) == (strcmp(a[2], "open") == 0);
	} else {
		int num;
		enum obj_kind k = obj_parse_ref(a[2], &num);
		struct object *o = k != OBJ_NONE ? obj_find(k, num) : NULL;
		int mode = strcmp(a[3], "write") == 0 ? O_WRONLY : O_RDONLY;
		ok = o && e && e->ino == o->ino && e->accmode == mode;
	}
	if (!ok) {
		buf_printf(why, "fd %d of %s is ", fd, a[0]);
		fd_describe(e, why);
	}
	if (count > 0)
		free(fds);
	return ok;
}

bool check_holds(const struct lcheck *c, struct buf *why)
{
	char **a = c->argv + 1;
	int n = c->argc - 1;
	const char *kind = c->argv[0];
	if (strcmp(kind, "object") == 0)
		return check_object(a, n, why);
	if (strcmp(kind, "objects") == 0)
		return check_objects(a, why);
	if (strcmp(kind, "process") == 0)
		return check_process(a, n, why);
	if (strcmp(kind, "fd") == 0)
		return check_fd(a, n, why);
	if (strcmp(kind, "output") == 0) {
		bool ok = strstr(out_recorded(), a[0]) != NULL;
		if (!ok)
			buf_printf(why, "the last output does not show \"%s\"", a[0]);
		return ok;
	}
	buf_printf(why, "unknown check '%s'", kind);
	return false;
}
