/* popen.c - the popen family: popen CMD r|w, popen read, popen write, pclose.
 *
 * The worker makes the real popen(3): a shell runs CMD with its stdout (r)
 * or stdin (w) on a pipe to the worker.  One stream per process, as the
 * recipes use it; a forked child inherits it, as a real child would. */
#include <errno.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cmd.h"
#include "fdops.h"
#include "proc.h"
#include "procfs.h"
#include "trace.h"
#include "worker.h"

enum { SHOW_BYTES = 200 };

/* ---- worker side ---- */

static FILE *stream;
static pid_t stream_pid;	/* the shell popen started: pclose waits for it alone */

/* The child of this process that is not in OLD (N of them): popen's shell. */
static pid_t new_child(const pid_t *old, int n)
{
	pid_t now[64];
	int m = procfs_children(getpid(), now, 64);
	for (int i = 0; i < m; i++) {
		bool known = false;
		for (int k = 0; k < n; k++)
			known |= now[i] == old[k];
		if (!known)
			return now[i];
	}
	return -1;
}
static char stream_mode;

static int w_popen(const struct wmsg *req)
{
	const char *cmd = req_str(req, 1), *mode = req_str(req, 2);
	struct buf call = { 0 };
	buf_addstr(&call, "popen(");
	trace_quote(&call, cmd, req_len(req, 1), 64);
	buf_printf(&call, ", \"%s\")", mode);
	if (stream) {
		w_error("has a popen stream open already: pclose it first");
		buf_free(&call);
		return 1;
	}
	fflush(NULL);
	pid_t before[64];
	int nbefore = procfs_children(getpid(), before, 64);
	struct tty_lend tty;
	w_tty_lend(&tty);	/* the command prints to a terminal (with "r", only its stderr) */
	stream = popen(cmd, mode);
	int err = errno;
	w_tty_return(&tty);
	stream_pid = stream ? new_child(before, nbefore) : -1;
	if (!stream) {
		w_fail(call.data, err);
		buf_free(&call);
		return 1;
	}
	stream_mode = mode[0];
	w_return(call.data, fileno(stream), "fp (fd %d)", fileno(stream));
	w_say(stream_mode == 'r' ? "  the command's standard output comes into fd %d: 'popen read' reads it"
				 : "  fd %d leads to the command's standard input: 'popen write' feeds it",
	      fileno(stream));
	buf_free(&call);
	return 0;
}

static bool have_stream(char mode)
{
	if (!stream)
		w_error("has no popen stream (open one with 'popen CMD r' or 'popen CMD w')");
	else if (stream_mode != mode)
		w_error("has a popen stream for %s, not for %s", stream_mode == 'r' ? "reading" : "writing",
			mode == 'r' ? "reading" : "writing");
	return stream && stream_mode == mode;
}

static int w_popen_read(const struct wmsg *req)
{
	if (!have_stream('r'))
		return 1;
	long count = req_long(req, 1);
	char call[64], *buf = w_buffer((size_t)count);
	snprintf(call, sizeof call, "fread(buf, 1, %ld, fp)", count);
	w_calling(SYS_read, call, &fd_blocks[FD_PIPE_READ_BLOCK], fileno(stream));
	size_t n = fread(buf, 1, (size_t)count, stream);
	int err = ferror(stream) ? errno : 0;
	w_called();
	if (err) {
		w_fail(call, err);
		clearerr(stream);
		return 1;
	}
	struct buf b = { 0 };
	trace_quote(&b, buf, n, SHOW_BYTES);
	w_return(call, (long)n, "%zu -> %s", n, b.data);
	w_plain("  read %zu bytes: %s", n, b.data);
	if (feof(stream))
		w_say("  end of file: the command has closed its output (it has probably exited)");
	buf_free(&b);
	return 0;
}

/* Where fwrite put the bytes: stdio keeps them in fp's buffer, but writes
 * the buffer into the pipe whenever it fills (glibc: whole buffers at once). */
static void say_buffered(size_t before, size_t len)
{
	size_t after = __fpending(stream), flushed = before + len - after;
	if (flushed == 0) {
		w_say("  stdio holds the bytes in fp's buffer: the command sees them at fflush or pclose");
		return;
	}
	w_say("  fp's buffer holds %zu bytes, and stdio writes full buffers into the pipe at once: "
	      "%zu bytes went in now, and the command can read them", __fbufsize(stream), flushed);
	if (after)
		w_say("  the other %zu wait in the buffer until fflush or pclose", after);
}

