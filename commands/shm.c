/* shm.c - the shm family: System V shared memory.
 *
 * A worker attaches a segment with shmat and keeps where (a small table in
 * its own memory, which fork copies as the kernel copies the attachment), so
 * that write, read, incr and detach find it by the segment's id.  The
 * controller learns who is attached from /proc/PID/maps (a /SYSVkey mapping
 * whose inode is the id) and the rest from shmctl IPC_STAT, as ipcs does. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>

#include "cmd.h"
#include "objtab.h"
#include "out.h"
#include "proc.h"
#include "procfs.h"
#include "sysv.h"
#include "trace.h"
#include "worker.h"

/* ---- worker side ---- */

struct attachment {
	int id;
	char *addr;
	size_t size;
	bool rdonly;
};
enum { MAX_ATTACH = 32 };
static struct attachment attached[MAX_ATTACH];
static int nattached;

static struct attachment *attachment_of(int id)
{
	for (int i = 0; i < nattached; i++)
		if (attached[i].id == id)
			return &attached[i];
	return NULL;
}

/* The attachment of ID, or NULL after saying there is none (or that it is
 * read-only when WRITING). */
static struct attachment *usable(int id, bool writing)
{
	struct attachment *a = attachment_of(id);
	if (!a)
		w_error("has not attached the segment (id %d): 'shm attach' first", id);
	else if (writing && a->rdonly)
		w_error("attached the segment read-only (SHM_RDONLY): a store into it would be killed "
			"by SIGSEGV; 'shm detach', then 'shm attach' without rdonly");
	return a && !(writing && a->rdonly) ? a : NULL;
}

/* Is [OFF, OFF + LEN) inside A?  Says why not. */
static bool inside(const struct attachment *a, long off, size_t len)
{
	if (off >= 0 && (size_t)off <= a->size && len <= a->size - (size_t)off)
		return true;
	w_error("cannot use bytes %ld to %ld: the segment has %zu (0 to %zu)", off,
		off + (long)len - 1, a->size, a->size - 1);
	return false;
}

/* The segment's shm_nattch, or -1 when it is gone. */
static long nattch_of(int id)
{
	struct shmid_ds ds;
	return shmctl(id, IPC_STAT, &ds) == 0 ? (long)ds.shm_nattch : -1;
}

static int w_shm_new(const struct wmsg *req)
{
	key_t key;
	int flags;
	long size;
	if (!sysv_w_key(req, 1, &key, &flags, &size))
		return 1;
	char call[128], ktext[24], ftext[48];
	snprintf(call, sizeof call, "shmget(%s, %ld, %s)", sysv_key_text(key, ktext, sizeof ktext), size,
		 sysv_flags_text(flags, ftext, sizeof ftext));
	/* shmget's result does not say whether it made the segment or found it:
	 * ask first (no IPC_CREAT, so nothing changes), to say the right thing after. */
	bool existed = key != IPC_PRIVATE && !(flags & IPC_EXCL) && shmget(key, 0, 0) >= 0;
	int id = shmget(key, (size_t)size, flags);
	if (id < 0) {
		int err = errno;
		w_fail(call, err);
		if (err == EINVAL)
			w_say("  the size is more than SHMMAX (/proc/sys/kernel/shmmax), or the key names a "
			      "segment smaller than that already");
		else if (err == EEXIST)
			w_say("  a segment with key %s exists already, and IPC_EXCL asks for a new one", ktext);
		else if (err == EACCES)
			w_say("  a segment with key %s exists, and its mode does not let this process use it", ktext);
		else if (err == ENOSPC || err == ENOMEM)
			w_say("  the system's limit on shared memory is reached (ipcs -l shows the limits)");
		return 1;
	}
	sysv_w_report("shm", id, key, call);
	w_return(call, id, "%d", id);
	if (existed)
		w_say("  the segment existed already: shmget returned it as it is, with what it holds; "
		      "'shm attach' maps it into a process");
	else
		w_say("  a new segment is all zero bytes; 'shm attach' maps it into a process");
	return 0;
}

