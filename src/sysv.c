/* sysv.c - what the System V families share (sysv.h). */
#include "sysv.h"

#include <ctype.h>
#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "journal.h"
#include "objtab.h"
#include "out.h"
#include "proc.h"
#include "settings.h"
#include "trace.h"
#include "worker.h"

/* ---- controller side ---- */

static bool is_mode(const char *w)
{
	return w[0] == '0' && w[1] && strspn(w, "01234567") == strlen(w) && strlen(w) <= 5;
}

static bool is_hex(const char *w)
{
	return w[0] == '0' && (w[1] == 'x' || w[1] == 'X');
}

static bool is_plain_number(const char *w)
{
	if (is_hex(w))
		return w[2] && strspn(w + 2, "0123456789abcdefABCDEF") == strlen(w + 2);
	return w[0] && w[0] != '0' && strspn(w, "0123456789") == strlen(w);
}

/* ftok's ID: one character ('a'), or a number from 1 to 255. */
static bool parse_proj(struct cmd_ctx *c, const char *w, struct sysv_new *s)
{
	char *end;
	long v = strtol(w, &end, 10);
	if (isdigit((unsigned char)w[0]) && !*end && v >= 1 && v <= 255) {
		s->proj = (int)v;
		return true;
	}
	if (strlen(w) == 1 && w[0] != '\0' && !isdigit((unsigned char)w[0]) && (unsigned char)w[0] < 0x80) {
		s->proj = (unsigned char)w[0];
		s->proj_is_char = true;
		return true;
	}
	cmd_usage_error(c, "ftok's ID is one character (a) or a number from 1 to 255, not '%s'", w);
	return false;
}

static bool parse_number(struct cmd_ctx *c, const char *w, const char *what, long lo, long hi, long *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(w, &end, 0);
	if (*end || errno || v < (unsigned long long)lo || v > (unsigned long long)hi) {
		cmd_usage_error(c, "%s must be a number from %ld to %ld, not '%s'", what, lo, hi, w);
		return false;
	}
	*out = (long)v;
	return true;
}

bool sysv_parse_new(struct cmd_ctx *c, const char *count_name, struct sysv_new *s)
{
	const char *numbers[3];
	int nnum = 0;
	bool keyed = false, moded = false;
	*s = (struct sysv_new){ .how = SYSV_PRIVATE, .mode = 0600, .count = -1 };
	for (int i = 0; i < c->argc; i++) {
		const char *w = c->argv[i].s;
		if (strcmp(w, "private") == 0 && !keyed) {
			keyed = true;
		} else if (strcmp(w, "ftok") == 0 && !keyed) {
			if (i + 2 >= c->argc) {
				cmd_usage_error(c, "ftok takes a path and an ID: ftok PATH ID");
				return false;
			}
			s->how = SYSV_FTOK;
			s->path = c->argv[i + 1].s;
			if (!*s->path) {
				cmd_usage_error(c, "ftok's path is empty");
				return false;
			}
			if (!parse_proj(c, c->argv[i + 2].s, s))
				return false;
			keyed = true;
			i += 2;
		} else if (strcmp(w, "excl") == 0) {
			s->excl = true;
		} else if (is_mode(w)) {
			if (moded) {
				cmd_usage_error(c, "one mode only: '%s' is a second", w);
				return false;
			}
			moded = true;
			s->mode = strtol(w, NULL, 8);
			if (s->mode > 0777) {
				cmd_usage_error(c, "a mode is at most 0777, not %s", w);
				return false;
			}
		} else if (count_name && strcmp(w, "0") == 0) {
			cmd_usage_error(c, "%s is 1 or more, not 0", count_name);
			return false;
		} else if (is_plain_number(w) && nnum < 2) {
			numbers[nnum++] = w;
		} else if (is_plain_number(w)) {
			cmd_usage_error(c, "one number too many: '%s'", w);
			return false;
		} else if (strcmp(w, "0") == 0) {	/* with no count: a key */
			cmd_usage_error(c, "a key of 0 is IPC_PRIVATE: write 'private'");
			return false;
		} else {
			cmd_usage_error(c, "unexpected '%s': a key is 0xHEX, a number, 'private' or 'ftok PATH ID'; "
					"a mode is octal with a leading 0 (0600)", w);
			return false;
		}
	}
	int key_at = -1, count_at = -1;
	if (nnum == 2 && count_name && !keyed)
		key_at = 0, count_at = 1;
	else if (nnum == 1 && count_name && !is_hex(numbers[0]))
		count_at = 0;
	else if (nnum == 1 && !keyed)
		key_at = 0;
	else if (nnum == 1 && is_hex(numbers[0])) {
		cmd_usage_error(c, "a second key: '%s' (a 0x number is a key)", numbers[0]);
		return false;
	} else if (nnum > 0) {
		cmd_usage_error(c, "one number too many: '%s'", numbers[nnum - 1]);
		return false;
	}
	/* A count in hex would most likely be a key put second: refused. */
	if (count_at >= 0 && is_hex(numbers[count_at])) {
		cmd_usage_error(c, "%s is a decimal number, not '%s' (a 0x number is a key, and comes first)", count_name,
				numbers[count_at]);
		return false;
	}
	if (key_at >= 0) {
		if (!parse_number(c, numbers[key_at], "a key", 1, 0xffffffffL, &s->key))
			return false;
		s->how = SYSV_KEY;
	}
	if (count_at >= 0 && !parse_number(c, numbers[count_at], count_name, 1, 0x7fffffffffffL, &s->count))
		return false;
	return true;
}

