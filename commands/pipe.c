/* pipe.c - the pipe family: pipe new, write, read, close, info, fill.
 *
 * ipcsh finds which fd of the process is the pipe's read or write end from
 * /proc/PID/fd (pipe:[inode]) and fdinfo (the access mode), so it follows
 * forks, dup2 and closes without keeping its own copy of who holds what. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cmd.h"
#include "fdops.h"
#include "fdspec.h"
#include "holders.h"
#include "loop.h"
#include "objtab.h"
#include "out.h"
#include "proc.h"
#include "procfs.h"
#include "table.h"
#include "worker.h"

/* ---- worker side ---- */

static int w_pipe_new(const struct wmsg *req)
{
	int fds[2];
	if (pipe(fds) < 0) {
		w_fail("pipe(fds)", errno);
		return 1;
	}
	struct stat st;
	fstat(fds[0], &st);
	w_trace("pipe([%d, %d]) = 0", fds[0], fds[1]);
	w_call("pipe", 0, 0);
	struct wbuild w;
	wb_start(&w, EV_OBJECT);
	wb_str(&w, "pipe");
	wb_long(&w, fds[0]);
	wb_long(&w, fds[1]);
	wb_long(&w, (long)st.st_ino);
	w_send(&w, NULL, 0);
	return 0;
}

/* Bytes buffered and capacity, with their calls traced; false on failure. */
static bool pipe_levels(int fd, int *queued, int *cap)
{
	char call[64];
	snprintf(call, sizeof call, "ioctl(%d, FIONREAD, &n)", fd);
	if (ioctl(fd, FIONREAD, queued) < 0) {
		w_fail(call, errno);
		return false;
	}
	w_return(call, 0, "0, n = %d", *queued);
	snprintf(call, sizeof call, "fcntl(%d, F_GETPIPE_SZ)", fd);
	*cap = fcntl(fd, F_GETPIPE_SZ);
	if (*cap < 0) {
		w_fail(call, errno);
		return false;
	}
	w_return(call, *cap, "%d", *cap);
	return true;
}

static int w_pipe_info(const struct wmsg *req)
{
	int queued, cap, fd = fd_resolve(req_str(req, 1));
	if (fd < 0)
		return 1;
	if (!pipe_levels(fd, &queued, &cap))
		return 1;
	w_say("  %d of %d bytes are buffered", queued, cap);
	return 0;
}

/* Sets or clears O_NONBLOCK on FD, traced; false on failure. */
static bool set_nonblock(int fd, int flags, bool on)
{
	char call[64];
	snprintf(call, sizeof call, "fcntl(%d, F_SETFL, flags%s)", fd, on ? " | O_NONBLOCK" : "");
	if (fcntl(fd, F_SETFL, on ? flags | O_NONBLOCK : flags) < 0) {
		w_fail(call, errno);
		return false;
	}
	w_return(call, 0, "0");
	return true;
}

/* Writes up to ROOM bytes of 'x' into FD; returns what write returned (errno set). */
static ssize_t write_junk(int fd, size_t room, bool announce)
{
	char *junk = xmalloc(room), call[64];
	memset(junk, 'x', room);
	snprintf(call, sizeof call, "write(%d, \"xxxx\"..., %zu)", fd, room);
	if (announce)
		w_calling(SYS_write, call, &fd_blocks[FD_PIPE_WRITE_BLOCK], fd);
	ssize_t n = write(fd, junk, room);
	int err = errno;
	w_called();
	free(junk);
	if (n < 0 && err != EAGAIN) {
		w_fail(call, err);
	} else if (n < 0) {
		w_trace("%s = -1 EAGAIN (the pipe takes no more)", call);
		w_call(call, -1, EAGAIN);
	} else {
		w_return(call, n, "%zd", n);
	}
	errno = err;
	return n;
}

/* An empty pipe takes exactly its capacity.  One that holds bytes may take
 * less than capacity minus those bytes: the kernel keeps a pipe in pages, and
 * a partly read page is not filled up again.  So that the fill itself never
 * blocks, it then writes with O_NONBLOCK: as much as fits, and no more. */
