/* sem.c - the sem family: System V semaphore sets.
 *
 * Workers make the calls (semget, semctl, semop).  The controller reads a set
 * as ipcs does, with semctl IPC_STAT, GETALL, GETNCNT, GETZCNT and GETPID, and
 * remembers the operations of every semop it asked a process for: that is how
 * it says which operation of a blocked call waits and for what, what
 * 'objects' shows, and what lesson checks ask. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sem.h>
#include <sys/syscall.h>

#include "cmd.h"
#include "objtab.h"
#include "out.h"
#include "proc.h"
#include "sysv.h"
#include "trace.h"
#include "worker.h"

/* semctl's fourth argument.  The caller declares it: glibc does not (POSIX
 * says so, and sys/sem.h defines _SEM_SEMUN_UNDEFINED to tell). */
union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

enum {
	SEM_CALL_OPS = 32,	/* operations in one semop: SEMOPM's old default, enough to show atomicity */
	SEM_VMX = 32767,	/* SEMVMX: the kernel refuses a value above it (ERANGE) */
	SEM_SHOWN = 16,		/* values shown in 'objects' and in a SETALL trace */
};

/* glibc's semop() is the semtimedop system call with no timeout (strace shows
 * semtimedop): /proc/PID/syscall of a process asleep in semop says so, and the
 * number announced on the call board must be that one. */
#define SEMOP_SYSCALL SYS_semtimedop

/* "IPC_NOWAIT | SEM_UNDO", or "0". */
static const char *semflg_text(short flg)
{
	if ((flg & IPC_NOWAIT) && (flg & SEM_UNDO))
		return "IPC_NOWAIT | SEM_UNDO";
	return flg & IPC_NOWAIT ? "IPC_NOWAIT" : flg & SEM_UNDO ? "SEM_UNDO" : "0";
}

/* "{0, -1, SEM_UNDO}": one struct sembuf, as C. */
static void sembuf_text(struct buf *b, const struct sembuf *s)
{
	buf_printf(b, "{%u, %s%d, %s}", (unsigned)s->sem_num, s->sem_op > 0 ? "+" : "", s->sem_op,
		   semflg_text(s->sem_flg));
}

/* "semop(32768, {{0, -1, 0}, {1, +1, SEM_UNDO}}, 2)" */
static void semop_text(struct buf *b, int id, const struct sembuf *ops, int n)
{
	buf_printf(b, "semop(%d, {", id);
	for (int i = 0; i < n; i++) {
		if (i)
			buf_addstr(b, ", ");
		sembuf_text(b, &ops[i]);
	}
	buf_printf(b, "}, %d)", n);
}

/* ---- the controller's view of a set ---- */

static struct object *set_of(int id)
{
	for (struct object *o = obj_first(); o; o = o->next)
		if (o->kind == OBJ_SEM && o->id == id && !o->gone)
			return o;
	return NULL;
}

/* "sem1[2]", or "semaphore 2 of the set (id 32768)" for a set the session did not name. */
static void sem_name(int id, unsigned num, struct buf *b)
{
	struct object *o = set_of(id);
	if (o)
		buf_printf(b, "%s[%u]", o->handle, num);
	else
		buf_printf(b, "semaphore %u of the set (id %d)", num, id);
}

/* The number of semaphores in set ID, or -1 when IPC_STAT fails. */
static long nsems_of_id(int id, struct semid_ds *ds)
{
	union semun arg = { .buf = ds };
	return semctl(id, 0, IPC_STAT, arg) < 0 ? -1 : (long)ds->sem_nsems;
}

/* IPC_STAT of O's id, and whether it is still O. */
static bool set_stat(struct object *o, struct semid_ds *ds)
{
	if (o->gone)
		return false;
	if (nsems_of_id(o->id, ds) < 0)
		return sysv_same(o, -1);
	return sysv_same(o, ds->sem_perm.__key);
}

/* The N values of set ID (GETALL), malloc'd; NULL when it cannot be read. */
static unsigned short *values_of(int id, long n)
{
	unsigned short *v = calloc((size_t)n + 1, sizeof *v);
	union semun arg = { .array = v };
	if (v && semctl(id, 0, GETALL, arg) < 0) {
		free(v);
		v = NULL;
	}
	return v;
}

/* ---- what each process was asked to do: a blocked call's operations ---- */

/* The semop calls of the last sem P, V or op sent to a process, by its
 * number.  The call board has no room for 32 operations, so the board's arg
 * says only which of these calls the process is in. */
struct sent_calls {
	int ncalls;
	int *count;		/* the operations of each call */
	struct sembuf *ops;	/* all of them, call after call */
};
static struct sent_calls *sent;
static int nsent;

static void remember_calls(int num, const int *count, int ncalls, const struct sembuf *ops, int nops)
{
	if (num >= nsent) {
		struct sent_calls *more = realloc(sent, sizeof *sent * (size_t)(num + 1));
		if (!more)
			return;	/* a blocked call is then explained less well, nothing worse */
		memset(more + nsent, 0, sizeof *more * (size_t)(num + 1 - nsent));
		sent = more;
		nsent = num + 1;
	}
	struct sent_calls *s = &sent[num];
	free(s->count);
	free(s->ops);
	s->count = malloc(sizeof *count * (size_t)ncalls);
	s->ops = malloc(sizeof *ops * (size_t)nops);
	s->ncalls = s->count && s->ops ? ncalls : 0;
	if (s->ncalls) {
		memcpy(s->count, count, sizeof *count * (size_t)ncalls);
		memcpy(s->ops, ops, sizeof *ops * (size_t)nops);
	}
}

