/* process.c - the process family: fork, exec, wait, exit, _exit, kill, ps.
 *
 * fork makes a real child of the worker it runs in; the child becomes a new
 * worker with its own control channel, passed to ipcsh with SCM_RIGHTS. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd.h"
#include "loop.h"
#include "out.h"
#include "proc.h"
#include "procfs.h"
#include "table.h"
#include "trace.h"
#include "worker.h"

enum { MAX_PROCS = 64 };

/* ---- worker side ---- */

/* "3 and 4": this process's own fds from 3 up, leaving out SKIP (ipcsh's). */
static void list_user_fds(struct buf *b, const int *skip, int nskip)
{
	struct fdent *fds;
	int n = procfs_fds(getpid(), &fds), shown = 0, total = 0;
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < n; i++) {
			bool internal = fds[i].fd < 3 || fds[i].fd == worker_ctl_fd();
			for (int k = 0; k < nskip; k++)
				internal |= fds[i].fd == skip[k];
			if (internal)
				continue;
			if (pass == 0) {
				total++;
				continue;
			}
			shown++;
			buf_printf(b, "%s%d", shown == 1 ? "" : shown == total ? " and " : ", ", fds[i].fd);
		}
	}
	if (n > 0)
		free(fds);
	if (!b->data)
		buf_addstr(b, "");
}

static int w_fork(const struct wmsg *req)
{
	struct channels ch;
	if (worker_channels_open(&ch) < 0) {
		w_fail("fork()", errno);	/* ipcsh's own set-up failed, before the fork */
		return 1;
	}
	int skip[5] = { ch.ctl[0], ch.ctl[1], ch.out[0], ch.out[1], ch.board };
	struct buf fds = { 0 };
	list_user_fds(&fds, skip, 5);
	w_flush();	/* the child must not inherit queued events */
	pid_t pid = fork();
	if (pid == 0) {
		close(ch.ctl[0]);
		close(ch.out[0]);
		worker_take_board(ch.board);
		worker_setup(ch.ctl[1], ch.out[1]);
		w_return("fork()", 0, "0");
		w_say("  in the child, fork returns 0");
		buf_free(&fds);
		return 0;	/* the worker loop sends the child's first EV_DONE */
	}
	int err = errno;
	close(ch.ctl[1]);
	close(ch.out[1]);
	if (pid < 0)
		w_fail("fork()", err);
	else {
		w_return("fork()", pid, "%d", (int)pid);
		w_plain("  forked: the child has pid %d", (int)pid);
		struct wbuild w;
		wb_start(&w, EV_FORKED);
		wb_long(&w, pid);
		wb_str(&w, fds.data);
		int pass[3] = { ch.ctl[0], ch.out[0], ch.board };
		w_send(&w, pass, 3);
	}
	close(ch.ctl[0]);
	close(ch.out[0]);
	close(ch.board);
	buf_free(&fds);
	return pid < 0;
}

static int w_exec(const struct wmsg *req)
{
	int argc = req->argc - 1;
	char **argv = xcalloc((size_t)argc + 1, sizeof *argv);
	/* A path runs that file, as execv (and the recipe's execl) do; a bare
	 * name is looked up on PATH, as execvp does. */
	bool path = strchr(req_str(req, 1), '/') != NULL;
	struct buf call = { 0 };
	buf_addstr(&call, path ? "execv(" : "execvp(");
	trace_quote(&call, req_str(req, 1), req_len(req, 1), 64);
	buf_addstr(&call, ", [");
	for (int i = 0; i < argc; i++) {
		argv[i] = (char *)req_str(req, i + 1);
		trace_quote(&call, argv[i], req_len(req, i + 1), 64);
		buf_addstr(&call, ", ");
	}
	buf_addstr(&call, "NULL])");
	struct wbuild w;
	wb_start(&w, EV_EXEC);
	wb_str(&w, argv[0]);
	wb_str(&w, call.data);	/* ipcsh prints it once the exec has worked */
	w_send(&w, NULL, 0);
	w_flush();
	struct tty_lend tty;
	w_tty_lend(&tty);
	if (path)
		execv(argv[0], argv);
	else
		execvp(argv[0], argv);
	int err = errno;
	w_tty_return(&tty);
	w_fail(call.data, err);
	if (err == ENOENT && path)
		w_say("  no file '%s'; the worker goes on unchanged", argv[0]);
	else if (err == ENOENT)
		w_say("  no program '%s' on PATH; the worker goes on unchanged", argv[0]);
	buf_free(&call);
	free(argv);
	return 1;
}

