/* inspect.c - the inspect family: 'objects' lists what the session made. */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "holders.h"
#include "objtab.h"
#include "out.h"
#include "proc.h"
#include "table.h"

/* Identity and holders of a pipe, from the live /proc state. */
static void pipe_row(struct table *t, struct object *o)
{
	char ident[64], creator[16];
	struct buf r = { 0 }, w = { 0 }, holders = { 0 };
	snprintf(ident, sizeof ident, "pipe:[%lu]", o->ino);
	snprintf(creator, sizeof creator, "p%d", o->creator);
	int nr = holders_list(o->ino, 1, NULL, &r);
	int nw = holders_list(o->ino, 2, NULL, &w);
	if (nr + nw == 0)
		o->gone = true;
	if (o->gone)
		buf_addstr(&holders, "(gone: every end closed)");
	else
		buf_printf(&holders, "read: %s; write: %s", nr ? r.data : "-", nw ? w.data : "-");
	table_row(t, o->handle, "pipe", ident, creator, holders.data, NULL);
	buf_free(&r);
	buf_free(&w);
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
	for (struct object *o = obj_first(); o; o = o->next)
		if (o->kind == OBJ_PIPE) {
			pipe_row(t, o);
			rows++;
		}
	table_print(t, &opts);
	if (!rows && !opts.json && !opts.raw)
		out_text("  no objects yet: 'pipe new' makes one");
	return CMD_OK;
}

static const struct cmd_entry inspect_cmds[] = {
	{ "objects", NULL, NULL, "[--json|--raw]", 0, 2, OBJ_NONE, CMD_LOOKS,
	  "list the objects this session made: handle, kind, identity, creator and who holds them",
	  "(reads /proc/PID/fd of every process)", "proc(5)", "objects", "-", inspect_objects },
};

const struct family family_inspect = {
	"inspect", "what the session made",
	inspect_cmds, COUNT(inspect_cmds), NULL, 0,
};
