/* msg.c - the msg family: System V message queues.
 *
 * Workers make the calls (msgget, msgsnd, msgrcv, msgctl).  The controller
 * reads a queue as ipcs does, with msgctl IPC_STAT, and looks at the queued
 * messages without taking them with msgrcv MSG_COPY: that is how it says why
 * a receiver waits, what 'objects' shows, and what lesson checks ask. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/syscall.h>

#include "cmd.h"
#include "objtab.h"
#include "out.h"
#include "proc.h"
#include "sysv.h"
#include "trace.h"
#include "worker.h"

#ifndef MSG_COPY
#define MSG_COPY 040000
#endif


/* A message as msgsnd and msgrcv take it. */
/* "{mtype=3, mtext="hello"}": the text without the NUL ipcsh sends after it. */
static const char *recv_flags_text(int flags, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%s%s", flags & IPC_NOWAIT ? "IPC_NOWAIT | " : "",
		 flags & MSG_NOERROR ? "MSG_NOERROR | " : "", flags & MSG_EXCEPT ? "MSG_EXCEPT | " : "",
		 flags & MSG_COPY ? "MSG_COPY | " : "");
	size_t n = strlen(buf);
	if (n >= 3)
		buf[n - 3] = '\0';
	else
		snprintf(buf, size, "0");
	return buf;
}

/* ---- why a call blocks (the controller, from live state) ---- */

static struct object *queue_of(int id)
{
	for (struct object *o = obj_first(); o; o = o->next)
		if (o->kind == OBJ_MSG && o->id == id && !o->gone)
			return o;
	return NULL;
}

static void queue_name(int id, struct buf *b)
{
	struct object *o = queue_of(id);
	if (o)
		buf_addstr(b, o->handle);
	else
		buf_printf(b, "the queue (id %d)", id);
}

/* The types of the messages queued, oldest first ("1, 1 and 2"), looked at
 * with MSG_COPY (nothing is taken); false when this kernel has no MSG_COPY. */
static bool queued_types(int id, unsigned long qnum, struct buf *b)
{
	static struct sysv_message m;
	unsigned long shown = qnum < 12 ? qnum : 12;
	for (unsigned long i = 0; i < shown; i++) {
		if (msgrcv(id, &m, sizeof m.mtext, (long)i, MSG_COPY | IPC_NOWAIT | MSG_NOERROR) < 0)
			return false;
		buf_printf(b, "%s%ld", i == 0 ? "" : i + 1 == shown && shown == qnum ? " and " : ", ", m.mtype);
	}
	if (shown < qnum)
		buf_printf(b, " and %lu more", qnum - shown);
	return true;
}

static void explain_recv(struct proc *p, struct buf *b)
{
	struct msqid_ds ds;
	int id = p->block_fd;
	long type = p->block_arg;
	/* (a program's own msgrcv has no call text: its MSG_EXCEPT goes unsaid) */
	bool except = p->state != PS_EXECED && p->call_text && strstr(p->call_text, "MSG_EXCEPT");
	if (msgctl(id, IPC_STAT, &ds) < 0) {
		buf_addstr(b, "it waits for a message on a queue that ipcsh cannot read any more");
		return;
	}
	if (type == 0)
		buf_addstr(b, "it waits for any message: ");
	else if (except)
		buf_printf(b, "it waits for a message of a type other than %ld: ", type);
	else if (type > 0)
		buf_printf(b, "it waits for a message of type %ld: ", type);
	else
		buf_printf(b, "it waits for a message of type %ld or less: ", -type);
	queue_name(id, b);
	if (ds.msg_qnum == 0) {
		buf_addstr(b, " is empty");
		return;
	}
	struct buf types = { 0 };
	if (queued_types(id, ds.msg_qnum, &types))
		buf_printf(b, " holds type%s %s only", ds.msg_qnum == 1 ? "" : "s", types.data);
	else
		buf_printf(b, " holds %lu message%s, none of that type", (unsigned long)ds.msg_qnum,
			   ds.msg_qnum == 1 ? "" : "s");
	buf_free(&types);
}