static int w_wait(const struct wmsg *req)
{
	pid_t want = req->argc > 1 ? (pid_t)req_long(req, 1) : -1;
	char call[64];
	if (want == -1)
		snprintf(call, sizeof call, "wait(&status)");
	else
		snprintf(call, sizeof call, "waitpid(%d, &status, 0)", (int)want);
	int st = 0;
	w_calling(SYS_wait4, call, &block_wait, (int)want);
	pid_t r = waitpid(want, &st, 0);
	int err = errno;
	w_called();
	if (r < 0) {
		w_fail(call, err);
		if (err == ECHILD)
			w_say(want == -1 ? "  this process has no child to wait for"
					 : "  that process is not a child of this one");
		return 1;
	}
	struct buf b = { 0 };
	describe_status(&b, st);
	w_return(call, r, "%d, status %s", (int)r, b.data);
	w_plain("  collected pid %d: %s", (int)r, b.data);
	buf_free(&b);
	struct wbuild w;
	wb_start(&w, EV_REAPED);
	wb_long(&w, r);
	wb_long(&w, st);
	w_send(&w, NULL, 0);
	return 0;
}

/* exit(3): stdio's buffers are flushed (a popen stream's too) and atexit
 * handlers run, as in a C program that returns from main. */
static int w_exit(const struct wmsg *req)
{
	int code = (int)req_long(req, 1);
	w_trace("exit(%d)", code);
	w_flush();
	exit(code);
}

/* _exit(2): the process ends at once; what stdio still buffers is lost. */
static int w__exit(const struct wmsg *req)
{
	int code = (int)req_long(req, 1);
	w_trace("_exit(%d)", code);
	w_flush();
	_exit(code);
}

static int w_kill(const struct wmsg *req)
{
	pid_t pid = (pid_t)req_long(req, 1);
	int sig = (int)req_long(req, 2);
	char call[64];
	snprintf(call, sizeof call, "kill(%d, %s)", (int)pid, sig_name(sig));
	if (kill(pid, sig) < 0) {
		w_fail(call, errno);
		return 1;
	}
	w_return(call, 0, "0");
	w_plain("  sent %s to pid %d", sig_name(sig), (int)pid);
	return 0;
}

static int w_cd(const struct wmsg *req)
{
	const char *dir = req_str(req, 1);
	struct buf call = { 0 };
	buf_addstr(&call, "chdir(");
	trace_quote(&call, dir, strlen(dir), 200);
	buf_addstr(&call, ")");
	int failed = chdir(dir) < 0;
	if (failed)
		w_fail(call.data, errno);
	else
		w_return(call.data, 0, "0");
	buf_free(&call);
	return failed;
}

static int w_pwd(const struct wmsg *req)
{
	(void)req;
	char *dir = getcwd(NULL, 0);
	if (!dir) {
		w_fail("getcwd(buf, size)", errno);
		return 1;
	}
	struct buf b = { 0 };
	buf_addstr(&b, "getcwd(buf, size) = ");
	trace_quote(&b, dir, strlen(dir), 4096);
	w_trace("%s", b.data);
	w_call("getcwd", 0, 0);
	buf_free(&b);
	free(dir);
	return 0;
}

enum { OP_FORK, OP_EXEC, OP_WAIT, OP_EXIT, OP__EXIT, OP_KILL, OP_CD, OP_PWD };
static const struct worker_op process_ops[] = {
	[OP_FORK] = { "fork", w_fork },
	[OP_EXEC] = { "exec", w_exec },
	[OP_WAIT] = { "wait", w_wait },
	[OP_EXIT] = { "exit", w_exit },
	[OP__EXIT] = { "_exit", w__exit },
	[OP_KILL] = { "kill", w_kill },
	[OP_CD] = { "cd", w_cd, .keeps_fds = true },
	[OP_PWD] = { "pwd", w_pwd, .keeps_fds = true },
};

/* ---- controller side ---- */

static int process_fork(struct cmd_ctx *c)
{
	if (proc_live_count() >= MAX_PROCS) {
		out_error("fork: the session has %d live processes, its limit; end some with exit, kill and wait",
			  MAX_PROCS);
		return CMD_FAIL;
	}
	return cmd_send(c, &process_ops[OP_FORK], NULL);
}

