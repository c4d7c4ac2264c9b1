/* inspect.c - the inspect family: 'objects' lists what the session made;
 * 'keep' leaves an object in place at the end, 'cleanup' removes them now;
 * 'ipcs' lists the kernel's IPC objects as util-linux's ipcs does (the
 * controller reads /proc, src/ipcs.c); 'ipcrm' removes them, the worker
 * making each call (src/ipcrm.c plans what goes).  'ipcs -q -i ID
 * --messages' has the worker copy the queued messages (MSG_COPY). */
#include <errno.h>
#include <limits.h>
#include <mqueue.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

#include "cmd.h"
#include "holders.h"
#include "ipcrm.h"
#include "ipcs.h"
#include "objtab.h"
#include "out.h"
#include "settings.h"
#include "sysv.h"
#include "sysvipc.h"
#include "table.h"
#include "trace.h"
#include "worker.h"

/* ---- worker side ---- */

/* The queued messages of queue ID, copied one by one (MSG_COPY takes none). */
static int w_peek(const struct wmsg *req)
{
	return sysv_w_peek((int)req_long(req, 1), ULONG_MAX);
}

/* What the kernel's refusal means, in util-linux's words. */
static void say_refused(int err, const char *what, const char *value)
{
	if (err == EACCES || err == EPERM)
		w_error("ipcrm: permission denied for %s (%s): only its owner, its creator or root may remove it", what, value);
	else if (err == EINVAL || err == ENOENT)
		w_error("ipcrm: invalid %s (%s): there is no such object", what, value);
	else if (err == EIDRM)
		w_error("ipcrm: already removed %s (%s)", what, value);
	else
		w_error("ipcrm: %s (%s): %s", what, value, strerror(err));
}

/* What the removal does to the processes that use it. */
static void say_removed(char kind, int id)
{
	struct shmid_ds ds;
	if (kind == RM_MSG)
		w_say("  the queue is gone at once, with its messages; a process waiting on it gets EIDRM");
	else if (kind == RM_SEM)
		w_say("  the set is gone at once; a process waiting in semop gets EIDRM");
	else if (kind == RM_SHM && shmctl(id, IPC_STAT, &ds) == 0 && ds.shm_nattch > 0)
		w_say("  %lu attachment%s remain: it stays, marked dest, with key 0 (IPC_PRIVATE), until the last detach",
		      (unsigned long)ds.shm_nattch, ds.shm_nattch == 1 ? "" : "s");
	else if (kind == RM_SHM)
		w_say("  nothing had it attached: it is gone");
	else
		w_say("  the name is gone; a process that has it open keeps it until it closes it");
}

/* msgctl/shmctl/semctl IPC_RMID on ID, traced; KEY the key it was found by, or NULL. */
static int remove_id(char kind, int id, const char *key, bool verbose, bool explain)
{
	char call[64], value[24];
	const char *fn = kind == RM_MSG ? "msgctl" : kind == RM_SHM ? "shmctl" : "semctl";
	if (verbose)
		w_say("removing %s id `%d'", ipcrm_kind_name(kind), id);
	if (kind == RM_SEM)
		snprintf(call, sizeof call, "semctl(%d, 0, IPC_RMID)", id);
	else
		snprintf(call, sizeof call, "%s(%d, IPC_RMID, NULL)", fn, id);
	int r = kind == RM_MSG ? msgctl(id, IPC_RMID, NULL) : kind == RM_SHM ? shmctl(id, IPC_RMID, NULL)
								  : semctl(id, 0, IPC_RMID);
	if (r < 0) {
		int err = errno;
		w_fail(call, err);
		snprintf(value, sizeof value, "%d", id);
		say_refused(err, key ? "key" : "id", key ? key : value);
		return 1;
	}
	w_return(call, 0, "0");
	if (explain)
		say_removed(kind, id);
	return 0;
}