static void explain_send(struct proc *p, struct buf *b)
{
	struct msqid_ds ds;
	if (msgctl(p->block_fd, IPC_STAT, &ds) < 0) {
		buf_addstr(b, "it waits for room on a queue that ipcsh cannot read any more");
		return;
	}
	queue_name(p->block_fd, b);
	buf_printf(b, " is full: it holds %lu of its %lu bytes (msg_qbytes) in %lu message%s; the send waits "
		   "until a process receives one", (unsigned long)ds.msg_cbytes, (unsigned long)ds.msg_qbytes,
		   (unsigned long)ds.msg_qnum, ds.msg_qnum == 1 ? "" : "s");
}

enum { BLOCK_RECV, BLOCK_SEND };
static const struct block_kind msg_blocks[] = {
	[BLOCK_RECV] = { "a msgrcv on a queue with no message it wants", explain_recv, .sysnr = SYS_msgrcv, .arg = 3 },
	[BLOCK_SEND] = { "a msgsnd on a full queue", explain_send, .sysnr = SYS_msgsnd },
};

/* ---- worker side ---- */

static int w_msg_new(const struct wmsg *req)
{
	key_t key;
	int flags;
	long count;
	if (!sysv_w_key(req, 1, &key, &flags, &count))
		return 1;
	char call[96], ktext[24], ftext[48];
	snprintf(call, sizeof call, "msgget(%s, %s)", sysv_key_text(key, ktext, sizeof ktext),
		 sysv_flags_text(flags, ftext, sizeof ftext));
	int id = msgget(key, flags);
	if (id < 0) {
		int err = errno;
		w_fail(call, err);
		if (err == EEXIST)
			w_say("  a queue with key %s exists already, and IPC_EXCL asks for a new one", ktext);
		else if (err == EACCES)
			w_say("  a queue with key %s exists, and its mode does not let this process use it", ktext);
		return 1;
	}
	sysv_w_report("msg", id, key, call);
	w_return(call, id, "%d", id);
	return 0;
}

static int w_msg_send(const struct wmsg *req)
{
	static struct sysv_message m;
	int id = (int)req_long(req, 1);
	long type = req_long(req, 2);
	size_t len = req_len(req, 3);
	int flags = req_long(req, 4) ? IPC_NOWAIT : 0;
	if (len >= sizeof m.mtext) {
		w_error("cannot send %zu bytes: ipcsh sends at most %zu", len, sizeof m.mtext - 1);
		return 1;
	}
	m.mtype = type;
	memcpy(m.mtext, req_str(req, 3), len);
	m.mtext[len] = '\0';
	struct buf call = { 0 };
	buf_printf(&call, "msgsnd(%d, ", id);
	sysv_message_text(&call, &m, len + 1);
	buf_printf(&call, ", %zu, %s)", len + 1, flags ? "IPC_NOWAIT" : "0");
	w_calling_with(SYS_msgsnd, call.data, &msg_blocks[BLOCK_SEND], id, type);
	int r = msgsnd(id, &m, len + 1, flags);
	int err = errno;
	w_called();
	if (r < 0) {
		w_fail(call.data, err);
		if (err == EINVAL && type < 1)
			w_say("  a message's type (mtype) must be greater than 0");
		else if (err == EAGAIN)
			w_say("  the queue is full, and IPC_NOWAIT says not to wait for room");
		else if (err == EIDRM)
			w_say("  the queue was removed while this process waited to send");
		else if (err == EINVAL)
			w_say("  there is no queue with id %d any more", id);
	} else {
		w_return(call.data, 0, "0");
		w_plain("  sent a message of type %ld (%zu bytes with its final NUL)", type, len + 1);
	}
	buf_free(&call);
	return r < 0;
}

static void say_recv_error(int err, long type, int flags)
{
	if (err == ENOMSG)
		w_say("  no message of the type asked for, and IPC_NOWAIT says not to wait");
	else if (err == EIDRM)
		w_say("  the queue was removed while this process waited (msgctl IPC_RMID)");
	else if (err == E2BIG)
		w_say("  the message is longer than the buffer; MSG_NOERROR ('noerror') would cut it instead");
	else if (err == EINVAL)
		w_say("  there is no such queue any more");
}