static int w_shm_attach(const struct wmsg *req)
{
	int id = (int)req_long(req, 1);
	bool rdonly = req_long(req, 2) != 0;
	struct attachment *a = attachment_of(id);
	if (a) {
		w_error("has the segment attached already, at %p", (void *)a->addr);
		return 1;
	}
	if (nattached == MAX_ATTACH) {
		w_error("has %d attachments, as many as ipcsh keeps in a process", MAX_ATTACH);
		return 1;
	}
	char call[96];
	snprintf(call, sizeof call, "shmat(%d, NULL, %s)", id, rdonly ? "SHM_RDONLY" : "0");
	void *addr = shmat(id, NULL, rdonly ? SHM_RDONLY : 0);
	if (addr == (void *)-1) {
		int err = errno;
		w_fail(call, err);
		if (err == EINVAL)
			w_say("  there is no segment with id %d (removed?)", id);
		else if (err == EACCES)
			w_say("  the segment's mode does not let this process attach it%s", rdonly ? "" : " for writing");
		return 1;
	}
	struct shmid_ds ds;
	if (shmctl(id, IPC_STAT, &ds) < 0)
		ds.shm_segsz = 0;
	attached[nattached++] = (struct attachment){ id, addr, ds.shm_segsz, rdonly };
	char where[32];
	snprintf(where, sizeof where, "%p", addr);
	w_mask(where, "<shm address>");
	w_return(call, 0, "%s", where);
	w_say("  %zu bytes at %s%s; %lu attachment%s now (shm_nattch)", (size_t)ds.shm_segsz, where,
	      rdonly ? ", read-only" : "", (unsigned long)ds.shm_nattch, ds.shm_nattch == 1 ? "" : "s");
	return 0;
}

static int w_shm_detach(const struct wmsg *req)
{
	int id = (int)req_long(req, 1);
	struct attachment *a = usable(id, false);
	if (!a)
		return 1;
	char call[64];
	snprintf(call, sizeof call, "shmdt(%p)", (void *)a->addr);
	if (shmdt(a->addr) < 0) {
		w_fail(call, errno);
		return 1;
	}
	*a = attached[--nattached];
	w_return(call, 0, "0");
	long left = nattch_of(id);
	if (left >= 0)
		w_say("  %ld attachment%s left (shm_nattch)", left, left == 1 ? "" : "s");
	else
		w_say("  that was the last attachment of a removed segment: it is gone now");
	return 0;
}

static int w_shm_write(const struct wmsg *req)
{
	int id = (int)req_long(req, 1);
	long off = req_long(req, 2);
	const char *text = req_str(req, 3);
	size_t len = req_len(req, 3);
	struct attachment *a = usable(id, true);
	if (!a || !inside(a, off, len + 1))
		return 1;
	memcpy(a->addr + off, text, len + 1);
	struct buf call = { 0 };
	buf_printf(&call, "memcpy(shm + %ld, ", off);
	trace_quote(&call, text, len, 64);
	buf_printf(&call, ", %zu)", len + 1);
	w_trace("%s;", call.data);
	w_plain("  wrote %zu bytes and a NUL at offset %ld", len, off);
	buf_free(&call);
	return 0;
}

/* Are the LEN bytes at P text (printable, tabs and newlines, a final NUL run)? */
static bool is_text(const unsigned char *p, size_t len)
{
	while (len > 0 && p[len - 1] == '\0')
		len--;
	for (size_t i = 0; i < len; i++)
		if (!isprint(p[i]) && p[i] != '\n' && p[i] != '\t')
			return false;
	return true;
}

/* A hexdump of LEN bytes at P (offsets from OFF), 16 a line, as od -A x -t x1z. */
static void say_hexdump(const unsigned char *p, size_t len, long off)
{
	for (size_t i = 0; i < len; i += 16) {
		char hex[64] = "", text[20] = "";
		size_t n = len - i < 16 ? len - i : 16;
		for (size_t j = 0; j < n; j++) {
			snprintf(hex + j * 3, sizeof hex - j * 3, "%02x ", p[i + j]);
			text[j] = isprint(p[i + j]) ? (char)p[i + j] : '.';
		}
		w_say("  %06lx  %-48s |%s|", off + (long)i, hex, text);
	}
}