/* The operations of call K of P's last semop command, or NULL. */
static const struct sembuf *sent_call(const struct proc *p, long k, int *n)
{
	if (p->num >= nsent || k < 0 || k >= sent[p->num].ncalls)
		return NULL;
	const struct sent_calls *s = &sent[p->num];
	const struct sembuf *ops = s->ops;
	for (long i = 0; i < k; i++)
		ops += s->count[i];
	*n = s->count[k];
	return ops;
}

/* ---- why a semop waits (the controller, from live state) ---- */

/* The first of the N operations OPS that cannot be done on VALUES (of NSEMS
 * semaphores), each seeing the ones before it done, as the kernel tries
 * them; -1 if all can.  *ADJ gets what the operations before it changed of
 * its semaphore. */
static int blocking_op(const struct sembuf *ops, int n, const unsigned short *values, long nsems, long *adj)
{
	long *v = calloc((size_t)nsems, sizeof *v);
	int at = -1;
	if (!v)
		return -1;
	for (long i = 0; i < nsems; i++)
		v[i] = values[i];
	for (int i = 0; i < n && at < 0; i++) {
		unsigned s = ops[i].sem_num;
		if (s >= nsems)
			break;
		if ((ops[i].sem_op < 0 && v[s] + ops[i].sem_op < 0) || (ops[i].sem_op == 0 && v[s] != 0)) {
			at = i;
			*adj = v[s] - values[s];
		}
		v[s] += ops[i].sem_op;
	}
	free(v);
	return at;
}

/* "it waits for sem1[0] to be at least 1: it is 0; the last to change it was p1 (pid 4242)" */
static void explain_op(int id, const struct sembuf *op, long value, long adj, struct buf *b)
{
	struct buf name = { 0 };
	sem_name(id, op->sem_num, &name);
	if (op->sem_op < 0 && adj == 0)
		buf_printf(b, "it waits for %s to be at least %d: it is %ld", name.data, -op->sem_op, value);
	else if (op->sem_op < 0)
		buf_printf(b, "it waits for %s to be at least %ld (the operations before it change it by %+ld): it is %ld",
			   name.data, -op->sem_op - adj, adj, value);
	else if (adj == 0)
		buf_printf(b, "it waits for %s to be 0: it is %ld", name.data, value);
	else if (adj < 0)
		buf_printf(b, "it waits for %s to be %ld, which the operations before it bring to 0: it is %ld",
			   name.data, -adj, value);
	else
		buf_printf(b, "%s cannot be 0 once the operations before it add %ld: it waits until a signal comes "
			   "or the set is removed", name.data, adj);
	int pid = semctl(id, op->sem_num, GETPID);
	if (pid > 0) {
		buf_addstr(b, "; the last to change it was ");
		sysv_pid_text(pid, b);
	} else if (pid == 0) {
		buf_addstr(b, "; no process has changed it yet");
	}
	buf_free(&name);
}

static void explain_semop(struct proc *p, struct buf *b)
{
	struct semid_ds ds;
	int id = p->block_fd, n = 0;
	const struct sembuf *ops = sent_call(p, p->block_arg, &n);
	long nsems = nsems_of_id(id, &ds), adj = 0;
	unsigned short *values = nsems > 0 ? values_of(id, nsems) : NULL;
	if (!values) {
		buf_addstr(b, "it waits on a semaphore set that ipcsh cannot read any more");
		return;
	}
	int at = ops ? blocking_op(ops, n, values, nsems, &adj) : -1;
	if (!ops) {
		buf_addstr(b, "it waits in semop until the values let its operations through");
	} else if (at < 0) {
		buf_addstr(b, "it waits in semop, but the values now would let it through: it is about to return");
	} else {
		if (n > 1) {
			buf_printf(b, "semop does its %d operations all at once or none of them, and operation %d (", n,
				   at + 1);
			sembuf_text(b, &ops[at]);
			buf_addstr(b, ") cannot be done yet: ");
		}
		explain_op(id, &ops[at], values[ops[at].sem_num], adj, b);
	}
	free(values);
}

enum { BLOCK_SEMOP };
static const struct block_kind sem_blocks[] = {
	[BLOCK_SEMOP] = { "a semop that must wait for a semaphore's value", explain_semop },
};

/* ---- worker side ---- */