static int w_popen_write(const struct wmsg *req)
{
	if (!have_stream('w'))
		return 1;
	const char *data = req_str(req, 1);
	size_t len = req_len(req, 1), before = __fpending(stream);
	struct buf call = { 0 };
	buf_addstr(&call, "fwrite(");
	trace_quote(&call, data, len, 64);
	buf_printf(&call, ", 1, %zu, fp)", len);
	/* A full buffer goes into the pipe: that write blocks while the pipe is full. */
	w_calling(SYS_write, call.data, &fd_blocks[FD_PIPE_WRITE_BLOCK], fileno(stream));
	size_t n = fwrite(data, 1, len, stream);
	int err = ferror(stream) ? errno : 0;
	w_called();
	if (err) {
		w_fail(call.data, err);
		clearerr(stream);
		buf_free(&call);
		return 1;
	}
	w_return(call.data, (long)n, "%zu", n);
	say_buffered(before, n);
	buf_free(&call);
	return n == len ? 0 : 1;
}

static int w_pclose(const struct wmsg *req)
{
	if (!stream) {
		w_error("has no popen stream to pclose");
		return 1;
	}
	w_calling(SYS_wait4, "pclose(fp)", &block_wait, stream_pid);
	int st = pclose(stream);
	int err = errno;
	w_called();
	stream = NULL;
	w_output_pending();	/* what the command printed is in our output pipe now */
	if (st < 0) {
		w_fail("pclose(fp)", err);
		return 1;
	}
	struct buf b = { 0 };
	describe_status(&b, st);
	w_return("pclose(fp)", st, "%d, the command %s", st, b.data);
	w_plain("  the command %s", b.data);
	buf_free(&b);
	return 0;
}

enum { OP_POPEN, OP_READ, OP_WRITE, OP_PCLOSE };
static const struct worker_op popen_ops[] = {
	[OP_POPEN] = { "popen", w_popen },
	[OP_READ] = { "popen.read", w_popen_read, .keeps_fds = true },
	[OP_WRITE] = { "popen.write", w_popen_write, .keeps_fds = true },
	[OP_PCLOSE] = { "pclose", w_pclose },
};

/* ---- controller side ---- */

static int popen_open(struct cmd_ctx *c)
{
	int mode;
	if (!arg_enum(c, 1, "r|w", &mode))
		return CMD_FAIL;
	return cmd_send(c, &popen_ops[OP_POPEN], c->argv[0].s, mode == 0 ? "r" : "w", NULL);
}

static int popen_read(struct cmd_ctx *c)
{
	long count;
	char s[24];
	if (!fd_arg_count(c, 0, &count))
		return CMD_FAIL;
	snprintf(s, sizeof s, "%ld", count);
	return cmd_send(c, &popen_ops[OP_READ], s, NULL);
}

static int popen_write(struct cmd_ctx *c)
{
	struct wbuild w;
	proc_request_start(&w, &popen_ops[OP_WRITE]);
	wb_bytes(&w, c->argv[0].s, c->argv[0].len);
	return cmd_request(c, &w, NULL, NULL);
}

static int popen_close(struct cmd_ctx *c)
{
	return cmd_send(c, &popen_ops[OP_PCLOSE], NULL);
}

static const struct cmd_entry popen_cmds[] = {
	{
		.noun = "popen",
		.args = "CMD r|w", .min = 2, .max = 2,
		.flags = CMD_IN_PROC | CMD_RUNS_SHELL,
		.summary = "run CMD through the shell with a pipe to its output (r) or its input (w)",
		.calls = "FILE *fp = popen(cmd, \"r\");",
		.man = "popen(3)",
		.example = "popen \"uname -a\" r",
		.complete = "-w",
		.run = popen_open,
	},
	{
		.noun = "popen", .verb = "read",
		.args = "[COUNT]", .max = 1,
		.flags = CMD_IN_PROC,
		.summary = "read up to COUNT bytes (default 4096) of the command's output (blocks until then or its end)",
		.calls = "size_t n = fread(buf, 1, count, fp);",
		.man = "fread(3), popen(3)",
		.example = "popen \"uname -a\" r; popen read",
		.complete = "-",
		.run = popen_read,
	},
	{
		.noun = "popen", .verb = "write",
		.args = "TEXT", .min = 1, .max = 1,
		.flags = CMD_IN_PROC | CMD_BYTES_LAST,
		.summary = "write TEXT towards the command's input (kept in the stdio buffer until pclose, but a full buffer goes at once)",
		.calls = "fwrite(text, 1, strlen(text), fp);",
		.man = "fwrite(3), popen(3)",
		.example = "popen \"od -c\" w; popen write hello",
		.complete = "-",
		.run = popen_write,
	},
	{
		.noun = "pclose",
		.flags = CMD_IN_PROC,
		.summary = "close the popen stream and wait for the command: its exit status is shown",
		.calls = "int status = pclose(fp);",
		.man = "pclose(3)",
		.example = "popen true r; pclose",
		.run = popen_close,
	},
};

const struct family family_popen = {
	.name = "popen",
	.summary = "process pipes: popen and pclose",
	.rank = 40,
	.cmds = popen_cmds,
	.ncmds = COUNT(popen_cmds),
	.ops = popen_ops,
	.nops = COUNT(popen_ops),
};