enum { READ_STRING = -1, READ_U64 = -2 };	/* shm read's LEN, when not a length */

static int w_shm_read(const struct wmsg *req)
{
	int id = (int)req_long(req, 1);
	long off = req_long(req, 2), len = req_long(req, 3);
	struct attachment *a = usable(id, false);
	if (!a || !inside(a, off, len == READ_U64 ? sizeof(uint64_t) : len < 0 ? 1 : (size_t)len))
		return 1;
	const char *at = a->addr + off;
	struct buf b = { 0 };
	if (len == READ_U64) {
		uint64_t v;
		memcpy(&v, at, sizeof v);
		w_trace("*(uint64_t *)(shm + %ld) = %" PRIu64, off, v);
	} else if (len < 0) {	/* the string at OFF, as a C reader prints it with %s */
		size_t n = strnlen(at, a->size - (size_t)off);
		trace_quote(&b, at, n, 256);
		w_trace("strlen(shm + %ld) = %zu -> %s", off, n, b.data);
		w_call("strlen", (long)n, 0);	/* for lessons: who read how long a string (call p2 strlen returned 19) */
		if (n == a->size - (size_t)off)
			w_say("  no NUL before the end of the segment: a C reader's printf(\"%%s\") would run past it");
	} else if (is_text((const unsigned char *)at, (size_t)len)) {
		trace_quote(&b, at, (size_t)len, 256);
		w_trace("memcpy(buf, shm + %ld, %ld) -> %s", off, len, b.data);
	} else {
		w_trace("memcpy(buf, shm + %ld, %ld):", off, len);
		say_hexdump((const unsigned char *)at, (size_t)(len < 512 ? len : 512), off);
		if (len > 512)
			w_say("  ... %ld bytes more", len - 512);
	}
	buf_free(&b);
	return 0;
}

/* The sembuf of a P or V on semaphore 0 of the lock, announced when it may block. */
static bool lock_op(int semid, int delta)
{
	struct sembuf op = { 0, (short)delta, 0 };
	char call[64];
	snprintf(call, sizeof call, "semop(%d, {{0, %+d, 0}}, 1)", semid, delta);
	if (delta < 0)
		w_calling(SYS_semtimedop, call, &block_other, semid);
	int r = semop(semid, &op, 1);
	int err = errno;
	if (delta < 0)
		w_called();
	if (r < 0)
		w_fail(call, err);
	return r == 0;
}

static int w_shm_incr(const struct wmsg *req)
{
	int id = (int)req_long(req, 1), semid = (int)req_long(req, 4);
	long off = req_long(req, 2), n = req_long(req, 3);
	struct attachment *a = usable(id, true);
	if (!a || !inside(a, off, sizeof(uint64_t)))
		return 1;
	volatile uint64_t *counter = (volatile uint64_t *)(void *)(a->addr + off);
	uint64_t before = *counter;
	if (semid < 0) {
		w_trace("for (i = 0; i < %ld; i++) (*(uint64_t *)(shm + %ld))++;", n, off);
		for (long i = 0; i < n; i++)
			*counter = *counter + 1;	/* load, add, store: another process may store in between */
	} else {
		w_trace("for (i = 0; i < %ld; i++) { semop(%d, &P, 1); (*(uint64_t *)(shm + %ld))++; semop(%d, &V, 1); }",
			n, semid, off, semid);
		for (long i = 0; i < n; i++) {
			if (!lock_op(semid, -1))
				return 1;
			*counter = *counter + 1;
			if (!lock_op(semid, +1))
				return 1;
		}
		/* 2N calls are too many to trace or to note one by one: the last V is
		 * noted, so that a lesson's 'call pN semop returned 0' (and its recap)
		 * sees that the loop took the lock. */
		w_call("semop", 0, 0);
	}
	w_say("  the counter went from %" PRIu64 " to %" PRIu64 " during this process's %ld increments", before,
	      (uint64_t)*counter, n);
	return 0;
}