static int w_pipe_fill(const struct wmsg *req)
{
	int fd = fd_resolve(req_str(req, 1)), queued, cap;
	if (fd < 0 || !pipe_levels(fd, &queued, &cap))
		return 1;
	size_t room = (size_t)(cap - queued);
	if (room == 0) {
		w_say("  the pipe is full already: the next write blocks");
		return 0;
	}
	if (queued == 0) {
		ssize_t n = write_junk(fd, room, true);
		if (n >= 0)
			w_say("  the pipe holds %d bytes now, its whole capacity: the next write blocks", (int)n);
		return n < 0;
	}
	int flags = fcntl(fd, F_GETFL);
	if (flags < 0 || !set_nonblock(fd, flags, true))
		return 1;
	ssize_t n = write_junk(fd, room, false);
	int err = errno;
	if (!set_nonblock(fd, flags, false) || (n < 0 && err != EAGAIN))
		return 1;
	int now = queued + (n > 0 ? (int)n : 0);
	w_say("  the pipe holds %d bytes now and takes no more (%s): the next write blocks", now,
	      now < cap ? "a pipe is kept in pages, and the one a read has begun is not filled up again"
			: "its whole capacity");
	return 0;
}

/* A silent query for lessons: the bytes buffered, as EV_VALUE. */
static int w_pipe_level(const struct wmsg *req)
{
	int queued, fd = fd_resolve(req_str(req, 1));
	if (fd < 0 || ioctl(fd, FIONREAD, &queued) < 0)
		return 1;
	struct wbuild w;
	wb_start(&w, EV_VALUE);
	wb_long(&w, queued);
	w_send(&w, NULL, 0);
	return 0;
}

enum { OP_NEW, OP_INFO, OP_FILL, OP_LEVEL };
static const struct worker_op pipe_ops[] = {
	[OP_NEW] = { "pipe.new", w_pipe_new },
	[OP_INFO] = { "pipe.info", w_pipe_info, .keeps_fds = true },
	[OP_FILL] = { "pipe.fill", w_pipe_fill, .keeps_fds = true },
	[OP_LEVEL] = { "pipe.level", w_pipe_level, .keeps_fds = true },
};

/* ---- controller side ---- */

static int send_end(struct cmd_ctx *c, const struct worker_op *op, int accmode)
{
	char spec[64];
	fd_spec_obj(spec, sizeof spec, c->obj, accmode);
	return cmd_send(c, op, spec, NULL);
}

static int pipe_new(struct cmd_ctx *c)
{
	return cmd_send(c, &pipe_ops[OP_NEW], NULL);
}

static int pipe_write(struct cmd_ctx *c)
{
	char spec[64];
	fd_spec_obj(spec, sizeof spec, c->obj, O_WRONLY);
	return fd_send_write(c, spec, &c->argv[0]);
}

static int pipe_read(struct cmd_ctx *c)
{
	long count;
	char spec[64];
	if (!fd_arg_count(c, 0, &count))
		return CMD_FAIL;
	fd_spec_obj(spec, sizeof spec, c->obj, O_RDONLY);
	return fd_send_read(c, spec, count);
}

static int pipe_close(struct cmd_ctx *c)
{
	int e;
	if (!arg_enum(c, 0, "read|write", &e))
		return CMD_FAIL;
	char spec[64];
	fd_spec_obj(spec, sizeof spec, c->obj, e == 0 ? O_RDONLY : O_WRONLY);
	return fd_send_close(c, spec);
}

/* 'pipe info': the pipe, and the table options, kept until the worker has
 * answered (the command's words are gone by then). */
struct info {
	struct object *o;
	struct table_opts opts;
	char *columns;
};

static struct table *ends_table(void)
{
	return table_new("ends", "PIPE", "END", "HOLDERS~", NULL);
}

/* One end's row: who holds it, as text and, for --json, as objects. */
static int end_row(struct table *t, struct object *o, const char *end, unsigned mode)
{
	struct buf who = { 0 }, json = { 0 };
	int n = holders_list(o->ino, mode, NULL, &who);
	table_row(t, o->handle, end, n ? who.data : "closed everywhere", NULL);
	holders_json_fds(o->ino, mode, &json);
	table_cell_json(t, 2, json.data);
	buf_free(&who);
	buf_free(&json);
	return n;
}

static void say_holders(struct proc *p, struct object *o, const struct table_opts *opts)
{
	struct table *t = ends_table();
	int nr = end_row(t, o, "read", 1);
	int nw = end_row(t, o, "write", 2);
	char *s = table_render(t, opts);
	if (s && *s)
		out_line(p->num, LINE_NOTE, s);
	free(s);
	if (opts->json || opts->raw)
		return;
	if (nr && !nw)
		out_linef(p->num, LINE_NOTE, "  every write end is closed: a read returns 0 (end of file) once the pipe is empty");
	if (nw && !nr)
		out_linef(p->num, LINE_NOTE, "  every read end is closed: a write gets SIGPIPE");
}