/* msgget/shmget/semget(KEY, 0, 0) finds the id, then it goes as by id. */
static int remove_key(char kind, long key, bool verbose, bool explain)
{
	char call[64], text[24];
	snprintf(text, sizeof text, "0x%08lx", (unsigned long)key);
	if (kind == RM_MSG)
		snprintf(call, sizeof call, "msgget(%s, 0)", text);
	else
		snprintf(call, sizeof call, "%s(%s, 0, 0)", kind == RM_SHM ? "shmget" : "semget", text);
	int id = kind == RM_MSG ? msgget((key_t)key, 0) : kind == RM_SHM ? shmget((key_t)key, 0, 0)
									 : semget((key_t)key, 0, 0);
	if (id < 0) {
		int err = errno;
		w_fail(call, err);
		say_refused(err, "key", text);
		return 1;
	}
	w_return(call, id, "%d", id);
	return remove_id(kind, id, text, verbose, explain);
}

static int remove_name(char kind, const char *name, bool verbose, bool explain)
{
	struct buf call = { 0 };
	buf_addstr(&call, kind == RM_PSHM ? "shm_unlink(" : kind == RM_PMQ ? "mq_unlink(" : "sem_unlink(");
	trace_quote(&call, name, strlen(name), 255);
	buf_addstr(&call, ")");
	if (verbose)
		w_say("removing %s `%s'", ipcrm_kind_name(kind), name);
	int r = kind == RM_PSHM ? shm_unlink(name) : kind == RM_PMQ ? mq_unlink(name) : sem_unlink(name);
	int err = errno;
	if (r < 0) {
		w_fail(call.data, err);
		if (err == ENOENT)
			w_error("ipcrm: name `%s' not found: no %s has it", name, ipcrm_kind_name(kind));
		else
			say_refused(err, "name", name);
	} else {
		w_return(call.data, 0, "0");
		if (explain)
			say_removed(kind, -1);
	}
	buf_free(&call);
	return r < 0;
}

/* Every object of KIND (owned by UID, or anyone's for -1), listed now. */
static int remove_every(char kind, long uid, bool verbose)
{
	int failed = 0;
	if (kind == RM_MSG || kind == RM_SHM || kind == RM_SEM) {
		void *rows = NULL;
		int n = kind == RM_MSG ? sysvipc_msgs((struct msg_row **)&rows)
			: kind == RM_SHM ? sysvipc_shms((struct shm_row **)&rows) : sysvipc_sems((struct sem_row **)&rows);
		size_t size = kind == RM_MSG ? sizeof(struct msg_row)
			: kind == RM_SHM ? sizeof(struct shm_row) : sizeof(struct sem_row);
		for (int i = 0; i < n; i++) {
			const struct ipc_head *h = (const void *)((const char *)rows + size * (size_t)i);
			if (uid < 0 || h->uid == (unsigned)uid)
				failed |= remove_id(kind, h->id, NULL, verbose, false);
		}
		free(rows);
		return failed;
	}
	struct posix_row *rows;
	int n = posixipc_list(kind == RM_PMQ ? POSIX_MQ : kind == RM_PSHM ? POSIX_SHM : POSIX_SEM, &rows);
	for (int i = 0; i < n; i++)
		if (uid < 0 || rows[i].uid == (unsigned)uid)
			failed |= remove_name(kind, rows[i].name, verbose, false);
	free(rows);
	return failed;
}

/* ipcrm's plan (ipcrm_encode): one removal a line; then verbose, deprecated. */
static int w_ipcrm(const struct wmsg *req)
{
	const char *items = req_str(req, 1);
	bool verbose = req_long(req, 2), deprecated = req_long(req, 3);
	int count = 0, failed = 0;
	for (const char *p = items; *p; p += strcspn(p, "\n") + (p[strcspn(p, "\n")] == '\n'))
		count++;
	for (const char *p = items; *p;) {
		size_t len = strcspn(p, "\n");
		char line[300];
		snprintf(line, sizeof line, "%.*s", (int)len, p);
		p += len + (p[len] == '\n');
		bool explain = count <= 10;
		if (line[1] == RM_ID)
			failed |= remove_id(line[0], atoi(line + 2), NULL, verbose, explain);
		else if (line[1] == RM_KEY)
			failed |= remove_key(line[0], atol(line + 2), verbose, explain);
		else if (line[1] == RM_NAME)
			failed |= remove_name(line[0], line + 2, verbose, explain);
		else
			failed |= remove_every(line[0], atol(line + 2), verbose);
	}
	if (deprecated && !failed)
		w_say("resource(s) deleted");
	return failed != 0;
}