static int w_msg_recv(const struct wmsg *req)
{
	static struct sysv_message m;
	int id = (int)req_long(req, 1);
	long type = req_long(req, 2);
	int flags = (int)req_long(req, 3);
	char call[128], ftext[64];
	snprintf(call, sizeof call, "msgrcv(%d, &msg, %zu, %ld, %s)", id, sizeof m.mtext, type,
		 recv_flags_text(flags, ftext, sizeof ftext));
	w_calling_with(SYS_msgrcv, call, &msg_blocks[BLOCK_RECV], id, type);
	ssize_t n = msgrcv(id, &m, sizeof m.mtext, type, flags);
	int err = errno;
	w_called();
	if (n < 0) {
		w_fail(call, err);
		say_recv_error(err, type, flags);
		return 1;
	}
	struct buf got = { 0 };
	sysv_message_text(&got, &m, (size_t)n);
	w_return(call, n, "%zd -> %s", n, got.data);
	w_plain("  received a message of type %ld: %s", m.mtype, got.data);
	buf_free(&got);
	return 0;
}

static int w_msg_peek(const struct wmsg *req)
{
	return sysv_w_peek((int)req_long(req, 1), (unsigned long)req_long(req, 2));
}

static int w_msg_stat(const struct wmsg *req)
{
	struct msqid_ds ds;
	if (!sysv_w_msg_stat((int)req_long(req, 1), &ds))
		return 1;
	char t1[40], t2[40], t3[40];
	struct buf perm = { 0 };
	sysv_w_mask_times(3, sysv_time_text(ds.msg_stime, t1, sizeof t1), sysv_time_text(ds.msg_rtime, t2, sizeof t2),
			  sysv_time_text(ds.msg_ctime, t3, sizeof t3));
	sysv_perm_text(ds.msg_perm.uid, ds.msg_perm.mode, &perm);
	w_say("  msg_qnum %lu (messages queued), msg_cbytes %lu (bytes queued), msg_qbytes %lu (the most it holds)",
	      (unsigned long)ds.msg_qnum, (unsigned long)ds.msg_cbytes, (unsigned long)ds.msg_qbytes);
	w_say("  msg_lspid %d (the last to send), msg_lrpid %d (the last to receive)", (int)ds.msg_lspid,
	      (int)ds.msg_lrpid);
	w_say("  msg_stime %s, msg_rtime %s", t1, t2);
	w_say("  msg_ctime %s; msg_perm: %s", t3, perm.data);
	buf_free(&perm);
	return 0;
}

/* msg set: 0 qbytes N, 1 mode M */
static int w_msg_set(const struct wmsg *req)
{
	int id = (int)req_long(req, 1), what = (int)req_long(req, 2);
	long value = req_long(req, 3);
	struct msqid_ds ds;
	if (!sysv_w_msg_stat(id, &ds))
		return 1;
	char call[96];
	if (what == 0) {
		ds.msg_qbytes = (unsigned long)value;
		snprintf(call, sizeof call, "msgctl(%d, IPC_SET, &ds) /* ds.msg_qbytes = %ld */", id, value);
	} else {
		ds.msg_perm.mode = (ds.msg_perm.mode & ~0777u) | (unsigned)value;
		snprintf(call, sizeof call, "msgctl(%d, IPC_SET, &ds) /* ds.msg_perm.mode = 0%lo */", id, value);
	}
	if (msgctl(id, IPC_SET, &ds) < 0) {
		int err = errno;
		w_fail(call, err);
		if (err == EPERM && what == 0)
			w_say("  raising msg_qbytes above msgmnb (/proc/sys/kernel/msgmnb) needs CAP_SYS_RESOURCE");
		return 1;
	}
	w_return(call, 0, "0");
	return 0;
}

static int w_msg_rm(const struct wmsg *req)
{
	int id = (int)req_long(req, 1);
	char call[64];
	snprintf(call, sizeof call, "msgctl(%d, IPC_RMID, NULL)", id);
	if (msgctl(id, IPC_RMID, NULL) < 0) {
		w_fail(call, errno);
		return 1;
	}
	w_return(call, 0, "0");
	w_say("  the queue is gone at once, with its messages; a process waiting on it gets EIDRM");
	return 0;
}

