/* check.c - a lesson step's checks: one table of kinds, each with how its
 * words are judged when a lesson is loaded and how it is evaluated on the
 * live state (the object table, the processes, /proc, the last line's output,
 * and what only an object's own kind can tell, such as the bytes in a pipe). */
#include "check.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "family.h"
#include "holders.h"
#include "objtab.h"
#include "out.h"
#include "proc.h"
#include "procfs.h"
#include "trace.h"
#include "worker.h"

static bool is_number(const char *s)
{
	return *s && strspn(s, "0123456789") == strlen(s);
}

/* Checks name up to this many values of one attribute (a semaphore set's). */
enum { CHECK_MAX_VALUES = 16 };

static bool all_numbers(char **a, int n)
{
	for (int i = 0; i < n; i++)
		if (!is_number(a[i]))
			return false;
	return n <= CHECK_MAX_VALUES;
}

/* "pipe" or "pipe1": the kind it names, or OBJ_NONE. */
static enum obj_kind kind_of(const char *word)
{
	int num;
	enum obj_kind k = obj_kind_named(word);
	return k != OBJ_NONE ? k : obj_parse_ref(word, &num);
}

static bool obj_live(struct object *o)
{
	const struct obj_ops *ops = obj_ops(o->kind);
	return !o->gone && (!ops || ops->alive(o));
}