static int w_sem_new(const struct wmsg *req)
{
	key_t key;
	int flags;
	long nsems;
	if (!sysv_w_key(req, 1, &key, &flags, &nsems))
		return 1;
	if (nsems < 0)
		nsems = 1;
	char call[112], ktext[24], ftext[48];
	snprintf(call, sizeof call, "semget(%s, %ld, %s)", sysv_key_text(key, ktext, sizeof ktext), nsems,
		 sysv_flags_text(flags, ftext, sizeof ftext));
	/* semget's result does not say whether it made the set or found it: ask
	 * first (no IPC_CREAT, so nothing changes), to say the right thing after. */
	bool existed = key != IPC_PRIVATE && !(flags & IPC_EXCL) && semget(key, 0, 0) >= 0;
	int id = semget(key, (int)nsems, flags);
	if (id < 0) {
		int err = errno;
		w_fail(call, err);
		if (err == EEXIST)
			w_say("  a set with key %s exists already, and IPC_EXCL asks for a new one", ktext);
		else if (err == EACCES)
			w_say("  a set with key %s exists, and its mode does not let this process use it", ktext);
		else if (err == EINVAL)
			w_say("  either the set with key %s has fewer than %ld semaphores, or %ld is above SEMMSL "
			      "(the first number of /proc/sys/kernel/sem)", ktext, nsems, nsems);
		else if (err == ENOSPC)
			w_say("  the system's limit of sets (SEMMNI) or of semaphores (SEMMNS) is reached: "
			      "see /proc/sys/kernel/sem and ipcs -s");
		return 1;
	}
	sysv_w_report("sem", id, key, call);
	w_return(call, id, "%d", id);
	if (existed)
		w_say("  the set existed already: semget returned it as it is, with its values "
		      "(IPC_CREAT makes a set only for a key that has none)");
	else
		w_say("  the semaphores of a new set start at 0 on Linux (POSIX leaves them undefined): "
		      "give them values with sem set or sem setall");
	return 0;
}

static void say_semop_error(int err, int id)
{
	if (err == EAGAIN)
		w_say("  an operation would have to wait, and IPC_NOWAIT says not to: none of the call's operations was done");
	else if (err == EIDRM)
		w_say("  the set was removed while this process waited (semctl IPC_RMID)");
	else if (err == EINVAL)
		w_say("  there is no semaphore set with id %d any more", id);
	else if (err == EFBIG)
		w_say("  a semaphore number is beyond the set's last semaphore");
	else if (err == ERANGE)
		w_say("  that would take a semaphore above SEMVMX (%d)", SEM_VMX);
	else if (err == E2BIG)
		w_say("  more operations than SEMOPM allows in one call (the third number of /proc/sys/kernel/sem)");
	else if (err == EINTR)
		w_say("  a signal handler ran while it waited: semop is never restarted after one, SA_RESTART or not");
}

/* "took 1 from sem1[0], sem1[2] was 0": what a call did, for trace off. */
static void done_text(struct buf *b, const char *handle, const struct sembuf *ops, int n)
{
	for (int i = 0; i < n; i++) {
		const struct sembuf *s = &ops[i];
		const char *sep = i ? ", " : "  ";
		if (s->sem_op < 0)
			buf_printf(b, "%stook %d from %s[%u]", sep, -s->sem_op, handle, (unsigned)s->sem_num);
		else if (s->sem_op > 0)
			buf_printf(b, "%sadded %d to %s[%u]", sep, s->sem_op, handle, (unsigned)s->sem_num);
		else
			buf_printf(b, "%s%s[%u] was 0", sep, handle, (unsigned)s->sem_num);
		if (s->sem_flg & SEM_UNDO && s->sem_op)
			buf_addstr(b, " (undone when this process exits)");
	}
}

/* The semop calls of sem P, V and op: REQ holds the id, the set's handle,
 * how many operations each call has, and the operations; one call after the
 * other, stopping at the first that fails. */
static int w_sem_op(const struct wmsg *req)
{
	static int count[WIRE_MAX / sizeof(int)];
	static struct sembuf ops[WIRE_MAX / sizeof(struct sembuf)];
	int id = (int)req_long(req, 1);
	const char *handle = req_str(req, 2);
	size_t ncalls = req_len(req, 3) / sizeof *count, nops = req_len(req, 4) / sizeof *ops, total = 0;
	memcpy(count, req_str(req, 3), ncalls * sizeof *count);
	memcpy(ops, req_str(req, 4), nops * sizeof *ops);
	for (size_t k = 0; k < ncalls; k++)
		total += (size_t)count[k];
	if (total != nops) {
		w_error("got a semop request whose calls do not add up to its operations");
		return 1;
	}
	struct sembuf *s = ops;
	for (size_t k = 0; k < ncalls; s += count[k++]) {
		struct buf call = { 0 };
		semop_text(&call, id, s, count[k]);
		w_calling_with(SEMOP_SYSCALL, call.data, &sem_blocks[BLOCK_SEMOP], id, (long)k);
		int r = semop(id, s, (size_t)count[k]);
		int err = errno;
		w_called();
		if (r < 0) {
			w_fail(call.data, err);
			say_semop_error(err, id);
			buf_free(&call);
			return 1;
		}
		w_return(call.data, 0, "0");
		buf_free(&call);
		struct buf done = { 0 };
		done_text(&done, handle, s, count[k]);
		w_plain("%s", done.data);
		buf_free(&done);
	}
	return 0;
}

static bool w_stat(int id, struct semid_ds *ds)
{
	char call[80];
	union semun arg = { .buf = ds };
	snprintf(call, sizeof call, "semctl(%d, 0, IPC_STAT, arg) /* arg.buf = &ds */", id);
	if (semctl(id, 0, IPC_STAT, arg) < 0) {
		int err = errno;
		w_fail(call, err);
		if (err == EINVAL || err == EIDRM)
			w_say("  there is no semaphore set with id %d any more", id);
		return false;
	}
	w_return(call, 0, "0");
	return true;
}