static void after_info(struct proc *p, int status, void *arg)
{
	struct info *in = arg;
	say_holders(p, in->o, &in->opts);
	free(in->columns);
	free(in);
}

static int pipe_info(struct cmd_ctx *c)
{
	struct table_opts opts;
	if (!table_parse_args(c, &opts, 0))
		return CMD_FAIL;
	struct table *check = ends_table();
	bool ok = table_columns_ok(check, &opts);
	table_free(check);
	if (!ok)
		return CMD_FAIL;
	if (holders_list(c->obj->ino, 3, c->proc, NULL) == 0 && holders_list(c->obj->ino, 3, NULL, NULL) == 0) {
		out_error("%s is gone: no process holds either end any more", c->obj->handle);
		return CMD_FAIL;
	}
	char spec[64];
	fd_spec_obj(spec, sizeof spec, c->obj, -1);
	struct wbuild w;
	proc_request_start(&w, &pipe_ops[OP_INFO]);
	wb_str(&w, spec);
	struct info *in = xcalloc(1, sizeof *in);
	in->o = c->obj;
	in->opts = opts;
	in->opts.cmd = NULL;
	in->columns = opts.columns ? xstrdup(opts.columns) : NULL;
	in->opts.columns = in->columns;
	int st = cmd_request(c, &w, after_info, in);
	if (st == CMD_FAIL) {
		free(in->columns);
		free(in);
	}
	return st;
}

static int pipe_fill(struct cmd_ctx *c)
{
	return send_end(c, &pipe_ops[OP_FILL], O_WRONLY);
}

/* ---- the pipe as an object of the session ---- */

static void pipe_decode(struct object *o, const struct wmsg *m, struct buf *note)
{
	o->fd[0] = (int)warg_long(m, 1);
	o->fd[1] = (int)warg_long(m, 2);
	o->ino = strtoul(warg_str(m, 3), NULL, 10);
	buf_printf(note, "  %s: read end fd %d, write end fd %d", o->handle, o->fd[0], o->fd[1]);
}

/* A pipe is there while some process of the session holds an end. */
static bool pipe_alive(struct object *o)
{
	if (!o->gone && holders_list(o->ino, 3, NULL, NULL) == 0)
		obj_gone(o);
	return !o->gone;
}

static void pipe_describe(struct object *o, struct buf *identity, struct buf *holders)
{
	struct buf r = { 0 }, w = { 0 };
	buf_printf(identity, "pipe:[%lu]", o->ino);
	int nr = holders_list(o->ino, 1, NULL, &r);
	int nw = holders_list(o->ino, 2, NULL, &w);
	if (nr + nw == 0)
		obj_gone(o);
	if (o->gone)
		buf_addstr(holders, "(gone: every end closed)");
	else
		buf_printf(holders, "read: %s; write: %s", nr ? r.data : "-", nw ? w.data : "-");
	buf_free(&r);
	buf_free(&w);
}

static const char *pipe_fd_role(const struct object *o, const struct fdent *e)
{
	if (strncmp(e->target, "pipe:", 5) != 0 || e->ino != o->ino)
		return NULL;
	return e->accmode == O_WRONLY ? "write end" : "read end";
}

/* A process that holds an end of O and can answer a query now. */
static struct proc *ready_holder(struct object *o)
{
	char why[256];
	for (int i = 1; i <= proc_count(); i++) {
		struct proc *p = proc_get(i);
		if (!p->dead && proc_ready(p, why, sizeof why) && holders_pid_holds(p->pid, "pipe:", o->ino))
			return p;
	}
	return NULL;
}

/* buffered: the bytes in the pipe, asked of a process that holds it. */
static bool pipe_attr(struct object *o, const char *name, const long *wants, int nwant, struct buf *why)
{
	long want = wants[0];
	if (nwant != 1) {
		buf_printf(why, "'buffered' takes one number, the bytes in %s", o->handle);
		return false;
	}
	struct proc *p = ready_holder(o);
	char spec[64];
	long bytes;
	fd_spec_obj(spec, sizeof spec, o, -1);
	if (!p || !loop_query(p, &pipe_ops[OP_LEVEL], spec, &bytes)) {
		buf_printf(why, "no process that holds %s can say how full it is now", o->handle);
		return false;
	}
	if (bytes != want)
		buf_printf(why, "%s holds %ld bytes, not %ld", o->handle, bytes, want);
	return bytes == want;
}