/* Is WORD one of the space-separated words of LIST? */
static bool listed(const char *list, const char *word)
{
	size_t n = strlen(word);
	if (n == 0)
		return false;	/* strstr finds "" everywhere: it would never move on */
	for (const char *p = list; p && (p = strstr(p, word)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

/* How many values attribute WORD of LIST takes: 1, or CHECK_MAX_VALUES for
 * one listed as "value..." (a value for each semaphore); 0 if not listed. */
static int attr_values(const char *list, const char *word)
{
	char many[64];
	snprintf(many, sizeof many, "%s...", word);
	return !list ? 0 : listed(list, word) ? 1 : listed(list, many) ? CHECK_MAX_VALUES : 0;
}

/* object KIND|REF [ATTRIBUTE VALUE]: the current object of a kind, or one by name. */
static bool holds_object(char **a, int n, struct buf *why)
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
	if (!ops || !attr_values(ops->attrs, a[1]) || n < 3) {
		buf_printf(why, "no attribute '%s' of %s", a[1], obj_kind_desc(k));
		return false;
	}
	long want[CHECK_MAX_VALUES];
	int nwant = 0;
	for (int i = 2; i < n && nwant < CHECK_MAX_VALUES; i++)
		want[nwant++] = atol(a[i]);
	return ops->attr(o, a[1], want, nwant, why);
}

static bool holds_objects(char **a, int n, struct buf *why)
{
	enum obj_kind k = obj_kind_named(a[0]);
	int live = 0;
	for (struct object *o = obj_first(); o; o = o->next)
		live += o->kind == k && obj_live(o);
	if (live != atoi(a[1]))
		buf_printf(why, "there %s %d %s%s, not %s", live == 1 ? "is" : "are", live, obj_noun(k),
			   live == 1 ? "" : "s", a[1]);
	return live == atoi(a[1]);
}

/* An exec'd program asleep in read() on an object may wait for an end of
 * file that never comes: its kind says why (a write end still open). */
static void explain_waiting(struct proc *p, struct buf *why)
{
	long args[6], nr = p->state == PS_EXECED && !p->dead ? procfs_syscall_args(p->pid, args) : -1;
	const struct block_kind *kind = nr >= 0 ? block_kind_for_call(nr) : NULL;
	if (kind && kind->explain) {	/* a call a family explains: msgrcv, semop... */
		p->block_fd = (int)args[0];
		p->block_arg = args[kind->arg];
		buf_addstr(why, ": ");
		kind->explain(p, why);
		return;
	}
	if (nr != SYS_read)
		return;
	long fd = (int)args[0];
	unsigned long ino = holders_fd_ino(p, (int)fd, NULL);
	struct object *o = ino ? obj_find_ino(OBJ_NONE, ino) : NULL;
	const struct obj_ops *ops = o ? obj_ops(o->kind) : NULL;
	if (ops && ops->stuck)
		ops->stuck(o, why);
}

/* "./pipe4" and "/usr/bin/sort" are pipe4 and sort. */
static bool prog_is(const char *prog, const char *name)
{
	const char *base = strrchr(prog, '/'), *nbase = strrchr(name, '/');
	return strcmp(base ? base + 1 : prog, nbase ? nbase + 1 : name) == 0;
}

/* The states 'process pN STATE [ARG]' may ask for; ARG names the one more
 * word a state takes, if it takes one. */
struct state_check {
	const char *name, *arg;
	bool (*holds)(const struct proc *p, const char *arg);
	bool explains_waiting;	/* a "not yet" names what a reader still waits for */
};

static bool st_exists(const struct proc *p, const char *arg) { return !p->dead; }
static bool st_ready(const struct proc *p, const char *arg) { return p->state == PS_IDLE; }
static bool st_running(const struct proc *p, const char *arg) { return p->state == PS_BUSY && !p->blocked; }
static bool st_orphan(const struct proc *p, const char *arg) { return p->orphan && !p->dead; }
static bool st_zombie(const struct proc *p, const char *arg) { return p->state == PS_ZOMBIE; }
static bool st_gone(const struct proc *p, const char *arg) { return p->state == PS_GONE; }

static bool st_blocked(const struct proc *p, const char *call)
{
	return p->state == PS_BUSY && p->blocked &&
	       (!call || (p->call_text && strncmp(p->call_text, call, strlen(call)) == 0));
}

static bool st_execed(const struct proc *p, const char *prog)
{
	return p->state == PS_EXECED && !p->dead && (!prog || (p->prog && prog_is(p->prog, prog)));
}

static bool st_exited(const struct proc *p, const char *code)
{
	return p->dead && WIFEXITED(p->wstatus) && (!code || WEXITSTATUS(p->wstatus) == atoi(code));
}

static bool st_killed(const struct proc *p, const char *sig)
{
	return p->dead && WIFSIGNALED(p->wstatus) && (!sig || WTERMSIG(p->wstatus) == sig_parse(sig));
}

/* "p3", or "ipcsh" for a process ipcsh adopted. */
static bool st_parent(const struct proc *p, const char *parent)
{
	if (strcmp(parent, "ipcsh") == 0)
		return p->parent == 0;
	const struct proc *q = proc_parse(parent);
	return q && p->parent == q->num;
}

static const struct state_check states[] = {
	{ "exists", NULL, st_exists, false },
	{ "ready", NULL, st_ready, false },
	{ "running", NULL, st_running, false },
	{ "blocked", "CALL", st_blocked, false },
	{ "execed", "PROG", st_execed, false },
	{ "orphan", NULL, st_orphan, false },
	{ "zombie", NULL, st_zombie, true },
	{ "exited", "CODE", st_exited, true },
	{ "killed", "SIG", st_killed, false },
	{ "parent", "PROC", st_parent, false },
	{ "gone", NULL, st_gone, true },
};

static const struct state_check *pstate_named(const char *name)
{
	for (int i = 0; i < COUNT(states); i++)
		if (strcmp(states[i].name, name) == 0)
			return &states[i];
	return NULL;
}

static bool is_proc_name(const char *w)
{
	return w[0] == 'p' && is_number(w + 1);
}

static bool fault_process(char **a, int n, struct buf *fault)
{
	const struct state_check *st = pstate_named(a[1]);
	if (!st) {
		buf_addstr(fault, "unknown process state");
	} else if (n == 3 && !st->arg) {
		buf_addstr(fault, "only ");	/* "only blocked, execed, exited and killed take one more word" */
		int k = 0, total = 0;
		for (int i = 0; i < COUNT(states); i++)
			total += states[i].arg != NULL;
		for (int i = 0; i < COUNT(states); i++)
			if (states[i].arg)
				buf_printf(fault, "%s%s", k++ == 0 ? "" : k == total ? " and " : ", ", states[i].name);
		buf_addstr(fault, " take one more word");
	} else if (n == 3 && st->holds == st_exited && (!is_number(a[2]) || atoi(a[2]) > 255)) {
		buf_addstr(fault, "an exit code is a number from 0 to 255");
	} else if (n == 3 && st->holds == st_killed && sig_parse(a[2]) < 0) {
		buf_addstr(fault, "not a signal (TERM, SIGKILL, 9...)");
	} else if (st->holds == st_parent && (n != 3 || (strcmp(a[2], "ipcsh") && !is_proc_name(a[2])))) {
		buf_addstr(fault, "parent takes a process, pN or ipcsh");
	}
	return fault->len > 0;
}

static bool holds_process(char **a, int n, struct buf *why)
{
	struct proc *p = proc_parse(a[0]);
	const struct state_check *st = pstate_named(a[1]);
	const char *arg = n > 2 ? a[2] : NULL;
	if (!p) {
		buf_printf(why, "there is no process %s", a[0]);
		return false;
	}
	if (!st) {
		buf_printf(why, "unknown process state '%s'", a[1]);
		return false;
	}
	if (st->holds(p, arg))
		return true;
	struct buf state = { 0 };
	proc_state_text(p, &state);
	if (st->holds == st_exists)
		buf_printf(why, "%s has ended: %s", a[0], state.data);
	else if (st->holds == st_parent && p->parent)
		buf_printf(why, "%s is a child of p%d, not of %s", a[0], p->parent, arg);
	else if (st->holds == st_parent)
		buf_printf(why, "%s is a child of ipcsh, not of %s", a[0], arg);
	else
		buf_printf(why, "%s is %s, not %s%s%s", a[0], state.data, st->name, arg ? " " : "", arg ? arg : "");
	if (st->explains_waiting)
		explain_waiting(p, why);
	if (p->state == PS_ZOMBIE) {
		buf_addstr(why, " (");
		describe_status(why, p->wstatus);
		buf_addstr(why, ")");
	}
	buf_free(&state);
	return false;
}

/* What fd E of process P is, in words: "closed", "pipe2's write end". */
static void fd_describe(const struct proc *p, const struct fdent *e, struct buf *b)
{
	const char *role = NULL;
	struct object *o = e ? obj_of_fd(e, &role) : NULL;
	if (!e)
		buf_addstr(b, "closed");
	else if (proc_is_output_pipe(p, e))
		buf_printf(b, "ipcsh's output pipe (what p%d writes there is shown as [p%d])", p->num, p->num);
	else if (o)
		buf_printf(b, "%s's %s", o->handle, role);
	else
		buf_printf(b, "open on %s", e->target);
}

/* fd pN N open|closed, or fd pN N REF read|write (an end of an object). */
static bool holds_fd(char **a, int n, struct buf *why)
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
		fd_describe(p, e, why);
	}
	if (count > 0)
		free(fds);
	return ok;
}