static void say_setval_error(int err, int id)
{
	if (err == ERANGE)
		w_say("  a semaphore's value is 0 to SEMVMX (%d)", SEM_VMX);
	else if (err == EINVAL || err == EIDRM)
		w_say("  there is no semaphore set with id %d any more", id);
}

static int w_sem_set(const struct wmsg *req)
{
	int id = (int)req_long(req, 1), num = (int)req_long(req, 3), val = (int)req_long(req, 4);
	const char *handle = req_str(req, 2);
	char call[96];
	union semun arg = { .val = val };
	snprintf(call, sizeof call, "semctl(%d, %d, SETVAL, arg) /* arg.val = %d */", id, num, val);
	if (semctl(id, num, SETVAL, arg) < 0) {
		int err = errno;
		w_fail(call, err);
		say_setval_error(err, id);
		return 1;
	}
	w_return(call, 0, "0");
	w_plain("  %s[%d] is %d now", handle, num, val);
	return 0;
}

/* SETALL takes one value for each semaphore, so a C program asks IPC_STAT
 * how many there are first; so does this. */
static int w_sem_setall(const struct wmsg *req)
{
	static unsigned short values[WIRE_MAX / sizeof(unsigned short)];
	int id = (int)req_long(req, 1);
	const char *handle = req_str(req, 2);
	size_t n = req_len(req, 3) / sizeof *values;
	memcpy(values, req_str(req, 3), n * sizeof *values);
	struct semid_ds ds;
	if (!w_stat(id, &ds))
		return 1;
	if (ds.sem_nsems != n) {
		w_error("cannot make the SETALL call: %s has %lu semaphore%s, and %zu value%s %s given (one for each)",
			handle, (unsigned long)ds.sem_nsems, ds.sem_nsems == 1 ? "" : "s", n, n == 1 ? "" : "s",
			n == 1 ? "was" : "were");
		return 1;
	}
	struct buf call = { 0 };
	buf_printf(&call, "semctl(%d, 0, SETALL, arg) /* arg.array = {", id);
	for (size_t i = 0; i < n && i < SEM_SHOWN; i++)
		buf_printf(&call, "%s%u", i ? ", " : "", values[i]);
	buf_addstr(&call, n > SEM_SHOWN ? ", ...} */" : "} */");
	union semun arg = { .array = values };
	int r = semctl(id, 0, SETALL, arg);
	if (r < 0) {
		int err = errno;
		w_fail(call.data, err);
		say_setval_error(err, id);
	} else {
		w_return(call.data, 0, "0");
		w_plain("  %s has its %zu value%s now", handle, n, n == 1 ? "" : "s");
	}
	buf_free(&call);
	return r < 0;
}

/* One semctl query (GETVAL, GETNCNT, GETZCNT, GETPID) of semaphore NUM, traced. */
static bool w_query(int id, int num, int cmd, const char *name, int *out)
{
	char call[64];
	snprintf(call, sizeof call, "semctl(%d, %d, %s)", id, num, name);
	*out = semctl(id, num, cmd);
	if (*out < 0) {
		int err = errno;
		w_fail(call, err);
		if (err == EINVAL || err == EIDRM)
			w_say("  there is no semaphore set with id %d any more", id);
		return false;
	}
	w_return(call, *out, "%d", *out);
	return true;
}

/* sem get: semaphore NUM, or all of them (NUM -1, after IPC_STAT says how many). */
static int w_sem_get(const struct wmsg *req)
{
	int id = (int)req_long(req, 1), first = (int)req_long(req, 3), last = first;
	const char *handle = req_str(req, 2);
	if (first < 0) {
		struct semid_ds ds;
		if (!w_stat(id, &ds))
			return 1;
		first = 0;
		last = (int)ds.sem_nsems - 1;
	}
	int n = last - first + 1;
	int (*got)[4] = calloc((size_t)n, sizeof *got);
	static const int cmds[4] = { GETVAL, GETNCNT, GETZCNT, GETPID };
	static const char *const names[4] = { "GETVAL", "GETNCNT", "GETZCNT", "GETPID" };
	if (!got) {
		w_error("ran out of memory");
		return 1;
	}
	for (int i = 0; i < n; i++)
		for (int q = 0; q < 4; q++)
			if (!w_query(id, first + i, cmds[q], names[q], &got[i][q])) {
				free(got);
				return 1;
			}
	char widest[40];
	int width = snprintf(widest, sizeof widest, "%s[%d]", handle, last);
	if (width < (int)strlen("SEMAPHORE"))
		width = (int)strlen("SEMAPHORE");
	w_say("  %-*s SEMVAL SEMNCNT SEMZCNT SEMPID", width, "SEMAPHORE");
	for (int i = 0; i < n; i++) {
		char name[40];
		snprintf(name, sizeof name, "%s[%d]", handle, first + i);
		w_say("  %-*s %-6d %-7d %-7d %d", width, name, got[i][0], got[i][1], got[i][2], got[i][3]);
	}
	w_say("  semncnt: processes waiting for it to rise; semzcnt: waiting for it to be 0; sempid: the last to change it");
	free(got);
	return 0;
}