static bool w_stat(int id, struct shmid_ds *ds)
{
	char call[64];
	snprintf(call, sizeof call, "shmctl(%d, IPC_STAT, &ds)", id);
	if (shmctl(id, IPC_STAT, ds) < 0) {
		w_fail(call, errno);
		return false;
	}
	w_return(call, 0, "0");
	return true;
}

static int w_shm_stat(const struct wmsg *req)
{
	struct shmid_ds ds;
	if (!w_stat((int)req_long(req, 1), &ds))
		return 1;
	char t1[40], t2[40], t3[40];
	sysv_w_mask_times(3, sysv_time_text(ds.shm_atime, t1, sizeof t1), sysv_time_text(ds.shm_dtime, t2, sizeof t2),
			  sysv_time_text(ds.shm_ctime, t3, sizeof t3));
	struct buf perm = { 0 };
	sysv_perm_text(ds.shm_perm.uid, ds.shm_perm.mode, &perm);
	w_say("  shm_segsz %zu (bytes), shm_nattch %lu (attachments)%s", (size_t)ds.shm_segsz,
	      (unsigned long)ds.shm_nattch, ds.shm_perm.mode & SHM_DEST ? "; removed: it goes with the last detach (dest)" : "");
	w_say("  shm_cpid %d (the creator), shm_lpid %d (the last to attach or detach)", (int)ds.shm_cpid,
	      (int)ds.shm_lpid);
	w_say("  shm_atime %s, shm_dtime %s", t1, t2);
	w_say("  shm_ctime %s; shm_perm: %s", t3, perm.data);
	buf_free(&perm);
	return 0;
}

static int w_shm_rm(const struct wmsg *req)
{
	int id = (int)req_long(req, 1);
	char call[64];
	snprintf(call, sizeof call, "shmctl(%d, IPC_RMID, NULL)", id);
	if (shmctl(id, IPC_RMID, NULL) < 0) {
		w_fail(call, errno);
		return 1;
	}
	w_return(call, 0, "0");
	long left = nattch_of(id);
	if (left > 0)
		w_say("  %ld attachment%s remain%s: it stays, marked dest, with key 0 (IPC_PRIVATE), "
		      "until the last detach (or the end of the last process that has it)", left, left == 1 ? "" : "s",
		      left == 1 ? "s" : "");
	else
		w_say("  nothing had it attached: it is gone");
	return 0;
}

enum { OP_NEW, OP_ATTACH, OP_DETACH, OP_WRITE, OP_READ, OP_INCR, OP_STAT, OP_RM };
static const struct worker_op shm_ops[] = {
	[OP_NEW] = { "shm.new", w_shm_new, .keeps_fds = true },
	[OP_ATTACH] = { "shm.attach", w_shm_attach, .keeps_fds = true },
	[OP_DETACH] = { "shm.detach", w_shm_detach, .keeps_fds = true },
	[OP_WRITE] = { "shm.write", w_shm_write, .keeps_fds = true },
	[OP_READ] = { "shm.read", w_shm_read, .keeps_fds = true },
	[OP_INCR] = { "shm.incr", w_shm_incr, .keeps_fds = true },
	[OP_STAT] = { "shm.stat", w_shm_stat, .keeps_fds = true },
	[OP_RM] = { "shm.rm", w_shm_rm, .keeps_fds = true },
};

/* ---- controller side ---- */

static int shm_new(struct cmd_ctx *c)
{
	struct sysv_new s;
	if (!sysv_parse_new(c, "SIZE", &s))
		return CMD_FAIL;
	if (s.count < 0) {
		cmd_usage_error(c, "a new segment needs its SIZE in bytes (shm new 1024)");
		return CMD_FAIL;
	}
	struct wbuild w;
	proc_request_start(&w, &shm_ops[OP_NEW]);
	sysv_put_new(&w, &s, OBJ_SHM);
	return cmd_request(c, &w, NULL, NULL);
}

static int shm_attach(struct cmd_ctx *c)
{
	int e = 0;
	if (c->argc && !arg_enum(c, 0, "rdonly", &e))
		return CMD_FAIL;
	return sysv_send_id(c, &shm_ops[OP_ATTACH], c->argc > 0, NULL);
}