static int process_exec(struct cmd_ctx *c)
{
	if (c->argc + 1 > WIRE_MAXARGS) {
		cmd_usage_error(c, "too many arguments (at most %d)", WIRE_MAXARGS - 1);
		return CMD_FAIL;
	}
	struct wbuild w;
	proc_request_start(&w, &process_ops[OP_EXEC]);
	for (int i = 0; i < c->argc; i++)
		wb_bytes(&w, c->argv[i].s, c->argv[i].len);
	return cmd_request(c, &w, NULL, NULL);
}

/* "p3" -> the process, or NULL after an error. */
static struct proc *arg_proc(struct cmd_ctx *c, int i)
{
	struct proc *p = proc_parse(c->argv[i].s);
	if (!p)
		cmd_usage_error(c, "no process '%s' (see 'ps')", c->argv[i].s);
	return p;
}

static int process_wait(struct cmd_ctx *c)
{
	if (c->argc == 0)
		return cmd_send(c, &process_ops[OP_WAIT], NULL);
	struct proc *child = arg_proc(c, 0);
	if (!child)
		return CMD_FAIL;
	if (child->state == PS_GONE) {
		out_error("p%d is gone already (it was reaped)", child->num);
		return CMD_FAIL;
	}
	char pid[16];
	snprintf(pid, sizeof pid, "%d", (int)child->pid);
	return cmd_send(c, &process_ops[OP_WAIT], pid, NULL);
}

/* exit and _exit: the code, 0 to 255, then OP. */
static int send_exit(struct cmd_ctx *c, const struct worker_op *op)
{
	long code = 0;
	if (c->argc && !arg_int(c, 0, "exit code", 0, 255, &code))
		return CMD_FAIL;
	char s[8];
	snprintf(s, sizeof s, "%ld", code);
	return cmd_send(c, op, s, NULL);
}

static int process_exit(struct cmd_ctx *c)
{
	return send_exit(c, &process_ops[OP_EXIT]);
}

static int process__exit(struct cmd_ctx *c)
{
	return send_exit(c, &process_ops[OP__EXIT]);
}

static int process_cd(struct cmd_ctx *c)
{
	return cmd_send(c, &process_ops[OP_CD], c->argv[0].s, NULL);
}

static int process_pwd(struct cmd_ctx *c)
{
	return cmd_send(c, &process_ops[OP_PWD], NULL);
}

/* When the current process cannot take a command (blocked, say), ipcsh sends
 * the signal itself, so a learner is never stuck. */
static int kill_from_ipcsh(struct cmd_ctx *c, struct proc *victim, int sig)
{
	char call[64];
	snprintf(call, sizeof call, "kill(%d, %s)", (int)victim->pid, sig_name(sig));
	if (kill(victim->pid, sig) < 0) {
		struct buf b = { 0 };
		trace_errno(&b, errno);
		out_linef(proc_num(c->proc), LINE_TRACE, "%s = %s", call, b.data);
		buf_free(&b);
		return CMD_FAIL;
	}
	out_linef(proc_num(c->proc), LINE_TRACE, "%s = 0", call);
	out_linef(proc_num(c->proc), LINE_NOTE, "  sent by ipcsh itself: p%d cannot make calls now", proc_num(c->proc));
	loop_settle();
	return CMD_OK;
}

static int process_kill(struct cmd_ctx *c)
{
	struct proc *victim = arg_proc(c, 0);
	if (!victim)
		return CMD_FAIL;
	int sig = c->argc > 1 ? sig_parse(c->argv[1].s) : SIGTERM;
	if (sig < 0) {
		cmd_usage_error(c, "unknown signal '%s' (try SIGTERM, SIGINT, SIGKILL, 15)", c->argv[1].s);
		return CMD_FAIL;
	}
	if (victim->state == PS_GONE) {
		out_error("p%d is gone (it was reaped); there is nothing to signal", victim->num);
		return CMD_FAIL;
	}
	char why[512];
	proc_kick(victim);	/* the settle after this waits for it to act on the signal */
	if (!c->proc || !proc_ready(c->proc, why, sizeof why))
		return kill_from_ipcsh(c, victim, sig);
	char pid[16], s[16];
	snprintf(pid, sizeof pid, "%d", (int)victim->pid);
	snprintf(s, sizeof s, "%d", sig);
	return cmd_send(c, &process_ops[OP_KILL], pid, s, NULL);
}

