/* inspect.c - the inspect family: 'objects' lists what the session made. */
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
};

const struct family family_inspect = {
	.name = "inspect",
	.summary = "what the session made",
	.rank = 50,
	.cmds = inspect_cmds,
	.ncmds = COUNT(inspect_cmds),
};