static int shm_detach(struct cmd_ctx *c)
{
	return sysv_send_id(c, &shm_ops[OP_DETACH], 0, NULL);
}

static bool arg_offset(struct cmd_ctx *c, int i, long *off)
{
	return arg_int(c, i, "offset", 0, INT_MAX, off);
}

static int shm_write(struct cmd_ctx *c)
{
	long off = 0;
	if (c->argc == 2 && !arg_offset(c, 0, &off))
		return CMD_FAIL;
	const struct word *text = &c->argv[c->argc - 1];
	struct wbuild w;
	proc_request_start(&w, &shm_ops[OP_WRITE]);
	wb_long(&w, c->obj->id);
	wb_long(&w, off);
	wb_bytes(&w, text->s, text->len);
	return cmd_request(c, &w, NULL, NULL);
}

static int shm_read(struct cmd_ctx *c)
{
	long off = 0, len = READ_STRING;
	if (c->argc > 0 && !arg_offset(c, 0, &off))
		return CMD_FAIL;
	if (c->argc > 1 && strcmp(c->argv[1].s, "u64") == 0)
		len = READ_U64;
	else if (c->argc > 1 && !arg_int(c, 1, "length", 1, 1 << 20, &len))
		return CMD_FAIL;
	struct wbuild w;
	proc_request_start(&w, &shm_ops[OP_READ]);
	wb_long(&w, c->obj->id);
	wb_long(&w, off);
	wb_long(&w, len);
	return cmd_request(c, &w, NULL, NULL);
}

/* shm incr [OFF] N [lock SEMREF] */
static int shm_incr(struct cmd_ctx *c)
{
	long off = 0, n;
	int argc = c->argc, semid = -1;
	if (argc >= 2 && strcmp(c->argv[argc - 2].s, "lock") == 0) {
		int num = 0;
		const char *ref = c->argv[argc - 1].s;
		struct object *sem = obj_parse_ref(ref, &num) == OBJ_SEM ? obj_find(OBJ_SEM, num) : NULL;
		if (!sem || sem->gone) {
			cmd_usage_error(c, "'lock' takes a semaphore set of the session (sem1), not '%s'", ref);
			return CMD_FAIL;
		}
		semid = sem->id;
		argc -= 2;
	}
	if (argc < 1 || argc > 2) {
		cmd_usage_error(c, argc < 1 ? "how many increments?" : "unexpected '%s'", c->argv[argc > 2 ? 2 : 0].s);
		return CMD_FAIL;
	}
	if ((argc == 2 && !arg_offset(c, 0, &off)) || !arg_int(c, argc - 1, "increment count", 1, 1000000000L, &n))
		return CMD_FAIL;
	if (off % 8) {
		cmd_usage_error(c, "the counter is a uint64_t: its offset must be a multiple of 8, not %ld", off);
		return CMD_FAIL;
	}
	struct wbuild w;
	proc_request_start(&w, &shm_ops[OP_INCR]);
	wb_long(&w, c->obj->id);
	wb_long(&w, off);
	wb_long(&w, n);
	wb_long(&w, semid);
	return cmd_request(c, &w, NULL, NULL);
}

static int shm_stat(struct cmd_ctx *c)
{
	return sysv_send_id(c, &shm_ops[OP_STAT], 0, NULL);
}

/* What the removal did (gone, or dest while attached) is read from the
 * kernel at the next look (segment_stat), as for a removal from outside. */
static int shm_rm(struct cmd_ctx *c)
{
	return sysv_send_id(c, &shm_ops[OP_RM], 0, NULL);
}

/* ---- the segment as an object of the session ---- */

static bool segment_stat(struct object *o, struct shmid_ds *ds)
{
	if (o->gone)
		return false;
	if (shmctl(o->id, IPC_STAT, ds) < 0)
		return sysv_same(o, -1);
	/* Removed while still attached ('shm rm', or a program's IPC_RMID): the
	 * kernel has made its key IPC_PRIVATE and marked it dest, but it is the
	 * same segment until the last detach. */
	if ((ds->shm_perm.mode & SHM_DEST) && ds->shm_perm.__key == IPC_PRIVATE)
		o->key = IPC_PRIVATE;
	return sysv_same(o, ds->shm_perm.__key);
}