/* holds pN REF [read|write]: some fd of pN is an end of REF (that end). */
static bool holds_end(char **a, int n, struct buf *why)
{
	struct proc *p = proc_parse(a[0]);
	int num;
	enum obj_kind k = obj_parse_ref(a[1], &num);
	struct object *o = k != OBJ_NONE ? obj_find(k, num) : NULL;
	if (!p || p->dead) {
		buf_printf(why, "%s is not a live process", a[0]);
		return false;
	}
	if (!o) {
		buf_printf(why, "there is no %s", a[1]);
		return false;
	}
	int mode = n < 3 ? -1 : strcmp(a[2], "write") == 0 ? O_WRONLY : O_RDONLY;
	struct fdent *fds;
	int count = procfs_fds(p->pid, &fds);
	bool ok = false;
	for (int i = 0; i < count && !ok; i++)
		ok = fds[i].ino == o->ino && (mode < 0 || fds[i].accmode == mode) && fds[i].fd != worker_ctl_fd();
	if (count > 0)
		free(fds);
	if (!ok)
		buf_printf(why, "%s holds no %s%s of %s", a[0], n < 3 ? "end" : a[2], n < 3 ? "" : " end", a[1]);
	return ok;
}

static unsigned long calls_since;

void check_calls_since(unsigned long seq)
{
	calls_since = seq;
}