/* The room an intent record keeps for "ID,KEY" (decimal, both). */
#define SYSV_GOT_WIDTH 24

/* "intent msg key=0x00001234 time=... got=ID,KEY" before the request that
 * makes it, GOT left blank for the worker to fill in; returns GOT's offset
 * in the journal (-1: no journal). */
static long long journal_intent(const struct sysv_new *s, enum obj_kind kind)
{
	if (!journal_on())
		return -1;
	struct buf f = { 0 };
	char key[24];
	buf_addstr(&f, "intent ");
	buf_addstr(&f, obj_noun(kind));
	if (s->how == SYSV_FTOK) {
		journal_field(&f, "ftok", s->path);
		journal_field_long(&f, "proj", s->proj);
	} else {
		journal_field(&f, "key", sysv_key_text(s->how == SYSV_KEY ? s->key : 0, key, sizeof key));
	}
	journal_field_long(&f, "time", (long long)time(NULL));
	long long offset = journal_add_reserving(&f, "got", SYSV_GOT_WIDTH);
	buf_free(&f);
	return offset;
}

void sysv_put_new(struct wbuild *w, const struct sysv_new *s, enum obj_kind kind)
{
	long long got = journal_intent(s, kind);
	wb_long(w, s->how);
	wb_long(w, s->key);
	wb_str(w, s->path ? s->path : "");
	wb_long(w, s->proj);
	wb_long(w, s->proj_is_char);
	wb_long(w, s->mode);
	wb_long(w, s->excl);
	wb_long(w, s->count);
	wb_long(w, (long)got);
}

/* IPC_STAT of the object of KIND with ID: its ctime, and its permissions
 * into PERM; -1 when there is none (or it cannot be read). */
static long long sysv_stat(enum obj_kind kind, int id, struct ipc_perm *perm)
{
	union {
		struct msqid_ds msg;
		struct shmid_ds shm;
		struct semid_ds sem;
	} ds;
	switch (kind) {
	case OBJ_MSG:
		if (msgctl(id, IPC_STAT, &ds.msg) < 0)
			return -1;
		*perm = ds.msg.msg_perm;
		return ds.msg.msg_ctime;
	case OBJ_SHM:
		if (shmctl(id, IPC_STAT, &ds.shm) < 0)
			return -1;
		*perm = ds.shm.shm_perm;
		return ds.shm.shm_ctime;
	case OBJ_SEM: {
		/* semctl's fourth argument, declared here as its callers must */
		union { struct semid_ds *buf; } arg = { .buf = &ds.sem };
		if (semctl(id, 0, IPC_STAT, arg) < 0)
			return -1;
		*perm = ds.sem.sem_perm;
		return ds.sem.sem_ctime;
	}
	default:
		return -1;
	}
}

