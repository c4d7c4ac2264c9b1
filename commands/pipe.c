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
#include <unistd.h>

#include "cmd.h"
#include "fdops.h"
#include "holders.h"
#include "objtab.h"
#include "out.h"
#include "proc.h"
#include "procfs.h"
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
	w_trace("%s = 0, n = %d", call, *queued);
	snprintf(call, sizeof call, "fcntl(%d, F_GETPIPE_SZ)", fd);
	*cap = fcntl(fd, F_GETPIPE_SZ);
	if (*cap < 0) {
		w_fail(call, errno);
		return false;
	}
	w_trace("%s = %d", call, *cap);
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
	char *junk = xmalloc(room);
	memset(junk, 'x', room);
	ssize_t n = write(fd, junk, room);
	int err = errno;
	free(junk);
	if (n < 0) {
		char call[64];
		snprintf(call, sizeof call, "write(%d, \"xxx...\", %zu)", fd, room);
		w_fail(call, err);
		return 1;
	}
	w_trace("write(%d, \"xxxx\"..., %zu) = %zd", fd, room, n);
	w_say("  the pipe holds %d bytes now, its whole capacity: the next write blocks", queued + (int)n);
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

/* ---- controller side ---- */

static int send_end(struct cmd_ctx *c, const char *op, int accmode, const char *extra)
{
	char spec[64];
	fd_spec_obj(spec, sizeof spec, c->obj, accmode);
	return cmd_send(c, op, spec, extra, NULL);
}

static int pipe_new(struct cmd_ctx *c)
{
	return cmd_send(c, "pipe.new", NULL);
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
	return send_end(c, "close", e == 0 ? O_RDONLY : O_WRONLY, NULL);
}

static void say_holders(struct proc *p, struct object *o)
{
	struct buf r = { 0 }, w = { 0 };
	int nr = holders_list(o->ino, 1, NULL, &r);
	int nw = holders_list(o->ino, 2, NULL, &w);
	out_linef(p->num, LINE_NOTE, "  %s read end:  %s", o->handle, nr ? r.data : "closed everywhere");
	out_linef(p->num, LINE_NOTE, "  %s write end: %s", o->handle, nw ? w.data : "closed everywhere");
	if (nr && !nw)
		out_linef(p->num, LINE_NOTE, "  every write end is closed: a read returns 0 (end of file) once the pipe is empty");
	if (nw && !nr)
		out_linef(p->num, LINE_NOTE, "  every read end is closed: a write gets SIGPIPE");
	buf_free(&r);
	buf_free(&w);
}

static void after_info(struct proc *p, int status, void *arg)
{
	say_holders(p, arg);
}

static int pipe_info(struct cmd_ctx *c)
{
	if (holders_list(c->obj->ino, 3, c->proc, NULL) == 0 && holders_list(c->obj->ino, 3, NULL, NULL) == 0) {
		out_error("%s is gone: no process holds either end any more", c->obj->handle);
		return CMD_FAIL;
	}
	char spec[64];
	fd_spec_obj(spec, sizeof spec, c->obj, -1);
	const char *argv[2] = { "pipe.info", spec };
	return proc_request(c->proc, 2, argv, NULL, after_info, c->obj) < 0 ? CMD_FAIL : CMD_SENT;
}

static int pipe_fill(struct cmd_ctx *c)
{
	return send_end(c, "pipe.fill", O_WRONLY, NULL);
}

static const struct cmd_entry pipe_cmds[] = {
	{ "pipe", "new", NULL, "", 0, 0, OBJ_NONE, CMD_IN_PROC,
	  "make a pipe in the current process: a read end and a write end",
	  "int fds[2]; pipe(fds);", "pipe(2), pipe(7)", "pipe new", "", pipe_new },
	{ "pipe", "write", NULL, "[REF] TEXT", 1, 1, OBJ_PIPE, CMD_IN_PROC,
	  "write TEXT into the pipe's write end (blocks when the pipe is full)",
	  "write(fds[1], text, strlen(text));", "write(2), pipe(7)", "pipe write \"hello World !\"", "-",
	  pipe_write },
	{ "pipe", "read", NULL, "[REF] [COUNT]", 0, 1, OBJ_PIPE, CMD_IN_PROC,
	  "read up to COUNT bytes (default 4096) from the read end (blocks while empty and a writer is open)",
	  "ssize_t n = read(fds[0], buf, count);", "read(2), pipe(7)", "pipe read", "-", pipe_read },
	{ "pipe", "close", NULL, "[REF] read|write", 1, 1, OBJ_PIPE, CMD_IN_PROC,
	  "close this process's read or write end of the pipe",
	  "close(fds[0]);  /* or fds[1] */", "close(2), pipe(7)", "pipe close write", "w", pipe_close },
	{ "pipe", "info", NULL, "[REF]", 0, 0, OBJ_PIPE, CMD_IN_PROC | CMD_LOOKS,
	  "show bytes buffered, capacity, and which processes hold which end",
	  "ioctl(fd, FIONREAD, &n); fcntl(fd, F_GETPIPE_SZ);", "ioctl(2), fcntl(2), pipe(7)",
	  "pipe info", "", pipe_info },
	{ "pipe", "fill", NULL, "[REF]", 0, 0, OBJ_PIPE, CMD_IN_PROC,
	  "write just enough bytes to fill the pipe to capacity, so the next write blocks",
	  "write(fds[1], buf, capacity - buffered);", "write(2), pipe(7)", "pipe fill", "", pipe_fill },
};

static const struct worker_op pipe_ops[] = {
	{ "pipe.new", w_pipe_new, false },
	{ "pipe.info", w_pipe_info, true },
	{ "pipe.fill", w_pipe_fill, true },
	{ "pipe.level", w_pipe_level, true },
};

const struct family family_pipe = {
	"pipe", "pipes: an in-kernel byte stream with a read end and a write end",
	pipe_cmds, COUNT(pipe_cmds), pipe_ops, COUNT(pipe_ops),
};