/* The outcome word of call C: returned, failed, blocked or killed. */
static const char *call_outcome_word(const struct call_record *c)
{
	switch (c->end) {
	case CALL_BLOCKED: return "blocked";
	case CALL_KILLED: return "killed";
	default: return c->result == -1 && c->err ? "failed" : "returned";
	}
}

/* What call C did, in words: "returned 3", "failed ECHILD", "blocked",
 * "killed SIGPIPE". */
static void call_outcome(const struct call_record *c, struct buf *b)
{
	const char *word = call_outcome_word(c);
	buf_addstr(b, word);
	if (c->end == CALL_KILLED)
		buf_printf(b, " %s", sig_name(c->sig));
	else if (c->end == CALL_RETURNED && strcmp(word, "failed") == 0)
		buf_printf(b, " %s", errno_name(c->err));
	else if (c->end == CALL_RETURNED)
		buf_printf(b, " %ld", c->result);
}

/* Does call C end as the words OUTCOME [VALUE] ask: "returned" (any
 * success), "returned 0", "failed", "failed ECHILD", "blocked", "killed",
 * "killed PIPE"? */
static bool call_matches(const struct call_record *c, const char *outcome, const char *value)
{
	if (!outcome)
		return true;
	if (strcmp(outcome, call_outcome_word(c)) != 0)
		return false;
	if (!value || c->end == CALL_BLOCKED)
		return true;
	if (c->end == CALL_KILLED)
		return c->sig == sig_parse(value);
	if (c->result == -1 && c->err)
		return strcmp(errno_name(c->err), value) == 0;
	return c->result == atol(value);
}

/* call pN NAME [returned [N] | failed [ENAME]]: since the step began, pN
 * made the call NAME, ending so. */
static bool holds_call(char **a, int n, struct buf *why)
{
	struct proc *p = proc_parse(a[0]);
	const char *outcome = n > 2 ? a[2] : NULL, *value = n > 3 ? a[3] : NULL;
	if (!p) {
		buf_printf(why, "there is no process %s", a[0]);
		return false;
	}
	const struct call_record *c, *last = proc_call_since(p, a[1], calls_since, 0);
	for (int i = 0; (c = proc_call_since(p, a[1], calls_since, i)); i++)
		if (call_matches(c, outcome, value))
			return true;
	if (!last) {
		buf_printf(why, "%s has made no %s() call in this step", a[0], a[1]);
		return false;
	}
	buf_printf(why, "%s's %s() ", a[0], a[1]);
	call_outcome(last, why);
	if (strcmp(call_outcome_word(last), outcome) == 0)
		buf_printf(why, ", not %s", value);	/* the same outcome, another value */
	else
		buf_printf(why, ", not %s%s%s", outcome, value ? " " : "", value ? value : "");
	return false;
}

/* ---- judging the words, when a lesson is loaded ---- */

/* "the only attribute is 'buffered NUMBER'", from LIST ("value..." takes
 * up to CHECK_MAX_VALUES numbers). */