enum { OP_PEEK, OP_IPCRM };
static const struct worker_op inspect_ops[] = {
	[OP_PEEK] = { "inspect.peek", w_peek, .keeps_fds = true },
	[OP_IPCRM] = { "inspect.ipcrm", w_ipcrm, .keeps_fds = true },
};

/* ---- controller side ---- */

enum { COL_HOLDERS = 4 };

/* An object's row: its kind says what identifies it and who holds it.  In
 * JSON, HOLDERS is an array of the processes that hold it (their fds or
 * attachments), and STATE the text the HOLDERS column shows. */
static void object_row(struct table *t, struct object *o, const struct obj_ops *ops)
{
	char creator[16];
	struct buf ident = { 0 }, holders = { 0 }, json = { 0 };
	snprintf(creator, sizeof creator, "p%d", o->creator);
	ops->describe(o, &ident, &holders);
	const char *text = holders.data ? holders.data : "";
	table_row(t, o->handle, obj_noun(o->kind), ident.data ? ident.data : "", creator, text, text, NULL);
	holders_json(o, &json);
	table_cell_json(t, COL_HOLDERS, json.data);
	buf_free(&ident);
	buf_free(&holders);
	buf_free(&json);
}

static int inspect_objects(struct cmd_ctx *c)
{
	struct table_opts opts;
	if (!table_parse_args(c, &opts, 0))
		return CMD_FAIL;
	struct table *t = table_new("objects", "HANDLE", "KIND", "IDENTITY", "CREATOR", "HOLDERS~", "STATE?", NULL);
	int rows = 0;
	for (struct object *o = obj_first(); o; o = o->next) {
		const struct obj_ops *ops = obj_ops(o->kind);
		if (ops) {
			object_row(t, o, ops);
			rows++;
		}
	}
	if (!table_print(t, &opts))
		return CMD_FAIL;
	if (!rows && !opts.json && !opts.raw && !opts.noheadings)
		out_text("  no objects yet: 'pipe new' makes one");
	return CMD_OK;
}

/* Does O outlive its processes (so that it can be kept or must be removed)? */
static bool outlives(const struct object *o)
{
	const struct obj_ops *ops = obj_ops(o->kind);
	return ops && ops->record;
}

static int inspect_keep(struct cmd_ctx *c)
{
	int num;
	const char *w = c->argv[0].s;
	enum obj_kind k = obj_parse_ref(w, &num);
	struct object *o = k != OBJ_NONE ? obj_find(k, num) : NULL;
	if (!o) {
		cmd_usage_error(c, "'%s' is not an object of this session (see 'objects')", w);
		return CMD_FAIL;
	}
	if (o->gone) {
		out_error("%s is gone already", o->handle);
		return CMD_FAIL;
	}
	if (!outlives(o)) {
		out_error("%s goes with the processes that hold it: there is nothing to keep", o->handle);
		return CMD_FAIL;
	}
	obj_keep(o);
	out_printf("  %s stays when the session ends ('ipcs' finds it; remove it with 'ipcrm')", o->handle);
	return CMD_OK;
}

static int inspect_cleanup(struct cmd_ctx *c)
{
	int removed = 0;
	for (struct object *o = obj_first(); o; o = o->next) {
		const struct obj_ops *ops = obj_ops(o->kind);
		if (o->gone || !outlives(o) || !ops->alive(o))
			continue;
		if (o->kept) {
			out_printf("  %s is kept ('keep'): left in place", o->handle);
			continue;
		}
		ops->destroy(o);
		if (ops->alive(o)) {
			out_error("%s could not be removed", o->handle);
			continue;
		}
		obj_gone(o);
		out_printf("  removed %s (%s)", o->handle, obj_kind_desc(o->kind));
		removed++;
	}
	if (!removed)
		out_text("  nothing to remove: the session has no objects that outlive their processes");
	return CMD_OK;
}