const char *sysv_key_text(long key, char *buf, size_t size)
{
	if (key == 0)
		snprintf(buf, size, "IPC_PRIVATE");
	else
		snprintf(buf, size, "0x%08lx", (unsigned long)key & 0xffffffffUL);
	return buf;
}

/* Ids are small numbers the kernel hands out in turn, different on every
 * run: masked (IPCSH_MASK) only where they are surely ids, as the result of
 * the call that made it (CALL, "msgget(KEY, FLAGS)"), as the first argument
 * of the kind's calls, and after "id ". */
static void id_name(const struct object *o, char *name, size_t size)
{
	snprintf(name, size, "<%sid%d>", obj_noun(o->kind), o->num);
}

/* Masks O's id as the result of CALL ("msgget(KEY, FLAGS)"). */
static void mask_result(const struct object *o, const char *call)
{
	if (!settings.mask)
		return;
	char name[32];
	struct buf text = { 0 }, masked = { 0 };
	id_name(o, name, sizeof name);
	buf_printf(&text, "%s = %d", call, o->id);
	out_apply_masks(call, &masked);
	buf_printf(&masked, " = %s", name);
	out_mask_text(text.data, masked.data);
	buf_free(&text);
	buf_free(&masked);
}

static void mask_id(const struct object *o, const char *call)
{
	static const char *const calls[] = { "snd", "rcv", "ctl", "at", "op", "timedop" };
	if (!settings.mask)
		return;
	const char *noun = obj_noun(o->kind);
	char name[32];
	struct buf text = { 0 }, masked = { 0 };
	id_name(o, name, sizeof name);
	mask_result(o, call);
	for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++) {
		buf_reset(&text);
		buf_reset(&masked);
		buf_printf(&text, "%s%s(%d,", noun, calls[i], o->id);
		buf_printf(&masked, "%s%s(%s,", noun, calls[i], name);
		out_mask_text(text.data, masked.data);
	}
	buf_reset(&text);
	buf_reset(&masked);
	buf_printf(&text, "id %d", o->id);
	buf_printf(&masked, "id %s", name);
	out_mask_text(text.data, masked.data);
	buf_free(&text);
	buf_free(&masked);
}

void sysv_decode(struct object *o, const struct wmsg *m, struct buf *note)
{
	o->id = (int)warg_long(m, 1);
	o->key = warg_long(m, 2);
	struct ipc_perm perm;
	if (journal_on())	/* its ctime is for the journal only */
		o->ctime = sysv_stat(o->kind, o->id, &perm);
	mask_id(o, warg_str(m, 3));
	char key[24];
	buf_printf(note, "  %s: id %d, key %s", o->handle, o->id, sysv_key_text(o->key, key, sizeof key));
}

int sysv_send_id(struct cmd_ctx *c, const struct worker_op *op, long arg, void (*then)(struct proc *, int, void *))
{
	struct wbuild w;
	proc_request_start(&w, op);
	wb_long(&w, c->obj->id);
	wb_long(&w, arg);
	return cmd_request(c, &w, then, c->obj);
}

void sysv_removed(struct proc *p, int status, void *object)
{
	struct object *o = object;
	if (status == 0)
		obj_gone(o);
}

void sysv_waiters(const struct object *o, const struct block_kind *kinds, int nkinds, struct buf *b)
{
	for (int i = 1; i <= proc_count(); i++) {
		struct proc *p = proc_get(i);
		if (!p || p->dead || !p->blocked || p->block_fd != o->id || p->block < kinds || p->block >= kinds + nkinds)
			continue;
		const char *call = p->call_text ? p->call_text : "a call";
		buf_printf(b, "; p%d waits in %.*s", p->num, (int)strcspn(call, "("), call);
	}
}

