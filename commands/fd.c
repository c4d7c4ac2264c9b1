/* fd.c - the fd family: fds, fd close, fd dup2, fd read, fd write.
 *
 * The worker ops read, write and close here are shared with the pipe and
 * popen families (fdops.h), which only work out which fd a pipe end is. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cmd.h"
#include "fdops.h"
#include "fdspec.h"
#include "holders.h"
#include "objtab.h"
#include "out.h"
#include "proc.h"
#include "procfs.h"
#include "table.h"
#include "trace.h"
#include "worker.h"

enum { SHOW_BYTES = 200, READ_MAX = 1024 * 1024 };

/* ---- why reads and writes block (explained in the controller) ---- */

/* A read on an empty pipe: who still holds a write end. */
static void explain_pipe_read(struct proc *p, struct buf *b)
{
	struct buf who = { 0 };
	unsigned long ino = holders_fd_ino(p, p->block_fd, NULL);
	int n = holders_list(ino, 2, NULL, &who);
	int others = holders_list(ino, 2, p, NULL);
	if (n > 0 && others == 0)
		buf_printf(b, "the pipe is empty, and the only write end still open is p%d's own (%s): "
			   "it will wait forever unless p%d closes it", p->num, who.data, p->num);
	else if (n)
		buf_printf(b, "the pipe is empty and a writer is still open (%s)", who.data);
	else
		buf_addstr(b, "the pipe is empty and its writer, a process outside the session "
			   "(a popen'd command, say), has not closed it");
	buf_free(&who);
}

/* A write on a full pipe: who could read to make room. */
static void explain_pipe_write(struct proc *p, struct buf *b)
{
	struct buf who = { 0 };
	unsigned long ino = holders_fd_ino(p, p->block_fd, NULL);
	int n = holders_list(ino, 1, NULL, &who);
	int others = holders_list(ino, 1, p, NULL);
	if (n > 0 && others == 0)
		buf_printf(b, "the pipe is full, and the only read end still open is p%d's own (%s): p%d, its only "
			   "reader, is the one blocked, so it will wait forever unless another process reads",
			   p->num, who.data, p->num);
	else if (n)
		buf_printf(b, "the pipe is full: it waits until a reader (%s) makes room", who.data);
	else
		buf_addstr(b, "the pipe is full: it waits until its reader, a process outside the session "
			   "(a popen'd command, say), makes room");
	buf_free(&who);
}

/* A read on something else (a terminal, a socket): nothing has come yet. */
static void explain_fd_read(struct proc *p, struct buf *b)
{
	buf_printf(b, "nothing to read on fd %d yet", p->block_fd);
}

const struct block_kind fd_blocks[] = {
	[FD_PIPE_READ_BLOCK] = { "a read on an empty pipe", explain_pipe_read },
	[FD_PIPE_WRITE_BLOCK] = { "a write on a full pipe", explain_pipe_write },
	[FD_READ_BLOCK] = { "a read on an fd", explain_fd_read },
};

/* ---- worker side ---- */

static bool is_fifo(int fd)
{
	struct stat st;
	return fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode);
}

static int w_read(const struct wmsg *req)
{
	int fd = fd_resolve(req_str(req, 1));
	if (fd < 0)
		return 1;
	long count = req_long(req, 2);
	char call[96];
	snprintf(call, sizeof call, "read(%d, buf, %ld)", fd, count);
	bool fifo = req_str(req, 1)[0] == '@' || is_fifo(fd);	/* '@': a pipe's end */
	char *buf = w_buffer((size_t)count);
	w_calling(SYS_read, call, &fd_blocks[fifo ? FD_PIPE_READ_BLOCK : FD_READ_BLOCK], fd);
	ssize_t n = read(fd, buf, (size_t)count);
	int err = errno;
	w_called();
	if (n < 0) {
		w_fail(call, err);
		return 1;
	}
	if (n == 0) {
		w_return(call, 0, "0");
		w_say(fifo ? "  end of file: no process holds a write end any more" : "  end of file");
	} else {
		struct buf b = { 0 };
		trace_quote(&b, buf, (size_t)n, SHOW_BYTES);
		w_return(call, n, "%zd -> %s", n, b.data);
		w_plain("  read %zd byte%s from fd %d: %s", n, n == 1 ? "" : "s", fd, b.data);
		buf_free(&b);
	}
	return 0;
}

static int w_write(const struct wmsg *req)
{
	int fd = fd_resolve(req_str(req, 1));
	if (fd < 0)
		return 1;
	const char *data = req_str(req, 2);
	size_t len = req_len(req, 2);
	struct buf call = { 0 };
	buf_printf(&call, "write(%d, ", fd);
	trace_quote(&call, data, len, 64);
	buf_printf(&call, ", %zu)", len);
	bool fifo = req_str(req, 1)[0] == '@' || is_fifo(fd);	/* '@': a pipe's end */
	w_calling(SYS_write, call.data, fifo ? &fd_blocks[FD_PIPE_WRITE_BLOCK] : &block_other, fd);
	ssize_t n = write(fd, data, len);
	int err = errno;
	w_called();
	if (n < 0) {
		w_fail(call.data, err);
		if (err == EPIPE)
			w_say("  no process holds the read end (SIGPIPE is not in force here, so write fails instead)");
	} else {
		w_return(call.data, n, "%zd", n);
		w_plain("  wrote %zd byte%s to fd %d", n, n == 1 ? "" : "s", fd);
		if ((size_t)n < len)
			w_say("  a short write: only %zd of %zu bytes went in", n, len);
	}
	buf_free(&call);
	return n < 0;
}