static int w_sem_stat(const struct wmsg *req)
{
	struct semid_ds ds;
	if (!w_stat((int)req_long(req, 1), &ds))
		return 1;
	char t1[40], t2[40];
	struct buf perm = { 0 };
	sysv_w_mask_times(2, sysv_time_text(ds.sem_otime, t1, sizeof t1), sysv_time_text(ds.sem_ctime, t2, sizeof t2));
	sysv_perm_text(ds.sem_perm.uid, ds.sem_perm.mode, &perm);
	w_say("  sem_nsems %lu (semaphores in the set)", (unsigned long)ds.sem_nsems);
	w_say("  sem_otime %s (the last semop)", t1);
	w_say("  sem_ctime %s (made, or last changed by semctl)", t2);
	w_say("  sem_perm: %s", perm.data);
	buf_free(&perm);
	return 0;
}

static int w_sem_rm(const struct wmsg *req)
{
	int id = (int)req_long(req, 1);
	char call[64];
	snprintf(call, sizeof call, "semctl(%d, 0, IPC_RMID)", id);
	if (semctl(id, 0, IPC_RMID) < 0) {
		int err = errno;
		w_fail(call, err);
		if (err == EINVAL || err == EIDRM)
			w_say("  there is no semaphore set with id %d any more", id);
		return 1;
	}
	w_return(call, 0, "0");
	w_say("  the set is gone at once; a process waiting in semop on it wakes with EIDRM");
	return 0;
}

enum { OP_NEW, OP_SEMOP, OP_SET, OP_SETALL, OP_GET, OP_STAT, OP_RM };
static const struct worker_op sem_ops[] = {
	[OP_NEW] = { "sem.new", w_sem_new, .keeps_fds = true },
	[OP_SEMOP] = { "sem.op", w_sem_op, .keeps_fds = true },
	[OP_SET] = { "sem.set", w_sem_set, .keeps_fds = true },
	[OP_SETALL] = { "sem.setall", w_sem_setall, .keeps_fds = true },
	[OP_GET] = { "sem.get", w_sem_get, .keeps_fds = true },
	[OP_STAT] = { "sem.stat", w_sem_stat, .keeps_fds = true },
	[OP_RM] = { "sem.rm", w_sem_rm, .keeps_fds = true },
};

/* ---- controller side ---- */

static int sem_new(struct cmd_ctx *c)
{
	struct sysv_new s;
	if (!sysv_parse_new(c, "NSEMS", &s))
		return CMD_FAIL;
	if (s.count > INT_MAX) {
		cmd_usage_error(c, "NSEMS must be a number from 1 to %d, not %ld", INT_MAX, s.count);
		return CMD_FAIL;
	}
	struct wbuild w;
	proc_request_start(&w, &sem_ops[OP_NEW]);
	sysv_put_new(&w, &s, OBJ_SEM);
	return cmd_request(c, &w, NULL, NULL);
}

/* How many semaphores the command's set has, or -1 when it cannot be read
 * (removed: the worker's call then fails with the kernel's error). */
static long nsems_here(struct cmd_ctx *c)
{
	struct semid_ds ds;
	return set_stat(c->obj, &ds) ? (long)ds.sem_nsems : -1;
}

/* Argument I, a semaphore number of a set of NSEMS (-1: not known). */
static bool arg_semnum(struct cmd_ctx *c, int i, long nsems, long *num)
{
	if (nsems > 0 && nsems <= USHRT_MAX + 1L)
		return arg_int(c, i, "semaphore number", 0, nsems - 1, num);
	return arg_int(c, i, "semaphore number", 0, USHRT_MAX, num);
}

/* A request of the semop op: NCALLS calls of COUNT[k] operations each. */
static int send_semop(struct cmd_ctx *c, const int *count, int ncalls, const struct sembuf *ops, int nops)
{
	struct wbuild w;
	proc_request_start(&w, &sem_ops[OP_SEMOP]);
	wb_long(&w, c->obj->id);
	wb_str(&w, c->obj->handle);
	wb_bytes(&w, count, sizeof *count * (size_t)ncalls);
	wb_bytes(&w, ops, sizeof *ops * (size_t)nops);
	remember_calls(c->proc->num, count, ncalls, ops, nops);
	return cmd_request(c, &w, NULL, NULL);
}

/* sem P and sem V: one operation, SEM_OP on semaphore [N], flag words after it. */
static int one_op(struct cmd_ctx *c, short sem_op, const char *choices)
{
	static const short bits[] = { SEM_UNDO, IPC_NOWAIT };
	long num = 0;
	bool numbered = false;
	struct sembuf op = { .sem_op = sem_op };
	for (int i = 0; i < c->argc; i++) {
		const char *w = c->argv[i].s;
		int e;
		if (w[0] && strchr("+-0123456789", w[0])) {
			if (numbered) {
				cmd_usage_error(c, "one semaphore number only: '%s' is a second", w);
				return CMD_FAIL;
			}
			if (!arg_semnum(c, i, nsems_here(c), &num))
				return CMD_FAIL;
			numbered = true;
		} else if (!arg_enum(c, i, choices, &e)) {
			return CMD_FAIL;
		} else {
			op.sem_flg |= bits[e];
		}
	}
	op.sem_num = (unsigned short)num;
	int one = 1;
	return send_semop(c, &one, 1, &op, 1);
}

static int sem_p(struct cmd_ctx *c)
{
	return one_op(c, -1, "undo|nowait");
}

static int sem_v(struct cmd_ctx *c)
{
	return one_op(c, +1, "undo");
}

/* ---- sem op: TLPI's svsem_op words ---- */

static const char op_syntax[] = "an operation is <sem#>{+|-}<value>[n][u] or <sem#>=0[n]";