static bool shm_alive(struct object *o)
{
	struct shmid_ds ds;
	return segment_stat(o, &ds);
}

/* "p1, p2": the processes of the session that have O attached. */
static int attached_procs(const struct object *o, struct buf *b)
{
	int n = 0;
	for (int i = 1; i <= proc_count(); i++) {
		struct proc *p = proc_get(i);
		if (p && !p->dead && procfs_shm_attached(p->pid, o->id, NULL) > 0)
			buf_printf(b, "%sp%d", n++ ? ", " : "", p->num);
	}
	return n;
}

static void shm_describe(struct object *o, struct buf *identity, struct buf *holders)
{
	struct shmid_ds ds;
	bool alive = segment_stat(o, &ds);	/* first: it may learn that the key is IPC_PRIVATE now */
	sysv_identity(o, identity);
	if (!alive) {
		buf_addstr(holders, "(gone: removed)");
		return;
	}
	struct buf who = { 0 };
	int mine = attached_procs(o, &who);
	buf_printf(holders, "%zu bytes, nattch %lu", (size_t)ds.shm_segsz, (unsigned long)ds.shm_nattch);
	if (mine)
		buf_printf(holders, ": %s", who.data);
	if ((unsigned long)mine < (unsigned long)ds.shm_nattch)
		buf_printf(holders, "%s%lu outside the session", mine ? " and " : ": ",
			   (unsigned long)ds.shm_nattch - (unsigned long)mine);
	if (ds.shm_perm.mode & SHM_DEST)
		buf_addstr(holders, "; dest (removed, gone at the last detach)");
	buf_free(&who);
}

/* nattch N, size N, dest 0|1 */
static bool shm_attr(struct object *o, const char *name, const long *want, int nwant, struct buf *why)
{
	struct shmid_ds ds;
	if (nwant != 1) {
		buf_printf(why, "'%s' takes one number", name);
		return false;
	}
	if (!segment_stat(o, &ds)) {
		buf_printf(why, "%s is gone", o->handle);
		return false;
	}
	if (strcmp(name, "dest") == 0) {	/* removed (IPC_RMID), and still attached */
		long dest = (ds.shm_perm.mode & SHM_DEST) != 0;
		if (want[0] != 0 && want[0] != 1)
			buf_printf(why, "'dest' is 1 (removed, still attached) or 0 (not removed), not %ld", want[0]);
		else if (dest != want[0])
			buf_printf(why, dest ? "%s is removed already (dest): it goes at the last detach"
					     : "%s is not removed (not dest)", o->handle);
		return dest == want[0];
	}
	bool nattch = strcmp(name, "nattch") == 0;
	long have = nattch ? (long)ds.shm_nattch : (long)ds.shm_segsz;
	if (have != want[0])
		buf_printf(why, nattch ? "%s has %ld attachments, not %ld" : "%s has %ld bytes, not %ld", o->handle, have,
			   want[0]);
	return have == want[0];
}

static void shm_destroy(struct object *o)
{
	struct shmid_ds ds;
	if (segment_stat(o, &ds))
		shmctl(o->id, IPC_RMID, NULL);
}

static const struct obj_ops shm_kinds[] = {
	{
		.kind = OBJ_SHM,
		.decode = sysv_decode,
		.same = sysv_same_object,
		.alive = shm_alive,
		.describe = shm_describe,
		.attrs = "nattch size dest",
		.attr = shm_attr,
		.destroy = shm_destroy,
		.record = sysv_record,
		.still_same = sysv_still_same,
	},
};