enum { OP_NEW, OP_SEND, OP_RECV, OP_PEEK, OP_STAT, OP_SET, OP_RM };
static const struct worker_op msg_ops[] = {
	[OP_NEW] = { "msg.new", w_msg_new, .keeps_fds = true },
	[OP_SEND] = { "msg.send", w_msg_send, .keeps_fds = true },
	[OP_RECV] = { "msg.recv", w_msg_recv, .keeps_fds = true },
	[OP_PEEK] = { "msg.peek", w_msg_peek, .keeps_fds = true },
	[OP_STAT] = { "msg.stat", w_msg_stat, .keeps_fds = true },
	[OP_SET] = { "msg.set", w_msg_set, .keeps_fds = true },
	[OP_RM] = { "msg.rm", w_msg_rm, .keeps_fds = true },
};

/* ---- controller side ---- */

static int msg_new(struct cmd_ctx *c)
{
	struct sysv_new s;
	if (!sysv_parse_new(c, NULL, &s))
		return CMD_FAIL;
	struct wbuild w;
	proc_request_start(&w, &msg_ops[OP_NEW]);
	sysv_put_new(&w, &s, OBJ_MSG);
	return cmd_request(c, &w, NULL, NULL);
}

/* A message type, argument I: any long (msgsnd refuses one below 1 itself). */
static bool arg_type(struct cmd_ctx *c, int i, long *type)
{
	char *end;
	errno = 0;
	*type = strtol(c->argv[i].s, &end, 10);
	if (!c->argv[i].s[0] || *end || errno || *type == LONG_MIN) {
		cmd_usage_error(c, "a message type is a whole number (1 or more to send), not '%s'", c->argv[i].s);
		return false;
	}
	return true;
}

/* The words from FROM on are flag words of CHOICES ("nowait|noerror|except"),
 * whose BITS go into FLAGS, and at most one number, into *NUMBER when NUMBER
 * is not NULL.  False after a usage error. */
static bool flag_words(struct cmd_ctx *c, int from, const char *choices, const int *bits, int *flags, long *number)
{
	bool numbered = false;
	for (int i = from; i < c->argc; i++) {
		int e;
		const char *w = c->argv[i].s;
		if (number && w[0] && strchr("-0123456789", w[0])) {
			if (numbered) {
				cmd_usage_error(c, "one message type only: '%s' is a second", w);
				return false;
			}
			if (!arg_type(c, i, number))
				return false;
			numbered = true;
		} else if (!arg_enum(c, i, choices, &e)) {
			return false;
		} else {
			*flags |= bits[e];
		}
	}
	return true;
}

static int msg_send(struct cmd_ctx *c)
{
	long type;
	int flags = 0;
	static const int bits[] = { IPC_NOWAIT };
	if (!arg_type(c, 0, &type) || !flag_words(c, 2, "nowait", bits, &flags, NULL))
		return CMD_FAIL;
	struct wbuild w;
	proc_request_start(&w, &msg_ops[OP_SEND]);
	wb_long(&w, c->obj->id);
	wb_long(&w, type);
	wb_bytes(&w, c->argv[1].s, c->argv[1].len);
	wb_long(&w, flags != 0);
	return cmd_request(c, &w, NULL, NULL);
}

static int msg_recv(struct cmd_ctx *c)
{
	long type = 0;
	int flags = 0;
	static const int bits[] = { IPC_NOWAIT, MSG_NOERROR, MSG_EXCEPT };
	if (!flag_words(c, 0, "nowait|noerror|except", bits, &flags, &type))
		return CMD_FAIL;
	struct wbuild w;
	proc_request_start(&w, &msg_ops[OP_RECV]);
	wb_long(&w, c->obj->id);
	wb_long(&w, type);
	wb_long(&w, flags);
	return cmd_request(c, &w, NULL, NULL);
}