static void say_attrs(const char *list, struct buf *b)
{
	buf_addstr(b, strchr(list, ' ') ? "the attributes are " : "the only attribute is ");
	for (const char *w = list; *w;) {
		size_t n = strcspn(w, " ");
		bool many = n > 3 && strncmp(w + n - 3, "...", 3) == 0;
		buf_printf(b, "%s'%.*s NUMBER%s'", w == list ? "" : ", ", (int)(many ? n - 3 : n), w,
			   many ? "..." : "");
		w += n + (w[n] == ' ');
	}
}

/* object KIND|REF [ATTRIBUTE VALUE...] */
static bool fault_object(char **a, int n, struct buf *fault)
{
	enum obj_kind k = kind_of(a[0]);
	const struct obj_ops *ops = obj_ops(k);
	if (k == OBJ_NONE)
		buf_addstr(fault, "not a kind of object nor an object like pipe1");
	else if (n == 2)
		buf_addstr(fault, "wrong number of words");
	else if (n >= 3 && (!ops || !ops->attrs || !*ops->attrs))
		buf_printf(fault, "%s has no attributes to check", obj_kind_desc(k));
	else if (n >= 3 && (n - 2 > attr_values(ops->attrs, a[1]) || !all_numbers(a + 2, n - 2)))
		say_attrs(ops->attrs, fault);
	return fault->len > 0;
}

/* objects KIND COUNT */
static bool fault_objects(char **a, int n, struct buf *fault)
{
	if (obj_kind_named(a[0]) == OBJ_NONE)
		buf_addstr(fault, "not a kind of object");
	else if (!is_number(a[1]))
		buf_addstr(fault, "the count is not a number");
	return fault->len > 0;
}

/* fd pN N open|closed, or fd pN N REF read|write */
static bool fault_fd(char **a, int n, struct buf *fault)
{
	int num;
	if (!is_number(a[1]))
		buf_addstr(fault, "the fd is not a number");
	else if (n == 3 && strcmp(a[2], "open") && strcmp(a[2], "closed"))
		buf_addstr(fault, "expected open or closed");
	else if (n == 4 && obj_parse_ref(a[2], &num) == OBJ_NONE)
		buf_addstr(fault, "not an object reference like pipe1");
	else if (n == 4 && strcmp(a[3], "read") && strcmp(a[3], "write"))
		buf_addstr(fault, "expected read or write after the reference");
	return fault->len > 0;
}

/* holds pN REF [read|write] */
static bool fault_holds(char **a, int n, struct buf *fault)
{
	int num;
	if (!is_proc_name(a[0]))
		buf_addstr(fault, "not a process like p2");
	else if (obj_parse_ref(a[1], &num) == OBJ_NONE)
		buf_addstr(fault, "not an object reference like pipe1");
	else if (n == 3 && strcmp(a[2], "read") && strcmp(a[2], "write"))
		buf_addstr(fault, "expected read or write after the reference");
	return fault->len > 0;
}

/* call pN NAME [returned [N] | failed [ENAME]] */
static bool fault_call(char **a, int n, struct buf *fault)
{
	if (!is_proc_name(a[0]))
		buf_addstr(fault, "not a process like p2");
	else if (n > 2 && strcmp(a[2], "returned") && strcmp(a[2], "failed") && strcmp(a[2], "blocked") &&
		 strcmp(a[2], "killed"))
		buf_addstr(fault, "expected returned, failed, blocked or killed after the call's name");
	else if (n > 3 && strcmp(a[2], "blocked") == 0)
		buf_addstr(fault, "blocked takes no more words");
	else if (n > 3 && strcmp(a[2], "killed") == 0 && sig_parse(a[3]) < 0)
		buf_addstr(fault, "not a signal (PIPE, SIGINT, 13...)");
	else if (n > 3 && strcmp(a[2], "returned") == 0 && !is_number(a[3] + (a[3][0] == '-')))
		buf_addstr(fault, "the value returned is not a number");
	else if (n > 3 && strcmp(a[2], "failed") == 0 && (a[3][0] != 'E' || !errno_known(a[3])))
		buf_addstr(fault, "not an errno name like ECHILD");
	return fault->len > 0;
}