/* The value after the '+', '-' or '=' (HOW) at V, of operation P (LEN
 * bytes): 1 to SEMVMX, or 0 after '='.  *END gets where it stopped. */
static bool parse_value(struct cmd_ctx *c, const char *p, size_t len, char how, char *v, short *op, char **end)
{
	unsigned long value = 0;
	*end = v;
	errno = 0;
	if (v[0] >= '0' && v[0] <= '9')	/* strtoul would take a sign, or spaces */
		value = strtoul(v, end, 10);
	if (how == '=' && (*end == v || value != 0)) {
		cmd_usage_error(c, "'%.*s': = waits for zero, so =0 is the only operation with =", (int)len, p);
		return false;
	}
	if (how != '=' && (*end == v || errno || value < 1 || value > SEM_VMX)) {
		cmd_usage_error(c, "'%.*s': a number from 1 to %d must follow '%c' (=0 waits for zero)", (int)len, p,
				SEM_VMX, how);
		return false;
	}
	*op = (short)(how == '-' ? -(long)value : (long)value);
	return true;
}

/* One operation at P, up to a comma or the end of the word, into *OP; *END
 * gets where it stopped.  NSEMS: the set's size, or -1 when not known. */
static bool parse_op(struct cmd_ctx *c, const char *p, long nsems, struct sembuf *op, const char **end)
{
	size_t len = strcspn(p, ",");
	long top = nsems > 0 ? nsems - 1 : USHRT_MAX;
	char *q;
	if (p[0] < '0' || p[0] > '9') {
		cmd_usage_error(c, "'%.*s' does not start with a semaphore number: %s", (int)len, p, op_syntax);
		return false;
	}
	errno = 0;
	unsigned long num = strtoul(p, &q, 10);
	if (errno || num > (unsigned long)top) {
		if (nsems > 0)
			cmd_usage_error(c, "'%.*s': %s has no semaphore %.*s (its %ld are 0 to %ld)", (int)len, p,
					c->obj->handle, (int)(q - p), p, nsems, top);
		else
			cmd_usage_error(c, "'%.*s': a semaphore number is 0 to %ld", (int)len, p, top);
		return false;
	}
	if (*q != '+' && *q != '-' && *q != '=') {
		cmd_usage_error(c, "'%.*s' needs +, - or = after the semaphore number: %s", (int)len, p, op_syntax);
		return false;
	}
	*op = (struct sembuf){ .sem_num = (unsigned short)num };
	if (!parse_value(c, p, len, *q, q + 1, &op->sem_op, &q))
		return false;
	for (; q < p + len; q++) {	/* the flag letters */
		if (*q == 'n')
			op->sem_flg |= IPC_NOWAIT;
		else if (*q == 'u')
			op->sem_flg |= SEM_UNDO;
		else {
			cmd_usage_error(c, "'%.*s': unknown flag '%c' (n is IPC_NOWAIT, u is SEM_UNDO)", (int)len, p, *q);
			return false;
		}
	}
	*end = p + len;
	return true;
}

/* One word of sem op: one semop call, its operations joined by commas. */
static bool parse_call(struct cmd_ctx *c, const char *word, long nsems, struct sembuf *ops, int *n)
{
	const char *p = word;
	*n = 0;
	for (;;) {
		if (*n == SEM_CALL_OPS) {
			cmd_usage_error(c, "'%.24s%s' has more than %d operations: ipcsh makes at most %d in one call",
					word, strlen(word) > 24 ? "..." : "", SEM_CALL_OPS, SEM_CALL_OPS);
			return false;
		}
		if (*p == ',' || !*p) {
			cmd_usage_error(c, "'%.24s%s' has an empty operation (two commas, or one at an end): %s", word,
					strlen(word) > 24 ? "..." : "", op_syntax);
			return false;
		}
		if (!parse_op(c, p, nsems, &ops[*n], &p))
			return false;
		++*n;
		if (!*p)
			return true;
		p++;	/* the comma */
	}
}

static int sem_op(struct cmd_ctx *c)
{
	long nsems = nsems_here(c);
	int *count = calloc((size_t)c->argc, sizeof *count);
	struct sembuf *ops = calloc((size_t)c->argc * SEM_CALL_OPS, sizeof *ops);
	int nops = 0, status = CMD_FAIL;
	if (!count || !ops) {
		out_error("out of memory");
		goto out;
	}
	for (int k = 0; k < c->argc; k++) {
		if (!parse_call(c, c->argv[k].s, nsems, ops + nops, &count[k]))
			goto out;
		nops += count[k];
	}
	status = send_semop(c, count, c->argc, ops, nops);
out:
	free(count);
	free(ops);
	return status;
}

/* A value for SETVAL, argument I: an int (the kernel refuses one out of 0..SEMVMX). */
static bool arg_value(struct cmd_ctx *c, int i, long lo, long hi, long *v)
{
	char *end;
	const char *w = c->argv[i].s;
	errno = 0;
	*v = strtol(w, &end, 10);
	if (!*w || *end || errno || *v < lo || *v > hi) {
		cmd_usage_error(c, "a value is a whole number (a semaphore holds 0 to %d), not '%s'", SEM_VMX, w);
		return false;
	}
	return true;
}