static int msg_peek(struct cmd_ctx *c)
{
	long most = 100;
	if (c->argc && !arg_int(c, 0, "message count", 1, 100000, &most))
		return CMD_FAIL;
	struct wbuild w;
	proc_request_start(&w, &msg_ops[OP_PEEK]);
	wb_long(&w, c->obj->id);
	wb_long(&w, most);
	return cmd_request(c, &w, NULL, NULL);
}

static int msg_stat(struct cmd_ctx *c)
{
	return sysv_send_id(c, &msg_ops[OP_STAT], 0, NULL);
}

static int msg_set(struct cmd_ctx *c)
{
	int what;
	long value;
	if (!arg_enum(c, 0, "qbytes|mode", &what))
		return CMD_FAIL;
	if (what == 0 && !arg_int(c, 1, "qbytes", 0, INT_MAX, &value))
		return CMD_FAIL;
	if (what == 1) {
		char *end;
		value = strtol(c->argv[1].s, &end, 8);
		if (*end || !c->argv[1].s[0] || value < 0 || value > 0777) {
			cmd_usage_error(c, "a mode is octal, 0 to 0777 (0600), not '%s'", c->argv[1].s);
			return CMD_FAIL;
		}
	}
	struct wbuild w;
	proc_request_start(&w, &msg_ops[OP_SET]);
	wb_long(&w, c->obj->id);
	wb_long(&w, what);
	wb_long(&w, value);
	return cmd_request(c, &w, NULL, NULL);
}

static int msg_rm(struct cmd_ctx *c)
{
	return sysv_send_id(c, &msg_ops[OP_RM], 0, sysv_removed);
}

/* ---- the queue as an object of the session ---- */

/* IPC_STAT of O's id, and whether it is still O. */
static bool queue_stat(struct object *o, struct msqid_ds *ds)
{
	if (o->gone)
		return false;
	if (msgctl(o->id, IPC_STAT, ds) < 0)
		return sysv_same(o, -1);
	return sysv_same(o, ds->msg_perm.__key);
}

static bool msg_alive(struct object *o)
{
	struct msqid_ds ds;
	return queue_stat(o, &ds);
}

static void msg_describe(struct object *o, struct buf *identity, struct buf *holders)
{
	struct msqid_ds ds;
	sysv_identity(o, identity);
	if (!queue_stat(o, &ds)) {
		buf_addstr(holders, "(gone: removed)");
		return;
	}
	buf_printf(holders, "%lu message%s, %lu bytes", (unsigned long)ds.msg_qnum, ds.msg_qnum == 1 ? "" : "s",
		   (unsigned long)ds.msg_cbytes);
	sysv_waiters(o, msg_blocks, COUNT(msg_blocks), holders);
}

/* messages N, bytes N: msg_qnum and msg_cbytes. */
static bool msg_attr(struct object *o, const char *name, const long *want, int nwant, struct buf *why)
{
	struct msqid_ds ds;
	if (nwant != 1) {
		buf_printf(why, "'%s' takes one number", name);
		return false;
	}
	if (!queue_stat(o, &ds)) {
		buf_printf(why, "%s is gone", o->handle);
		return false;
	}
	bool messages = strcmp(name, "messages") == 0;
	long have = messages ? (long)ds.msg_qnum : (long)ds.msg_cbytes;
	if (have != want[0])
		buf_printf(why, "%s holds %ld %s, not %ld", o->handle, have, messages ? "messages" : "bytes", want[0]);
	return have == want[0];
}

static void msg_destroy(struct object *o)
{
	struct msqid_ds ds;
	if (queue_stat(o, &ds))
		msgctl(o->id, IPC_RMID, NULL);
}

static const struct obj_ops msg_kinds[] = {
	{
		.kind = OBJ_MSG,
		.decode = sysv_decode,
		.same = sysv_same_object,
		.alive = msg_alive,
		.describe = msg_describe,
		.attrs = "messages bytes",
		.attr = msg_attr,
		.destroy = msg_destroy,
		.record = sysv_record,
		.still_same = sysv_still_same,
	},
};