bool sysv_same_object(const struct object *o, const struct wmsg *m)
{
	if (o->id != (int)warg_long(m, 1) || o->key != warg_long(m, 2))
		return false;
	mask_result(o, warg_str(m, 3));	/* the call that found it again, with other words maybe */
	return true;
}

void sysv_identity(const struct object *o, struct buf *b)
{
	char key[24];
	buf_printf(b, "key %s, id %d", sysv_key_text(o->key, key, sizeof key), o->id);
}

void sysv_record(const struct object *o, struct buf *fields)
{
	journal_field_long(fields, "id", o->id);
	journal_field_long(fields, "key", o->key);
	journal_field_long(fields, "ctime", o->ctime);
}

bool sysv_still_same(const struct object *o, struct buf *why)
{
	struct ipc_perm perm;
	long long ctime = sysv_stat(o->kind, o->id, &perm);
	char key[24];
	if (ctime < 0)
		return false;	/* gone already: nothing to say */
	if (((unsigned long)perm.__key & 0xffffffffUL) != ((unsigned long)o->key & 0xffffffffUL))
		buf_printf(why, "id %d has key %s now: another object", o->id, sysv_key_text(perm.__key, key, sizeof key));
	else if (perm.cuid != geteuid())
		buf_printf(why, "id %d was made by uid %u: another user's", o->id, (unsigned)perm.cuid);
	else if (ctime < o->ctime)
		buf_printf(why, "id %d is older than the one the session made", o->id);
	return !why->len;
}

bool sysv_same(struct object *o, long key)
{
	if (!o->gone && ((unsigned long)key & 0xffffffffUL) != ((unsigned long)o->key & 0xffffffffUL))
		obj_gone(o);
	return !o->gone;
}

void sysv_pid_text(pid_t pid, struct buf *b)
{
	struct proc *p = pid > 0 ? proc_by_pid(pid) : NULL;
	if (pid <= 0)
		buf_addstr(b, "nobody yet");
	else if (p)
		buf_printf(b, "p%d (pid %d)", p->num, (int)pid);
	else
		buf_printf(b, "pid %d (outside the session)", (int)pid);
}

void sysv_perm_text(uid_t uid, unsigned mode, struct buf *b)
{
	struct passwd *pw = getpwuid(uid);
	if (pw)
		buf_printf(b, "owner %s, mode %04o", pw->pw_name, mode & 0777);
	else
		buf_printf(b, "owner uid %u, mode %04o", (unsigned)uid, mode & 0777);
}

const char *sysv_time_text(long t, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (t == 0 || !localtime_r(&tt, &tm) || !strftime(buf, size, "%a %b %e %H:%M:%S %Y", &tm))
		snprintf(buf, size, "not set");
	return buf;
}

/* ---- worker side ---- */

const char *sysv_flags_text(int flags, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s0%o", flags & IPC_CREAT ? "IPC_CREAT | " : "", flags & IPC_EXCL ? "IPC_EXCL | " : "",
		 flags & 0777);
	return buf;
}

/* The C of ftok's ID: 'a', or 65. */
static void proj_text(int proj, bool is_char, char *buf, size_t size)
{
	if (is_char)
		snprintf(buf, size, "'%c'", proj);
	else
		snprintf(buf, size, "%d", proj);
}

/* Where the journal waits for the id of what this worker is making (-1: nowhere). */
static long long journal_got = -1;