static int w_close(const struct wmsg *req)
{
	int fd = fd_resolve(req_str(req, 1));
	if (fd < 0)
		return 1;
	char call[32];
	snprintf(call, sizeof call, "close(%d)", fd);
	if (close(fd) < 0) {
		w_fail(call, errno);
		return 1;
	}
	w_return(call, 0, "0");
	w_plain("  closed fd %d", fd);
	return 0;
}

static int w_dup2(const struct wmsg *req)
{
	int oldfd = (int)req_long(req, 1), newfd = (int)req_long(req, 2);
	char call[48];
	snprintf(call, sizeof call, "dup2(%d, %d)", oldfd, newfd);
	int r = dup2(oldfd, newfd);
	if (r < 0) {
		w_fail(call, errno);
		return 1;
	}
	w_return(call, r, "%d", r);
	if (oldfd != newfd)
		w_say("  fd %d now refers to what fd %d refers to", newfd, oldfd);
	return 0;
}

enum { OP_READ, OP_WRITE, OP_CLOSE, OP_DUP2 };
static const struct worker_op fd_ops[] = {
	[OP_READ] = { "read", w_read, .keeps_fds = true },
	[OP_WRITE] = { "write", w_write, .keeps_fds = true },
	[OP_CLOSE] = { "close", w_close },
	[OP_DUP2] = { "dup2", w_dup2 },
};

/* ---- controller side ---- */

int fd_send_read(struct cmd_ctx *c, const char *spec, long count)
{
	char scount[24];
	snprintf(scount, sizeof scount, "%ld", count);
	return cmd_send(c, &fd_ops[OP_READ], spec, scount, NULL);
}

int fd_send_write(struct cmd_ctx *c, const char *spec, const struct word *text)
{
	struct wbuild w;
	proc_request_start(&w, &fd_ops[OP_WRITE]);
	wb_str(&w, spec);
	wb_bytes(&w, text->s, text->len);
	return cmd_request(c, &w, NULL, NULL);
}

int fd_send_close(struct cmd_ctx *c, const char *spec)
{
	return cmd_send(c, &fd_ops[OP_CLOSE], spec, NULL);
}

/* Reads argument I as an fd; ipcsh's control channel is not the learner's. */
static bool arg_fd(struct cmd_ctx *c, int i, long *fd)
{
	if (!arg_int(c, i, "fd number", 0, INT_MAX, fd))
		return false;
	if (*fd == worker_ctl_fd()) {
		cmd_usage_error(c, "fd %ld is ipcsh's control channel for this process; it is not yours to use",
				*fd);
		return false;
	}
	return true;
}

bool fd_arg_count(struct cmd_ctx *c, int i, long *count)
{
	*count = 4096;
	return i >= c->argc || arg_int(c, i, "byte count", 1, READ_MAX, count);
}

static int fd_close(struct cmd_ctx *c)
{
	long fd;
	char spec[24];
	if (!arg_fd(c, 0, &fd))
		return CMD_FAIL;
	fd_spec_num(spec, sizeof spec, fd);
	return fd_send_close(c, spec);
}

static int fd_dup2(struct cmd_ctx *c)
{
	long oldfd, newfd;
	if (!arg_fd(c, 0, &oldfd) || !arg_fd(c, 1, &newfd))
		return CMD_FAIL;
	char a[16], b[16];
	snprintf(a, sizeof a, "%ld", oldfd);
	snprintf(b, sizeof b, "%ld", newfd);
	return cmd_send(c, &fd_ops[OP_DUP2], a, b, NULL);
}

static int fd_read(struct cmd_ctx *c)
{
	long fd, count;
	char spec[24];
	if (!arg_fd(c, 0, &fd) || !fd_arg_count(c, 1, &count))
		return CMD_FAIL;
	fd_spec_num(spec, sizeof spec, fd);
	return fd_send_read(c, spec, count);
}

static int fd_write(struct cmd_ctx *c)
{
	long fd;
	char spec[24];
	if (!arg_fd(c, 0, &fd))
		return CMD_FAIL;
	fd_spec_num(spec, sizeof spec, fd);
	return fd_send_write(c, spec, &c->argv[1]);
}

static const char *mode_text(int accmode)
{
	switch (accmode) {
	case O_RDONLY: return "r";
	case O_WRONLY: return "w";
	case O_RDWR: return "rw";
	}
	return "?";
}

/* A pipe P shares with a child outside the session (the command popen
 * started, say): "pipe to uname (pid 123), outside the session". */