/* The command's words as an argv for getopt_long, NAME first. */
static char **words(struct cmd_ctx *c, const char *name)
{
	char **argv = xcalloc((size_t)c->argc + 2, sizeof *argv);
	argv[0] = (char *)name;
	for (int i = 0; i < c->argc; i++)
		argv[i + 1] = c->argv[i].s;
	return argv;
}

/* Can the command's process make a call now?  If not, says why. */
static bool ready(struct cmd_ctx *c)
{
	char why[512];
	if (!c->proc) {
		out_error("no process can take the command");
		return false;
	}
	if (!proc_ready(c->proc, why, sizeof why)) {
		out_error("%s", why);
		return false;
	}
	return true;
}

static int inspect_ipcs(struct cmd_ctx *c)
{
	struct ipcs_opts o;
	struct buf err = { 0 };
	char **argv = words(c, "ipcs");
	bool ok = ipcs_parse(c->argc + 1, argv, &o, &err);
	free(argv);
	if (!ok) {
		cmd_usage_error(c, "%s", err.data);
		buf_free(&err);
		return CMD_FAIL;
	}
	if (!ipcs_show(&o))
		return CMD_FAIL;
	if (!o.messages)
		return CMD_OK;
	if (!ready(c))
		return CMD_FAIL;
	struct wbuild w;
	proc_request_start(&w, &inspect_ops[OP_PEEK]);
	wb_long(&w, o.id);
	return cmd_request(c, &w, NULL, NULL);
}

/* After a removal: each session object learns at once whether it is still
 * there (its alive hook), so that 'objects' shows it gone, or dest. */
static void removed(struct proc *p, int status, void *arg)
{
	for (struct object *o = obj_first(); o; o = o->next) {
		const struct obj_ops *ops = obj_ops(o->kind);
		if (!o->gone && ops && ops->alive)
			ops->alive(o);
	}
}

/* At a terminal, -a asks first: the answer is the next line typed. */
static bool confirmed(int n)
{
	out_printf("Remove %s %d object%s? Type y and Enter to remove them; anything else keeps them.",
		   n == 1 ? "this" : "these", n, n == 1 ? "" : "s");
	out_unpage();	/* the question and what it asks about must be on the screen */
	fflush(stdout);
	char answer[64];
	ssize_t len = read(0, answer, sizeof answer - 1);
	if (len <= 0)
		return false;
	answer[len] = '\0';
	return (answer[0] == 'y' || answer[0] == 'Y') && strspn(answer + 1, "esES \t\r\n") == strlen(answer + 1);
}

static int send_plan(struct cmd_ctx *c, const struct rm_plan *p)
{
	struct buf items = { 0 };
	ipcrm_encode(p, &items, WIRE_MAX / 2);
	struct wbuild w;
	proc_request_start(&w, &inspect_ops[OP_IPCRM]);
	wb_str(&w, items.data ? items.data : "");
	wb_long(&w, p->verbose);
	wb_long(&w, p->deprecated);
	buf_free(&items);
	return cmd_request(c, &w, removed, NULL);
}

static int run_plan(struct cmd_ctx *c, struct rm_plan *p)
{
	if (p->help) {
		out_text(ipcrm_help());
		return CMD_OK;
	}
	if (!p->n) {
		out_text("  nothing to remove");
		return CMD_OK;
	}
	struct buf list = { 0 };
	ipcrm_describe(p, &list);
	bool ask = p->all && settings.interactive && !p->dry_run;
	if (p->dry_run || ask)
		out_printf("%s %d object%s:\n%s", p->dry_run ? "ipcrm would remove" : "ipcrm -a removes", p->n,
			   p->n == 1 ? "" : "s", list.data);
	buf_free(&list);
	if (p->dry_run)
		return CMD_OK;
	if (ask && !confirmed(p->n)) {
		out_text("  nothing was removed");
		return CMD_OK;
	}
	return ready(c) ? send_plan(c, p) : CMD_FAIL;
}