static int process_ps(struct cmd_ctx *c)
{
	struct table_opts o;
	if (!table_parse_args(c, &o, 0))
		return CMD_FAIL;
	struct table *t = table_new("processes", "PROC", "PID#", "PPID#", "STATE", NULL);
	for (int i = 1; i <= proc_count(); i++) {
		struct proc *p = proc_get(i);
		char num[16], pid[16], ppid[16];
		struct buf st = { 0 };
		snprintf(num, sizeof num, "p%d", p->num);
		snprintf(pid, sizeof pid, "%d", (int)p->pid);
		pid_t pp = p->dead && p->state == PS_GONE ? -1 : procfs_ppid(p->pid);
		if (pp <= 0) {
			struct proc *par = proc_get(p->parent);
			pp = par ? par->pid : getpid();
		}
		snprintf(ppid, sizeof ppid, "%d", (int)pp);
		proc_state_text(p, &st);
		table_row(t, num, pid, ppid, st.data, NULL);
		buf_free(&st);
	}
	return table_print(t, &o) ? CMD_OK : CMD_FAIL;
}

static const struct cmd_entry process_cmds[] = {
	{
		.noun = "fork",
		.flags = CMD_IN_PROC,
		.summary = "make a child of the current process (a real fork)",
		.calls = "pid_t pid = fork();",
		.man = "fork(2)",
		.example = "fork",
		.run = process_fork,
	},
	{
		.noun = "exec",
		.args = "PROG [ARG...]", .min = 1, .max = -1,
		.flags = CMD_IN_PROC | CMD_RUNS_PROGRAM,
		.summary = "replace the current process's program with PROG (its fds stay open)",
		.calls = "execvp(prog, argv);  (execv when PROG is a path: ./pipe4)",
		.man = "execvp(3), execv(3), execve(2)",
		.example = "exec echo hello",
		.complete = "P",
		.run = process_exec,
	},
	{
		.noun = "wait",
		.args = "[pN]", .max = 1,
		.flags = CMD_IN_PROC,
		.summary = "wait for a child to exit and collect its status (blocks while it runs)",
		.calls = "pid_t pid = wait(&status);  /* or waitpid(pid, &status, 0) */",
		.man = "wait(2)",
		.example = "fork; @p2 exit 3; wait",
		.complete = "p",
		.run = process_wait,
	},
	{
		.noun = "exit",
		.args = "[CODE]", .max = 1,
		.flags = CMD_IN_PROC,
		.summary = "end the current process with exit status CODE (default 0), flushing stdio's buffers first",
		.calls = "exit(code);",
		.man = "exit(3)",
		.example = "exit 3",
		.complete = "-",
		.run = process_exit,
	},
	{
		.noun = "_exit",
		.args = "[CODE]", .max = 1,
		.flags = CMD_IN_PROC,
		.summary = "end the current process with exit status CODE (default 0) at once: stdio's buffers are lost",
		.calls = "_exit(code);",
		.man = "_exit(2)",
		.example = "_exit 3",
		.complete = "-",
		.run = process__exit,
	},
	{
		.noun = "kill",
		.args = "pN [SIG]", .min = 1, .max = 2,
		.summary = "send signal SIG (default SIGTERM) to process pN, from the current process (from ipcsh if it is blocked)",
		.calls = "kill(pid, sig);",
		.man = "kill(2), signal(7)",
		.example = "fork; kill p2 SIGTERM",
		.complete = "ps",
		.run = process_kill,
	},
	{
		.noun = "ps",
		.args = TABLE_ARGS, .max = -1,
		.flags = CMD_LOOKS,
		.summary = "list the session's processes: PROC, PID, PPID and STATE",
		.calls = "(reads /proc/PID/stat)",
		.man = "proc(5)",
		.example = "ps",
		.complete = "T",
		.run = process_ps,
	},
	{
		.noun = "cd",
		.args = "DIR", .min = 1, .max = 1,
		.flags = CMD_IN_PROC,
		.summary = "change the current process's working directory (children forked later inherit it)",
		.calls = "chdir(dir);",
		.man = "chdir(2)",
		.example = "cd /tmp",
		.complete = "P",
		.run = process_cd,
	},
	{
		.noun = "pwd",
		.flags = CMD_IN_PROC | CMD_LOOKS,
		.summary = "print the current process's working directory",
		.calls = "getcwd(buf, size);",
		.man = "getcwd(3)",
		.example = "pwd",
		.complete = "-",
		.run = process_pwd,
	},
};

const struct family family_process = {
	.name = "process",
	.summary = "processes: fork, exec, wait, exit, _exit, kill, ps, cd, pwd",
	.rank = 10,
	.cmds = process_cmds,
	.ncmds = COUNT(process_cmds),
	.ops = process_ops,
	.nops = COUNT(process_ops),
};