/* A reader never sees end of file while a write end is open somewhere (the
 * classic mistake of a shell that forgot to close it): name who holds it. */
static void pipe_stuck(struct object *o, struct buf *why)
{
	struct buf who = { 0 };
	if (holders_list(o->ino, 2, NULL, &who) > 0)
		buf_printf(why, ": it waits in read() on %s for end of file, and %s still hold%s its write end",
			   o->handle, who.data, strchr(who.data, ',') ? "" : "s");
	buf_free(&who);
}

/* A pipe goes with the last process that holds it: nothing to remove. */
static void pipe_destroy(struct object *o)
{
}

static const struct obj_ops pipe_kinds[] = {
	{
		.kind = OBJ_PIPE,
		.decode = pipe_decode,
		.alive = pipe_alive,
		.describe = pipe_describe,
		.fd_role = pipe_fd_role,
		.attrs = "buffered",
		.attr = pipe_attr,
		.stuck = pipe_stuck,
		.destroy = pipe_destroy,
	},
};

static const struct cmd_entry pipe_cmds[] = {
	{
		.noun = "pipe", .verb = "new",
		.flags = CMD_IN_PROC,
		.summary = "make a pipe in the current process: a read end and a write end",
		.calls = "int fds[2]; pipe(fds);",
		.man = "pipe(2), pipe(7)",
		.example = "pipe new",
		.run = pipe_new,
	},
	{
		.noun = "pipe", .verb = "write",
		.args = "[REF] TEXT", .min = 1, .max = 1,
		.ref = OBJ_PIPE,
		.flags = CMD_IN_PROC | CMD_BYTES_LAST,
		.summary = "write TEXT into the pipe's write end (blocks when the pipe is full)",
		.calls = "write(fds[1], text, strlen(text));",
		.man = "write(2), pipe(7)",
		.example = "pipe write \"hello World !\"",
		.complete = "-",
		.run = pipe_write,
	},
	{
		.noun = "pipe", .verb = "read",
		.args = "[REF] [COUNT]", .max = 1,
		.ref = OBJ_PIPE,
		.flags = CMD_IN_PROC,
		.summary = "read up to COUNT bytes (default 4096) from the read end (blocks while empty and a writer is open)",
		.calls = "ssize_t n = read(fds[0], buf, count);",
		.man = "read(2), pipe(7)",
		.example = "pipe read",
		.complete = "-",
		.run = pipe_read,
	},
	{
		.noun = "pipe", .verb = "close",
		.args = "[REF] read|write", .min = 1, .max = 1,
		.ref = OBJ_PIPE,
		.flags = CMD_IN_PROC,
		.summary = "close this process's read or write end of the pipe",
		.calls = "close(fds[0]);  /* or fds[1] */",
		.man = "close(2), pipe(7)",
		.example = "pipe close write",
		.complete = "w",
		.run = pipe_close,
	},
	{
		.noun = "pipe", .verb = "info",
		.args = "[REF] " TABLE_ARGS, .max = -1,
		.ref = OBJ_PIPE,
		.flags = CMD_IN_PROC | CMD_LOOKS,
		.summary = "show bytes buffered, capacity, and which processes hold which end",
		.calls = "ioctl(fd, FIONREAD, &n); fcntl(fd, F_GETPIPE_SZ);",
		.man = "ioctl(2), fcntl(2), pipe(7)",
		.example = "pipe info",
		.run = pipe_info,
	},
	{
		.noun = "pipe", .verb = "fill",
		.args = "[REF]",
		.ref = OBJ_PIPE,
		.flags = CMD_IN_PROC,
		.summary = "write just enough bytes to fill the pipe to capacity, so the next write blocks",
		.calls = "write(fds[1], buf, capacity - buffered);",
		.man = "write(2), pipe(7)",
		.example = "pipe fill",
		.run = pipe_fill,
	},
};

const struct family family_pipe = {
	.name = "pipe",
	.summary = "pipes: an in-kernel byte stream with a read end and a write end",
	.rank = 30,
	.cmds = pipe_cmds,
	.ncmds = COUNT(pipe_cmds),
	.ops = pipe_ops,
	.nops = COUNT(pipe_ops),
	.kinds = pipe_kinds,
	.nkinds = COUNT(pipe_kinds),
};