static int inspect_ipcrm(struct cmd_ctx *c)
{
	struct rm_plan p;
	struct buf err = { 0 };
	char **argv = words(c, "ipcrm");
	bool ok = ipcrm_parse(c->argc + 1, argv, &p, &err);
	free(argv);
	if (!ok) {
		cmd_usage_error(c, "%s", err.data);
		buf_free(&err);
		ipcrm_free(&p);
		return CMD_FAIL;
	}
	int st = run_plan(c, &p);
	ipcrm_free(&p);
	return st;
}

static const struct cmd_entry inspect_cmds[] = {
	{
		.noun = "objects",
		.args = TABLE_ARGS, .max = -1,
		.flags = CMD_LOOKS,
		.summary = "list the objects this session made: handle, kind, identity, creator and who holds them",
		.calls = "(reads /proc/PID/fd of every process)",
		.man = "proc(5)",
		.example = "objects",
		.complete = "T",
		.run = inspect_objects,
	},
	{
		.noun = "keep",
		.args = "REF", .min = 1, .max = 1,
		.summary = "leave an object in place when the session ends, instead of removing it",
		.calls = "(none: the object is not removed at exit)",
		.man = "ipcrm(1)",
		.example = "keep msg1",
		.complete = "-",
		.run = inspect_keep,
	},
	{
		.noun = "cleanup",
		.summary = "remove the session's objects now (System V ones; pipes go with their processes)",
		.calls = "msgctl(id, IPC_RMID, NULL), shmctl(id, IPC_RMID, NULL), semctl(id, 0, IPC_RMID)",
		.man = "msgctl(2), shmctl(2), semctl(2)",
		.example = "cleanup",
		.complete = "-",
		.run = inspect_cleanup,
	},
	{
		.noun = "ipcs",
		.args = "[-q|-m|-s|-Q|-M|-S|-a] [-t|-p|-c|-l|-u] [-b|--human] [-i ID|REF] [OPTION...]",
		.max = -1,
		.flags = CMD_LOOKS,
		.summary = "list the kernel's IPC objects as util-linux ipcs does, POSIX ones too; the session's marked [msg1]",
		.calls = "(reads /proc/sysvipc/msg, shm and sem, /dev/shm, /dev/mqueue and /proc/sys/kernel; "
			 "msgrcv(id, &msg, size, n, MSG_COPY | IPC_NOWAIT) for --messages)",
		.man = "ipcs(1), lsipc(1), sysvipc(7), proc(5)",
		.example = "ipcs -q",
		.complete = "T",
		.run = inspect_ipcs,
	},
	{
		.noun = "ipcrm",
		.args = "[-q|-m|-s ID|REF] [-Q|-M|-S KEY] [--posix-KIND NAME] "
			"[-a [KIND]] [OPTION...]",
		.max = -1,
		.summary = "remove IPC objects as util-linux ipcrm does, by id, key or POSIX name; -a asks first at a terminal",
		.calls = "msgctl(id, IPC_RMID, NULL); shmctl(id, IPC_RMID, NULL); semctl(id, 0, IPC_RMID); "
			 "shm_unlink(name); mq_unlink(name); sem_unlink(name);",
		.man = "ipcrm(1), msgctl(2), shmctl(2), semctl(2), shm_unlink(3), mq_unlink(3), sem_unlink(3)",
		.example = "msg new private; ipcrm -q msg1",
		.complete = "-",
		.run = inspect_ipcrm,
	},
};

const struct family family_inspect = {
	.name = "inspect",
	.summary = "what the session made, and the kernel's IPC objects (ipcs, ipcrm)",
	.rank = 50,
	.cmds = inspect_cmds,
	.ncmds = COUNT(inspect_cmds),
	.ops = inspect_ops,
	.nops = COUNT(inspect_ops),
};