static const struct cmd_entry msg_cmds[] = {
	{
		.noun = "msg", .verb = "new",
		.args = "[KEY|private|ftok PATH ID] [MODE] [excl]", .max = 5,
		.flags = CMD_IN_PROC,
		.summary = "make (or find) a System V message queue: KEY 0x1234, private, or ftok PATH ID; MODE 0600",
		.calls = "key_t key = ftok(path, id); int msqid = msgget(key, IPC_CREAT | 0600);",
		.man = "ftok(3), msgget(2), sysvipc(7)",
		.example = "msg new private",
		.complete = "-",
		.run = msg_new,
	},
	{
		.noun = "msg", .verb = "send",
		.args = "[REF] TYPE TEXT [nowait]", .min = 2, .max = 3,
		.ref = OBJ_MSG,
		.flags = CMD_IN_PROC,
		.summary = "send TEXT (with its final NUL) as a message of TYPE (> 0); blocks while the queue is full",
		.calls = "struct { long mtype; char mtext[8192]; } msg = { type, \"text\" }; msgsnd(msqid, &msg, len + 1, 0);",
		.man = "msgsnd(2)",
		.example = "msg send 1 hello",
		.complete = "-",
		.run = msg_send,
	},
	{
		.noun = "msg", .verb = "recv",
		.aliases = "receive",
		.args = "[REF] [TYPE] [nowait] [noerror] [except]", .max = 4,
		.ref = OBJ_MSG,
		.flags = CMD_IN_PROC,
		.summary = "take a message: TYPE 0 the first, N the first of type N, -N the lowest type up to N; blocks while none",
		.calls = "ssize_t n = msgrcv(msqid, &msg, sizeof msg.mtext, type, 0);",
		.man = "msgrcv(2)",
		.example = "msg send 2 two; msg recv 2",
		.complete = "-",
		.run = msg_recv,
	},
	{
		.noun = "msg", .verb = "peek",
		.args = "[REF] [COUNT]", .max = 1,
		.ref = OBJ_MSG,
		.flags = CMD_IN_PROC | CMD_LOOKS,
		.summary = "show the queued messages without taking them (MSG_COPY)",
		.calls = "msgrcv(msqid, &msg, sizeof msg.mtext, n, MSG_COPY | IPC_NOWAIT);",
		.man = "msgrcv(2)",
		.example = "msg peek",
		.complete = "-",
		.run = msg_peek,
	},
	{
		.noun = "msg", .verb = "stat",
		.args = "[REF]",
		.ref = OBJ_MSG,
		.flags = CMD_IN_PROC | CMD_LOOKS,
		.summary = "show the queue's msqid_ds: messages, bytes, limit, last pids, times, owner and mode",
		.calls = "struct msqid_ds ds; msgctl(msqid, IPC_STAT, &ds);",
		.man = "msgctl(2)",
		.example = "msg stat",
		.run = msg_stat,
	},
	{
		.noun = "msg", .verb = "set",
		.args = "[REF] qbytes N|mode MODE", .min = 2, .max = 2,
		.ref = OBJ_MSG,
		.flags = CMD_IN_PROC,
		.summary = "change the queue's byte limit (msg_qbytes) or its mode",
		.calls = "msgctl(msqid, IPC_STAT, &ds); ds.msg_qbytes = n; msgctl(msqid, IPC_SET, &ds);",
		.man = "msgctl(2)",
		.example = "msg set qbytes 64",
		.complete = "-",
		.run = msg_set,
	},
	{
		.noun = "msg", .verb = "rm",
		.args = "[REF]",
		.ref = OBJ_MSG,
		.flags = CMD_IN_PROC,
		.summary = "remove the queue at once, with its messages (waiting processes get EIDRM)",
		.calls = "msgctl(msqid, IPC_RMID, NULL);",
		.man = "msgctl(2)",
		.example = "msg rm",
		.run = msg_rm,
	},
};

const struct family family_msg = {
	.name = "msg",
	.summary = "System V message queues: typed messages in a kernel queue, found by key",
	.rank = 45,
	.cmds = msg_cmds,
	.ncmds = COUNT(msg_cmds),
	.ops = msg_ops,
	.nops = COUNT(msg_ops),
	.blocks = msg_blocks,
	.nblocks = COUNT(msg_blocks),
	.kinds = msg_kinds,
	.nkinds = COUNT(msg_kinds),
};