static const struct cmd_entry shm_cmds[] = {
	{
		.noun = "shm", .verb = "new",
		.args = "[KEY|private|ftok PATH ID] SIZE [MODE] [excl]", .min = 1, .max = 6,
		.flags = CMD_IN_PROC,
		.summary = "make (or find) a System V shared memory segment of SIZE bytes",
		.calls = "key_t key = ftok(path, id); int shmid = shmget(key, size, IPC_CREAT | 0600);",
		.man = "ftok(3), shmget(2), sysvipc(7)",
		.example = "shm new 1024",
		.complete = "-",
		.run = shm_new,
	},
	{
		.noun = "shm", .verb = "attach",
		.aliases = "at",
		.args = "[REF] [rdonly]", .max = 1,
		.ref = OBJ_SHM,
		.flags = CMD_IN_PROC,
		.summary = "map the segment into this process (shm_nattch goes up; a forked child inherits it)",
		.calls = "char *shm = shmat(shmid, NULL, 0);",
		.man = "shmat(2)",
		.example = "shm attach",
		.complete = "-",
		.run = shm_attach,
	},
	{
		.noun = "shm", .verb = "write",
		.args = "[REF] [OFF] TEXT", .min = 1, .max = 2,
		.ref = OBJ_SHM,
		.flags = CMD_IN_PROC,
		.summary = "copy TEXT and a final NUL into the attached segment at offset OFF (default 0)",
		.calls = "memcpy(shm + off, text, strlen(text) + 1);",
		.man = "shmat(2)",
		.example = "shm attach; shm write hello",
		.complete = "-",
		.run = shm_write,
	},
	{
		.noun = "shm", .verb = "read",
		.args = "[REF] [OFF] [LEN|u64]", .max = 2,
		.ref = OBJ_SHM,
		.flags = CMD_IN_PROC | CMD_LOOKS,
		.summary = "show the string at OFF (as printf(\"%s\") would), LEN bytes (in hex when not text), or a uint64_t",
		.calls = "printf(\"%s\\n\", shm + off);",
		.man = "shmat(2)",
		.example = "shm attach; shm read",
		.complete = "-",
		.run = shm_read,
	},
	{
		.noun = "shm", .verb = "incr",
		.args = "[REF] [OFF] N [lock SEMREF]", .min = 1, .max = 4,
		.ref = OBJ_SHM,
		.flags = CMD_IN_PROC,
		.summary = "add 1 to the uint64_t at OFF, N times (with lock sem1: each inside P and V)",
		.calls = "for (i = 0; i < n; i++) (*(uint64_t *)(shm + off))++;",
		.man = "shmat(2), semop(2)",
		.example = "shm attach; shm incr 1000",
		.complete = "-",
		.run = shm_incr,
	},
	{
		.noun = "shm", .verb = "detach",
		.aliases = "dt",
		.args = "[REF]",
		.ref = OBJ_SHM,
		.flags = CMD_IN_PROC,
		.summary = "unmap the segment from this process (shm_nattch goes down)",
		.calls = "shmdt(shm);",
		.man = "shmdt(2)",
		.example = "shm attach; shm detach",
		.run = shm_detach,
	},
	{
		.noun = "shm", .verb = "stat",
		.args = "[REF]",
		.ref = OBJ_SHM,
		.flags = CMD_IN_PROC | CMD_LOOKS,
		.summary = "show the segment's shmid_ds: size, attachments, creator and last pid, times, owner and mode",
		.calls = "struct shmid_ds ds; shmctl(shmid, IPC_STAT, &ds);",
		.man = "shmctl(2)",
		.example = "shm stat",
		.run = shm_stat,
	},
	{
		.noun = "shm", .verb = "rm",
		.args = "[REF]",
		.ref = OBJ_SHM,
		.flags = CMD_IN_PROC,
		.summary = "remove the segment: at once if nothing has it attached, else at the last detach (dest)",
		.calls = "shmctl(shmid, IPC_RMID, NULL);",
		.man = "shmctl(2)",
		.example = "shm rm",
		.run = shm_rm,
	},
};

const struct family family_shm = {
	.name = "shm",
	.summary = "System V shared memory: one segment of memory, mapped into several processes",
	.rank = 46,
	.cmds = shm_cmds,
	.ncmds = COUNT(shm_cmds),
	.ops = shm_ops,
	.nops = COUNT(shm_ops),
	.kinds = shm_kinds,
	.nkinds = COUNT(shm_kinds),
};