static void describe_outside_pipe(struct proc *p, const struct fdent *e, struct buf *b)
{
	pid_t kids[64];
	int n = procfs_children(p->pid, kids, 64);
	for (int i = 0; i < n; i++) {
		char comm[64];
		if (!proc_by_pid(kids[i]) && holders_pid_holds(kids[i], "pipe:", e->ino) &&
		    procfs_comm(kids[i], comm, sizeof comm)) {
			buf_printf(b, "pipe %s %s (pid %d), outside the session", e->accmode == O_WRONLY ? "to" : "from",
				   comm, (int)kids[i]);
			return;
		}
	}
}

/* What an fd is to the learner: "pipe1 read end", "ipcsh output". */
static void describe_fd(struct proc *p, const struct fdent *e, struct buf *b)
{
	if (proc_is_output_pipe(p, e)) {
		buf_addstr(b, "ipcsh shows what is written here");
		return;
	}
	if (proc_is_tty(p, e->target)) {
		buf_addstr(b, "a terminal of its own: ipcsh shows what is written here");
		return;
	}
	const char *role;
	struct object *o = obj_of_fd(e, &role);
	if (o)
		buf_printf(b, "%s %s", o->handle, role);
	else if (strncmp(e->target, "pipe:", 5) == 0)
		describe_outside_pipe(p, e, b);
}

static int fd_list(struct cmd_ctx *c)
{
	struct table_opts o;
	if (!table_parse_args(c, &o, 1))
		return CMD_FAIL;
	struct proc *p = c->proc;
	if (c->argc > 0) {
		p = proc_parse(c->argv[0].s);
		if (!p) {
			cmd_usage_error(c, "no process '%s' (see 'ps')", c->argv[0].s);
			return CMD_FAIL;
		}
	}
	if (!p || p->state == PS_GONE || p->state == PS_ZOMBIE) {
		out_error("p%d has exited: it has no fds", p ? p->num : 0);
		return CMD_FAIL;
	}
	struct fdent *fds;
	int n = procfs_fds(p->pid, &fds);
	if (n < 0) {
		out_error("cannot read /proc/%d/fd: %s", (int)p->pid, strerror(errno));
		return CMD_FAIL;
	}
	struct table *t = table_new("fds", "FD#", "MODE", "TARGET", "WHAT~", NULL);
	for (int i = 0; i < n; i++) {
		if (fds[i].fd == worker_ctl_fd() && p->state != PS_EXECED)
			continue;
		char fd[16];
		struct buf what = { 0 };
		snprintf(fd, sizeof fd, "%d", fds[i].fd);
		describe_fd(p, &fds[i], &what);
		table_row(t, fd, mode_text(fds[i].accmode), fds[i].target, what.data ? what.data : "", NULL);
		buf_free(&what);
	}
	if (n > 0)
		free(fds);
	return table_print(t, &o) ? CMD_OK : CMD_FAIL;
}

static const struct cmd_entry fd_cmds[] = {
	{
		.noun = "fds",
		.args = "[pN] " TABLE_ARGS, .max = -1,
		.flags = CMD_LOOKS,
		.summary = "list the open fds of the current process (or pN), from /proc/PID/fd",
		.calls = "readlink(\"/proc/PID/fd/N\")",
		.man = "proc(5)",
		.example = "fds",
		.complete = "pT",
		.run = fd_list,
	},
	{
		.noun = "fd", .verb = "close",
		.args = "N", .min = 1, .max = 1,
		.flags = CMD_IN_PROC,
		.summary = "close fd N in the current process",
		.calls = "close(fd);",
		.man = "close(2)",
		.example = "fd close 4",
		.complete = "f",
		.run = fd_close,
	},
	{
		.noun = "fd", .verb = "dup2",
		.args = "OLD NEW", .min = 2, .max = 2,
		.flags = CMD_IN_PROC,
		.summary = "make fd NEW refer to what fd OLD refers to (closing NEW first)",
		.calls = "dup2(oldfd, newfd);",
		.man = "dup2(2)",
		.example = "fd dup2 4 1",
		.complete = "f",
		.run = fd_dup2,
	},
	{
		.noun = "fd", .verb = "read",
		.args = "N [COUNT]", .min = 1, .max = 2,
		.flags = CMD_IN_PROC,
		.summary = "read up to COUNT bytes (default 4096) from fd N",
		.calls = "ssize_t n = read(fd, buf, count);",
		.man = "read(2)",
		.example = "fd read 3",
		.complete = "f-",
		.run = fd_read,
	},
	{
		.noun = "fd", .verb = "write",
		.args = "N TEXT", .min = 2, .max = 2,
		.flags = CMD_IN_PROC | CMD_BYTES_LAST,
		.summary = "write TEXT to fd N",
		.calls = "ssize_t n = write(fd, text, strlen(text));",
		.man = "write(2)",
		.example = "fd write 4 hello",
		.complete = "f-",
		.run = fd_write,
	},
};

const struct family family_fd = {
	.name = "fd",
	.summary = "file descriptors: list, close, dup2, read, write",
	.rank = 20,
	.cmds = fd_cmds,
	.ncmds = COUNT(fd_cmds),
	.ops = fd_ops,
	.nops = COUNT(fd_ops),
	.blocks = fd_blocks,
	.nblocks = FD_READ_BLOCK + 1,
};