bool sysv_w_key(const struct wmsg *req, int i, key_t *key, int *flags, long *count)
{
	journal_got = req_long(req, i + 8);
	enum sysv_key_how how = (enum sysv_key_how)req_long(req, i);
	const char *path = req_str(req, i + 2);
	int proj = (int)req_long(req, i + 3);
	*flags = IPC_CREAT | (int)req_long(req, i + 5) | (req_long(req, i + 6) ? IPC_EXCL : 0);
	*count = req_long(req, i + 7);
	*key = how == SYSV_KEY ? (key_t)req_long(req, i + 1) : IPC_PRIVATE;
	if (how != SYSV_FTOK)
		return true;
	char id[16];
	struct buf call = { 0 };
	proj_text(proj, req_long(req, i + 4), id, sizeof id);
	buf_addstr(&call, "ftok(");
	trace_quote(&call, path, strlen(path), 64);
	buf_printf(&call, ", %s)", id);
	*key = ftok(path, proj);
	if (*key == (key_t)-1) {
		int err = errno;
		w_fail(call.data, err);
		if (err == ENOENT)
			w_say("  ftok makes a key from a file that exists (its inode and device): create %s first, "
			      "for example with: popen \"touch %s\" r; pclose", path, path);
		buf_free(&call);
		return false;
	}
	char text[24];
	sysv_key_text(*key, text, sizeof text);
	w_mask(text, "<ftok key>");
	w_return(call.data, *key, "%s", text);
	buf_free(&call);
	return true;
}

void sysv_w_mask_times(int n, ...)
{
	va_list ap;
	va_start(ap, n);
	for (int i = 0; i < n; i++) {
		const char *t = va_arg(ap, const char *);
		if (strcmp(t, "not set") != 0)
			w_mask(t, "<time>");
	}
	va_end(ap);
}

void sysv_message_text(struct buf *b, const struct sysv_message *m, size_t len)
{
	if (len > 0 && m->mtext[len - 1] == '\0' && !memchr(m->mtext, '\0', len - 1))
		len--;
	buf_printf(b, "{mtype=%ld, mtext=", m->mtype);
	trace_quote(b, m->mtext, len, 64);
	buf_addstr(b, "}");
}

bool sysv_w_msg_stat(int id, struct msqid_ds *ds)
{
	char call[64];
	snprintf(call, sizeof call, "msgctl(%d, IPC_STAT, &ds)", id);
	if (msgctl(id, IPC_STAT, ds) < 0) {
		w_fail(call, errno);
		return false;
	}
	w_return(call, 0, "0");
	return true;
}

#ifndef MSG_COPY
#define MSG_COPY 040000
#endif

int sysv_w_peek(int id, unsigned long most)
{
	static struct sysv_message m;
	struct msqid_ds ds;
	if (!sysv_w_msg_stat(id, &ds))
		return 1;
	unsigned long n = ds.msg_qnum < most ? ds.msg_qnum : most;
	if (ds.msg_qnum == 0)
		w_say("  the queue is empty (msg_qnum 0)");
	for (unsigned long i = 0; i < n; i++) {
		char call[128];
		snprintf(call, sizeof call, "msgrcv(%d, &msg, %zu, %lu, MSG_COPY | IPC_NOWAIT | MSG_NOERROR)", id,
			 sizeof m.mtext, i);
		ssize_t r = msgrcv(id, &m, sizeof m.mtext, (long)i, MSG_COPY | IPC_NOWAIT | MSG_NOERROR);
		if (r < 0) {
			int err = errno;
			w_fail(call, err);
			if (err == ENOSYS)
				w_say("  this kernel has no MSG_COPY (it comes with CONFIG_CHECKPOINT_RESTORE)");
			return 1;
		}
		struct buf got = { 0 };
		sysv_message_text(&got, &m, (size_t)r);
		w_return(call, r, "%zd -> %s", r, got.data);
		buf_free(&got);
	}
	if (n)
		w_say("  MSG_COPY copies message number N without taking it: the queue still holds %lu message%s",
		      (unsigned long)ds.msg_qnum, ds.msg_qnum == 1 ? "" : "s");
	return 0;
}

void sysv_w_report(const char *kind, int id, key_t key, const char *call)
{
	char got[SYSV_GOT_WIDTH + 1];
	snprintf(got, sizeof got, "%d,%ld", id, (long)(unsigned)key);
	journal_fill(journal_got, got);
	journal_got = -1;
	struct wbuild w;
	wb_start(&w, EV_OBJECT);
	wb_str(&w, kind);
	wb_long(&w, id);
	wb_long(&w, (long)(unsigned)key);
	wb_str(&w, call);
	w_send(&w, NULL, 0);
}