/* not CHECK: the words of another check, which must not hold. */
static bool fault_not(char **a, int n, struct buf *fault)
{
	struct lcheck inner = { .argv = a, .argc = n };
	if (strcmp(a[0], "not") == 0)
		buf_addstr(fault, "'not not' says nothing: drop both");
	else
		check_fault(&inner, fault);
	return fault->len > 0;
}

static bool holds_not(char **a, int n, struct buf *why)
{
	struct lcheck inner = { .argv = a, .argc = n };
	struct buf inner_why = { 0 };
	bool holds = check_holds(&inner, &inner_why);
	buf_free(&inner_why);
	if (holds) {
		buf_addstr(why, "it is so that");
		for (int i = 0; i < n; i++)
			buf_printf(why, " %s", a[i]);
	}
	return !holds;
}

static bool fault_none(char **a, int n, struct buf *fault)
{
	return false;
}

/* output TEXT: the last command's output contains TEXT. */
static bool holds_output(char **a, int n, struct buf *why)
{
	bool ok = strstr(out_recorded(), a[0]) != NULL;
	if (!ok)
		buf_printf(why, "the last output does not show \"%s\"", a[0]);
	return ok;
}

const struct check_kind check_kinds[] = {
	{ "object", 1, 2 + CHECK_MAX_VALUES, "object KIND|REF [ATTRIBUTE VALUE...]  (object pipe; object pipe1 buffered 13)",
	  fault_object, holds_object },
	{ "objects", 2, 2, "objects KIND COUNT  (objects pipe 2)", fault_objects, holds_objects },
	{ "process", 2, 3, "process pN exists|ready|running|blocked [CALL]|execed [PROG]|orphan|zombie|exited [CODE]|killed [SIG]|gone|parent pM",
	  fault_process, holds_process },
	{ "output", 1, 1, "output TEXT  (the last command's output contains TEXT)", fault_none, holds_output },
	{ "fd", 3, 4, "fd pN N open|closed, or fd pN N REF read|write  (fd p2 1 pipe1 write)", fault_fd, holds_fd },
	{ "holds", 2, 3, "holds pN REF [read|write]  (holds p3 pipe2 write: any fd of p3)", fault_holds, holds_end },
	{ "not", 2, 5, "not KIND WORDS...  (not holds p2 pipe1 write: the check after 'not' must fail)", fault_not,
	  holds_not },
	{ "call", 2, 4, "call pN NAME [returned [N]|failed [ENAME]|blocked|killed [SIG]]  (call p1 read returned 0, in this step)",
	  fault_call, holds_call },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

const struct check_kind *check_kind_find(const char *name)
{
	for (const struct check_kind *k = check_kinds; k->name; k++)
		if (strcmp(k->name, name) == 0)
			return k;
	return NULL;
}

bool check_fault(const struct lcheck *c, struct buf *fault)
{
	const struct check_kind *k = check_kind_find(c->argv[0]);
	struct buf what = { 0 };
	if (!k)
		buf_printf(fault, "unknown kind '%s'", c->argv[0]);
	else if (c->argc - 1 < k->min || c->argc - 1 > k->max)
		buf_printf(fault, "wrong number of words (usage: %s)", k->usage);
	else if (k->fault(c->argv + 1, c->argc - 1, &what))
		buf_printf(fault, "%s (usage: %s)", what.data, k->usage);
	buf_free(&what);
	return fault->len > 0;
}

bool check_holds(const struct lcheck *c, struct buf *why)
{
	const struct check_kind *k = check_kind_find(c->argv[0]);
	if (!k) {
		buf_printf(why, "unknown check '%s'", c->argv[0]);
		return false;
	}
	return k->holds(c->argv + 1, c->argc - 1, why);
}