static int sem_set(struct cmd_ctx *c)
{
	long num = 0, val;
	if (c->argc == 2 && !arg_semnum(c, 0, nsems_here(c), &num))
		return CMD_FAIL;
	if (!arg_value(c, c->argc - 1, INT_MIN, INT_MAX, &val))
		return CMD_FAIL;
	struct wbuild w;
	proc_request_start(&w, &sem_ops[OP_SET]);
	wb_long(&w, c->obj->id);
	wb_str(&w, c->obj->handle);
	wb_long(&w, num);
	wb_long(&w, val);
	return cmd_request(c, &w, NULL, NULL);
}

static int sem_setall(struct cmd_ctx *c)
{
	unsigned short *values = calloc((size_t)c->argc, sizeof *values);
	if (!values) {
		out_error("out of memory");
		return CMD_FAIL;
	}
	for (int i = 0; i < c->argc; i++) {
		long v;
		/* SETALL's array is of unsigned short: what fits goes to the kernel to judge. */
		if (!arg_value(c, i, 0, USHRT_MAX, &v)) {
			free(values);
			return CMD_FAIL;
		}
		values[i] = (unsigned short)v;
	}
	struct wbuild w;
	proc_request_start(&w, &sem_ops[OP_SETALL]);
	wb_long(&w, c->obj->id);
	wb_str(&w, c->obj->handle);
	wb_bytes(&w, values, sizeof *values * (size_t)c->argc);
	free(values);
	return cmd_request(c, &w, NULL, NULL);
}

static int sem_get(struct cmd_ctx *c)
{
	long num = -1;
	if (c->argc && !arg_semnum(c, 0, nsems_here(c), &num))
		return CMD_FAIL;
	struct wbuild w;
	proc_request_start(&w, &sem_ops[OP_GET]);
	wb_long(&w, c->obj->id);
	wb_str(&w, c->obj->handle);
	wb_long(&w, num);
	return cmd_request(c, &w, NULL, NULL);
}

static int sem_stat(struct cmd_ctx *c)
{
	return sysv_send_id(c, &sem_ops[OP_STAT], 0, NULL);
}

static int sem_rm(struct cmd_ctx *c)
{
	return sysv_send_id(c, &sem_ops[OP_RM], 0, sysv_removed);
}

/* ---- the set as an object of the session ---- */

static bool sem_alive(struct object *o)
{
	struct semid_ds ds;
	return set_stat(o, &ds);
}

/* The processes of the session asleep in semop on O. */
static void sem_describe(struct object *o, struct buf *identity, struct buf *holders)
{
	struct semid_ds ds;
	sysv_identity(o, identity);
	if (!set_stat(o, &ds)) {
		buf_addstr(holders, "(gone: removed)");
		return;
	}
	long n = (long)ds.sem_nsems;
	unsigned short *v = values_of(o->id, n);
	if (!v) {
		buf_printf(holders, "%ld semaphore%s", n, n == 1 ? "" : "s");
	} else {
		buf_addstr(holders, n == 1 ? "value" : "values");
		for (long i = 0; i < n && i < SEM_SHOWN; i++)
			buf_printf(holders, " %u", v[i]);
		if (n > SEM_SHOWN)
			buf_printf(holders, " ... (%ld semaphores)", n);
		free(v);
	}
	sysv_waiters(o, sem_blocks, COUNT(sem_blocks), holders);
}

/* value V..., ncnt N..., zcnt N...: one number for each semaphore, from the
 * first; fewer numbers than semaphores check the first ones only. */
static bool sem_attr(struct object *o, const char *name, const long *want, int nwant, struct buf *why)
{
	static const char *const names[] = { "value", "ncnt", "zcnt" };
	static const int cmds[] = { GETVAL, GETNCNT, GETZCNT };
	static const char *const what[] = { "has value", "has semncnt (processes waiting for it to rise)",
					    "has semzcnt (processes waiting for it to be 0)" };
	struct semid_ds ds;
	int a = 0;
	while (a < 2 && strcmp(name, names[a]) != 0)
		a++;
	if (!set_stat(o, &ds)) {
		buf_printf(why, "%s is gone", o->handle);
		return false;
	}
	if ((unsigned long)nwant > ds.sem_nsems) {
		buf_printf(why, "%s has %lu semaphore%s, not %d", o->handle, (unsigned long)ds.sem_nsems,
			   ds.sem_nsems == 1 ? "" : "s", nwant);
		return false;
	}
	for (int i = 0; i < nwant; i++) {
		int have = semctl(o->id, i, cmds[a]);
		if (have < 0) {
			buf_printf(why, "ipcsh cannot read %s[%d]", o->handle, i);
			return false;
		}
		if (have != want[i]) {
			buf_printf(why, "%s[%d] %s %d, not %ld", o->handle, i, what[a], have, want[i]);
			return false;
		}
	}
	return true;
}

static void sem_destroy(struct object *o)
{
	struct semid_ds ds;
	if (set_stat(o, &ds))
		semctl(o->id, 0, IPC_RMID);
}

static const struct obj_ops sem_kinds[] = {
	{
		.kind = OBJ_SEM,
		.decode = sysv_decode,
		.same = sysv_same_object,
		.alive = sem_alive,
		.describe = sem_describe,
		.attrs = "value... ncnt... zcnt...",
		.attr = sem_attr,
		.destroy = sem_destroy,
		.record = sysv_record,
		.still_same = sysv_still_same,
	},
};

