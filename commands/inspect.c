/* inspect.c - the inspect family: 'objects' lists what the session made;
 * 'keep' leaves an object in place at the end, 'cleanup' removes them now. */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "objtab.h"
#include "out.h"
#include "table.h"

/* An object's row: its kind says what identifies it and who holds it. */
static void object_row(struct table *t, struct object *o, const struct obj_ops *ops)
{
	char creator[16];
	struct buf ident = { 0 }, holders = { 0 };
	snprintf(creator, sizeof creator, "p%d", o->creator);
	ops->describe(o, &ident, &holders);
	table_row(t, o->handle, obj_noun(o->kind), ident.data ? ident.data : "", creator,
		  holders.data ? holders.data : "", NULL);
	buf_free(&ident);
	buf_free(&holders);
}

static int inspect_objects(struct cmd_ctx *c)
{
	struct table_opts opts;
	if (!table_parse_opts(c, &opts))
		return CMD_FAIL;
	if (c->argc) {
		cmd_usage_error(c, "unexpected argument '%s'", c->argv[0].s);
		return CMD_FAIL;
	}
	struct table *t = table_new("objects", "HANDLE", "KIND", "IDENTITY", "CREATOR", "HOLDERS", NULL);
	int rows = 0;
	for (struct object *o = obj_first(); o; o = o->next) {
		const struct obj_ops *ops = obj_ops(o->kind);
		if (ops) {
			object_row(t, o, ops);
			rows++;
		}
	}
	table_print(t, &opts);
	if (!rows && !opts.json && !opts.raw)
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

static const struct cmd_entry inspect_cmds[] = {
	{
		.noun = "objects",
		.args = "[--json|--raw]", .max = 2,
		.flags = CMD_LOOKS,
		.summary = "list the objects this session made: handle, kind, identity, creator and who holds them",
		.calls = "(reads /proc/PID/fd of every process)",
		.man = "proc(5)",
		.example = "objects",
		.complete = "-",
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
};

const struct family family_inspect = {
	.name = "inspect",
	.summary = "what the session made",
	.rank = 50,
	.cmds = inspect_cmds,
	.ncmds = COUNT(inspect_cmds),
};