static const struct cmd_entry sem_cmds[] = {
	{
		.noun = "sem", .verb = "new",
		.args = "[KEY|private|ftok PATH ID] [NSEMS] [MODE] [excl]", .max = 6,
		.flags = CMD_IN_PROC,
		.summary = "make (or find) a System V semaphore set of NSEMS semaphores (default 1); new ones start at 0",
		.calls = "key_t key = ftok(path, id); int semid = semget(key, nsems, IPC_CREAT | 0600);",
		.man = "ftok(3), semget(2), sysvipc(7)",
		.example = "sem new private 3",
		.complete = "-",
		.run = sem_new,
	},
	{
		.noun = "sem", .verb = "set",
		.args = "[REF] [N] VAL", .min = 1, .max = 2,
		.ref = OBJ_SEM,
		.flags = CMD_IN_PROC,
		.summary = "set semaphore N (default 0) to VAL",
		.calls = "union semun arg = { .val = val }; semctl(semid, n, SETVAL, arg);",
		.man = "semctl(2)",
		.example = "sem set 0 1",
		.complete = "-",
		.run = sem_set,
	},
	{
		.noun = "sem", .verb = "setall",
		.args = "[REF] V...", .min = 1, .max = -1,
		.ref = OBJ_SEM,
		.flags = CMD_IN_PROC,
		.summary = "set every semaphore of the set at once, one value each",
		.calls = "unsigned short v[] = { 1, 0 }; union semun arg = { .array = v }; semctl(semid, 0, SETALL, arg);",
		.man = "semctl(2)",
		.example = "sem setall 1 0 2",
		.complete = "-",
		.run = sem_setall,
	},
	{
		.noun = "sem", .verb = "P",
		.aliases = "wait down",
		.args = "[REF] [N] [undo] [nowait]", .max = 3,
		.ref = OBJ_SEM,
		.flags = CMD_IN_PROC,
		.summary = "take 1 from semaphore N (default 0); blocks while it is 0",
		.calls = "struct sembuf op = { n, -1, 0 }; semop(semid, &op, 1);",
		.man = "semop(2)",
		.example = "sem V; sem P undo",
		.complete = "-",
		.run = sem_p,
	},
	{
		.noun = "sem", .verb = "V",
		.aliases = "post signal up",
		.args = "[REF] [N] [undo]", .max = 2,
		.ref = OBJ_SEM,
		.flags = CMD_IN_PROC,
		.summary = "add 1 to semaphore N (default 0), waking a process that waits for it",
		.calls = "struct sembuf op = { n, +1, 0 }; semop(semid, &op, 1);",
		.man = "semop(2)",
		.example = "sem V",
		.complete = "-",
		.run = sem_v,
	},
	{
		.noun = "sem", .verb = "op",
		.args = "[REF] OPS...", .min = 1, .max = -1,
		.ref = OBJ_SEM,
		.flags = CMD_IN_PROC,
		.summary = "semop calls as TLPI's svsem_op writes them: one word a call, commas join operations done atomically",
		.calls = "struct sembuf ops[] = { { 0, -1, 0 }, { 1, +1, SEM_UNDO } }; semop(semid, ops, 2);",
		.man = "semop(2)",
		.example = "sem op 0+2 0-1,0-1u 0=0n",
		.complete = "-",
		.run = sem_op,
	},
	{
		.noun = "sem", .verb = "get",
		.args = "[REF] [N]", .max = 1,
		.ref = OBJ_SEM,
		.flags = CMD_IN_PROC | CMD_LOOKS,
		.summary = "show each semaphore's value, its waiters (semncnt, semzcnt) and the last process to change it",
		.calls = "semctl(semid, n, GETVAL); semctl(semid, n, GETNCNT); semctl(semid, n, GETZCNT); semctl(semid, n, GETPID);",
		.man = "semctl(2)",
		.example = "sem get",
		.complete = "-",
		.run = sem_get,
	},
	{
		.noun = "sem", .verb = "stat",
		.args = "[REF]",
		.ref = OBJ_SEM,
		.flags = CMD_IN_PROC | CMD_LOOKS,
		.summary = "show the set's semid_ds: how many semaphores, the last semop and change times, owner and mode",
		.calls = "struct semid_ds ds; union semun arg = { .buf = &ds }; semctl(semid, 0, IPC_STAT, arg);",
		.man = "semctl(2)",
		.example = "sem stat",
		.run = sem_stat,
	},
	{
		.noun = "sem", .verb = "rm",
		.args = "[REF]",
		.ref = OBJ_SEM,
		.flags = CMD_IN_PROC,
		.summary = "remove the set at once (processes waiting in semop get EIDRM)",
		.calls = "semctl(semid, 0, IPC_RMID);",
		.man = "semctl(2)",
		.example = "sem rm",
		.run = sem_rm,
	},
};

const struct family family_sem = {
	.name = "sem",
	.summary = "System V semaphores: sets of counters in the kernel, changed atomically with semop",
	.rank = 47,
	.cmds = sem_cmds,
	.ncmds = COUNT(sem_cmds),
	.ops = sem_ops,
	.nops = COUNT(sem_ops),
	.blocks = sem_blocks,
	.nblocks = COUNT(sem_blocks),
	.kinds = sem_kinds,
	.nkinds = COUNT(sem_kinds),
};
