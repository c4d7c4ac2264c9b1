/* test_check.c - unit tests for src/check.c: every kind of check, evaluated
 * by check_holds on the live state of a real session.
 *
 * A worker is a fork of the controller, so this test binary is the
 * controller: each group starts a session as main.c does (loop_init,
 * proc_spawn_root) and drives it with session_run_line, not interactive, so
 * every line settles before it returns.  After each test the session is
 * restarted (session_restart: every process the test made is killed and
 * reaped, and a fresh p1 takes over), and the group's teardown ends it all.
 *
 * What the session prints goes to /dev/null, so that a failure's message is
 * not lost among it; IPCSH_TEST_OUTPUT=1 shows it.  The tests look at that
 * output only through the 'output' check. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "check.h"
#include "cmd.h"
#include "lesson.h"
#include "lexer.h"
#include "loop.h"
#include "objtab.h"
#include "out.h"
#include "proc.h"
#include "session.h"
#include "settings.h"

/* ---- the session's output ---- */

static FILE *sink;		/* /dev/null, or NULL to let the output through */
static FILE *real_out, *real_err;
static int hushed;

/* glibc's stdout and stderr are plain variables: pointing them at the sink
 * silences out.c (which prints through them) and nothing else. */
static void hush(void)
{
	if (!sink || hushed++)
		return;
	fflush(stdout);
	fflush(stderr);
	real_out = stdout;
	real_err = stderr;
	stdout = sink;
	stderr = sink;
}

static void unhush(void)
{
	if (!sink || --hushed)
		return;
	fflush(sink);
	stdout = real_out;
	stderr = real_err;
}

/* ---- the session ---- */

static int session_up(void **state)
{
	const char *show = getenv("IPCSH_TEST_OUTPUT");
	sink = show && *show && strcmp(show, "0") ? NULL : fopen("/dev/null", "we");
	settings.interactive = false;
	settings.color = false;
	out_mask_add(getpid(), "<ipcsh>");
	loop_init();
	hush();
	struct proc *p1 = proc_spawn_root();
	if (p1)
		loop_wait_proc(p1);
	unhush();
	if (!p1 || p1->state != PS_IDLE) {
		print_error("cannot start p1: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

static int session_down(void **state)
{
	hush();
	loop_shutdown();
	unhush();
	int bad = 0;
	for (int i = 1; i <= proc_count(); i++)
		if (kill(proc_get(i)->pid, 0) == 0 || errno != ESRCH) {
			print_error("p%d (pid %d) is still there\n", i, (int)proc_get(i)->pid);
			bad = -1;
		}
	if (waitpid(-1, NULL, WNOHANG) != -1 || errno != ECHILD) {
		print_error("a child is left after loop_shutdown\n");
		bad = -1;
	}
	proc_free_all();
	obj_clear();
	out_mask_clear();
	out_record_free();
	if (sink)
		fclose(sink);
	sink = NULL;
	return bad;
}

/* After each test: end what it made, check it is gone, and start a fresh p1. */
static int fresh_session(void **state)
{
	pid_t pids[64];
	int n = 0;
	for (int i = 1; i <= proc_count() && n < 64; i++)
		pids[n++] = proc_get(i)->pid;
	hush();
	int r = session_restart();
	unhush();
	if (r < 0) {
		print_error("session_restart failed: %s\n", strerror(errno));
		return -1;
	}
	pid_t p1 = proc_get(1) ? proc_get(1)->pid : 0;
	for (int i = 0; i < n; i++)
		if (pids[i] != p1 && kill(pids[i], 0) == 0) {
			print_error("pid %d of the test is still there\n", (int)pids[i]);
			r = -1;
		}
	if (proc_count() != 1 || obj_first() != NULL) {
		print_error("restart left %d processes and %s objects\n", proc_count(), obj_first() ? "some" : "no");
		r = -1;
	}
	return r;
}

/* Runs LINE in the session, as typed in a script; it must succeed. */
static void run_line(const char *line, bool must_succeed, const char *file, int cline)
{
	hush();
	int st = session_run_line(line, strlen(line));
	unhush();
	if (must_succeed && st != 0) {
		print_error("'%s' failed with status %d\n", line, st);
		_fail(file, cline);
	}
}
#define RUN(line) run_line((line), true, __FILE__, __LINE__)
#define RUN_ANY(line) run_line((line), false, __FILE__, __LINE__)

/* Sends the one command of LINE ("@p2 pipe read") to its process but does not
 * wait: until settle() the process is busy with it, and nothing has looked
 * in /proc yet, so it counts as running even if it is about to block. */
static struct proc *send_unsettled(const char *line)
{
	struct lexed lx;
	char err[128];
	assert_int_equal(lex_line(line, strlen(line), &lx, err, sizeof err), 0);
	assert_int_equal(lx.ncmds, 1);
	struct word *w = lx.cmds[0].w;
	int n = lx.cmds[0].n;
	struct proc *target = proc_current();
	if (w[0].s[0] == '@') {
		target = proc_parse(w[0].s);
		w++;
		n--;
	}
	assert_non_null(target);
	out_record_reset();
	out_hold(true);
	hush();
	unsigned flags;
	int st = cmd_dispatch(n, w, target, &flags);
	if (st != CMD_SENT) {
		out_flush(proc_num(target));
		out_hold(false);
	}
	unhush();
	lex_free(&lx);
	assert_int_equal(st, CMD_SENT);
	return target;
}

static void settle(struct proc *target)
{
	hush();
	loop_settle();
	out_flush(proc_num(target));
	out_hold(false);
	unhush();
}

/* ---- checks ---- */

/* Evaluates the check made of the words after WANT_WHY (NULL-terminated):
 * it must hold (WANT_HOLD), or fail with a WHY that contains WANT_WHY. */
static void try_check(bool want_hold, const char *want_why, const char *file, int cline, ...)
{
	char *argv[8];
	struct lcheck c = { .line = cline, .argv = argv };
	struct buf text = { 0 }, why = { 0 };
	va_list ap;
	va_start(ap, cline);
	const char *w;
	while ((w = va_arg(ap, const char *)) && c.argc < 8) {
		argv[c.argc++] = (char *)w;
		buf_printf(&text, "%s%s", c.argc > 1 ? " " : "", w);
	}
	va_end(ap);
	hush();
	bool ok = check_holds(&c, &why);
	unhush();
	const char *said = why.data ? why.data : "";
	bool bad = false;
	if (want_hold && !ok) {
		print_error("check '%s' does not hold: %s\n", text.data, said);
		bad = true;
	} else if (want_hold && why.len) {
		print_error("check '%s' holds, yet says why not: %s\n", text.data, said);
		bad = true;
	} else if (!want_hold && ok) {
		print_error("check '%s' holds; it should fail\n", text.data);
		bad = true;
	} else if (!want_hold && (!why.len || !strstr(said, want_why))) {
		print_error("check '%s' fails, but says \"%s\"; expected \"%s\" in it\n", text.data, said, want_why);
		bad = true;
	}
	buf_free(&text);
	buf_free(&why);
	if (bad)
		_fail(file, cline);
}
#define HOLDS(...) try_check(true, NULL, __FILE__, __LINE__, __VA_ARGS__, (const char *)NULL)
#define FAILS(why, ...) try_check(false, (why), __FILE__, __LINE__, __VA_ARGS__, (const char *)NULL)

/* ---- object KIND [buffered N] ---- */

static void object__no_pipe_yet__fails_then_holds_after_pipe_new(void **state)
{
	FAILS("there is no pipe yet", "object", "pipe");
	RUN("pipe new");
	HOLDS("object", "pipe");
	FAILS("there is no fifo yet", "object", "fifo");
	FAILS("'frob' is not a kind of object", "object", "frob");
}

static void object__every_end_closed__fails(void **state)
{
	RUN("pipe new; fork; pipe close read; pipe close write");
	HOLDS("object", "pipe");	/* p2 still holds both ends */
	RUN("@p2 pipe close read; @p2 pipe close write");
	FAILS("there is no pipe yet", "object", "pipe");
	RUN("pipe new");
	HOLDS("object", "pipe");	/* pipe2 is the current pipe now */
}

static void object_buffered__bytes_written_and_read__counted(void **state)
{
	RUN("pipe new");
	HOLDS("object", "pipe", "buffered", "0");
	FAILS("pipe1 holds 0 bytes, not 5", "object", "pipe", "buffered", "5");
	RUN("pipe write hello");
	HOLDS("object", "pipe", "buffered", "5");
	FAILS("pipe1 holds 5 bytes, not 4", "object", "pipe", "buffered", "4");
	FAILS("pipe1 holds 5 bytes, not 0", "object", "pipe", "buffered", "0");
	RUN("pipe read 2");
	HOLDS("object", "pipe", "buffered", "3");
	FAILS("pipe1 holds 3 bytes, not 5", "object", "pipe", "buffered", "5");
	/* The current pipe is the one made last. */
	RUN("pipe new");
	HOLDS("object", "pipe", "buffered", "0");
	FAILS("pipe2 holds 0 bytes, not 3", "object", "pipe", "buffered", "3");
	/* An object by name, current or not. */
	HOLDS("object", "pipe1", "buffered", "3");
	FAILS("pipe1 holds 3 bytes, not 0", "object", "pipe1", "buffered", "0");
	HOLDS("object", "pipe2");
	FAILS("there is no pipe3 yet", "object", "pipe3");
	RUN("pipe close read; pipe close write");
	FAILS("pipe2 is gone", "object", "pipe2");
	HOLDS("object", "pipe1");
}

static void object_buffered__only_holder_blocked__fails(void **state)
{
	/* p2 alone holds the pipe, and it is blocked reading it: nobody can say. */
	RUN("pipe new; fork; pipe close read; pipe close write; @p2 pipe read");
	HOLDS("process", "p2", "blocked", "read");
	HOLDS("object", "pipe");
	FAILS("no process that holds pipe1 can say how full it is now", "object", "pipe", "buffered", "0");
}

static void object_shm__nattch_size_dest_and_a_read__as_the_kernel_says(void **state)
{
	RUN("shm new private 64");
	HOLDS("object", "shm", "size", "64");
	FAILS("shm1 has 64 bytes, not 1024", "object", "shm", "size", "1024");
	HOLDS("object", "shm", "nattch", "0");
	HOLDS("object", "shm", "dest", "0");
	FAILS("shm1 is not removed (not dest)", "object", "shm", "dest", "1");
	RUN("shm attach; fork");
	HOLDS("object", "shm", "nattch", "2");
	FAILS("shm1 has 2 attachments, not 1", "object", "shm", "nattch", "1");
	/* A string read is a strlen of the segment, in the process that read. */
	RUN("shm write hello; @p2 shm read");
	HOLDS("call", "p2", "strlen", "returned", "5");
	FAILS("p1 has made no strlen() call", "call", "p1", "strlen");
	/* Removed while attached: it stays, dest, until the last detach. */
	RUN("shm rm");
	HOLDS("object", "shm");
	HOLDS("object", "shm", "dest", "1");
	FAILS("shm1 is removed already (dest)", "object", "shm", "dest", "0");
	FAILS("'dest' is 1 (removed, still attached) or 0", "object", "shm", "dest", "2");
	RUN("@p2 shm detach");
	HOLDS("object", "shm", "nattch", "1");
	HOLDS("object", "shm", "dest", "1");
	RUN("shm detach");
	FAILS("there is no shm yet", "object", "shm", "dest", "1");	/* the current one has gone */
	FAILS("shm1 is gone", "object", "shm1", "nattch", "0");
}

static void object__bad_attribute__fails(void **state)
{
	RUN("pipe new");
	FAILS("no attribute 'size' of a pipe", "object", "pipe", "size", "3");
	FAILS("no attribute 'buffered' of a pipe", "object", "pipe", "buffered");
}

/* ---- object sem value|ncnt|zcnt N... ---- */

static void object_sem__values_and_waiters__one_number_each(void **state)
{
	FAILS("there is no sem yet", "object", "sem", "value", "0");
	RUN("sem new private 3; sem setall 1 0 3");
	HOLDS("object", "sem", "value", "1", "0", "3");
	HOLDS("object", "sem1", "value", "1");	/* fewer numbers: the first semaphores only */
	FAILS("sem1[1] has value 0, not 2", "object", "sem", "value", "1", "2");
	FAILS("sem1 has 3 semaphores, not 4", "object", "sem", "value", "1", "0", "3", "0");
	HOLDS("object", "sem", "ncnt", "0", "0", "0");
	RUN("fork; @p2 sem P 1");
	HOLDS("process", "p2", "blocked", "semop");
	HOLDS("object", "sem", "ncnt", "0", "1", "0");
	FAILS("sem1[1] has semncnt (processes waiting for it to rise) 1, not 0", "object", "sem", "ncnt", "0", "0");
	RUN("sem V 1");
	HOLDS("object", "sem", "value", "1", "0", "3");
	HOLDS("object", "sem", "ncnt", "0", "0", "0");
	RUN("@p2 sem op 2=0");
	HOLDS("object", "sem", "zcnt", "0", "0", "1");
	FAILS("sem1[2] has semzcnt (processes waiting for it to be 0) 1, not 0", "object", "sem", "zcnt", "0", "0", "0");
	RUN("sem rm");
	FAILS("sem1 is gone", "object", "sem1", "value", "0");
}

/* ---- call pN NAME ... ---- */

/* shm incr makes 2N semop calls with a lock and none without: the last is
 * noted, so that a lesson sees the lock was taken (semaphore.lesson). */
static void call_semop__incr_with_lock__its_last_semop_noted(void **state)
{
	RUN("shm new private 64; shm attach; sem new private; sem set 1");
	check_calls_since(proc_call_seq());
	RUN("shm incr 100");
	FAILS("p1 has made no semop() call in this step", "call", "p1", "semop");
	RUN("shm incr 8 100 lock sem1");
	HOLDS("call", "p1", "semop", "returned", "0");
	HOLDS("object", "sem1", "value", "1");
	HOLDS("output", "the counter went from 0 to 100 during this process's 100 increments");
	check_calls_since(0);
}

/* ---- objects KIND COUNT ---- */

static void objects__count__exact(void **state)
{
	HOLDS("objects", "pipe", "0");
	FAILS("there are 0 pipes, not 1", "objects", "pipe", "1");
	RUN("pipe new");
	HOLDS("objects", "pipe", "1");
	FAILS("there is 1 pipe, not 2", "objects", "pipe", "2");
	FAILS("there is 1 pipe, not 0", "objects", "pipe", "0");
	RUN("pipe new");
	HOLDS("objects", "pipe", "2");
	FAILS("there are 2 pipes, not 1", "objects", "pipe", "1");
	HOLDS("objects", "fifo", "0");
	/* A pipe whose ends are all closed no longer counts. */
	RUN("pipe close pipe1 read; pipe close pipe1 write");
	HOLDS("objects", "pipe", "1");
	FAILS("there is 1 pipe, not 2", "objects", "pipe", "2");
}

/* ---- process pN STATE [ARG] ---- */

static void process__unknown__fails(void **state)
{
	FAILS("there is no process p9", "process", "p9", "exists");
	FAILS("there is no process p9", "process", "p9", "gone");
	FAILS("there is no process p0", "process", "p0", "exists");
	FAILS("there is no process x", "process", "x", "exists");
	FAILS("unknown process state 'asleep'", "process", "p1", "asleep");
}

static void process__ready_p1__only_ready_and_exists_hold(void **state)
{
	HOLDS("process", "p1", "exists");
	HOLDS("process", "p1", "ready");
	FAILS("p1 is ready, not running", "process", "p1", "running");
	FAILS("p1 is ready, not blocked", "process", "p1", "blocked");
	FAILS("p1 is ready, not blocked read", "process", "p1", "blocked", "read");
	FAILS("p1 is ready, not execed", "process", "p1", "execed");
	FAILS("p1 is ready, not orphan", "process", "p1", "orphan");
	FAILS("p1 is ready, not zombie", "process", "p1", "zombie");
	FAILS("p1 is ready, not exited", "process", "p1", "exited");
	FAILS("p1 is ready, not exited 0", "process", "p1", "exited", "0");
	FAILS("p1 is ready, not killed", "process", "p1", "killed");
	FAILS("p1 is ready, not gone", "process", "p1", "gone");
}

static void process__running_then_blocked__each_in_turn(void **state)
{
	RUN("pipe new; fork");
	struct proc *p2 = send_unsettled("@p2 pipe read");
	HOLDS("process", "p2", "running");
	HOLDS("process", "p2", "exists");
	FAILS("p2 is running, not blocked", "process", "p2", "blocked");
	FAILS("p2 is running, not ready", "process", "p2", "ready");
	settle(p2);
	HOLDS("process", "p2", "blocked");
	HOLDS("process", "p2", "blocked", "read");
	HOLDS("process", "p2", "blocked", "read(3");
	HOLDS("process", "p2", "exists");
	FAILS("p2 is blocked in read, not blocked write", "process", "p2", "blocked", "write");
	FAILS("p2 is blocked in read, not running", "process", "p2", "running");
	FAILS("p2 is blocked in read, not ready", "process", "p2", "ready");
	HOLDS("process", "p1", "ready");
	RUN("pipe write hi");
	HOLDS("process", "p2", "ready");
	FAILS("p2 is ready, not blocked", "process", "p2", "blocked");
	FAILS("p2 is ready, not blocked read", "process", "p2", "blocked", "read");
}

static void process__execed_program__then_killed_while_parent_waits(void **state)
{
	RUN("fork; @p2 exec sleep 100");
	HOLDS("process", "p2", "execed");
	HOLDS("process", "p2", "execed", "sleep");
	HOLDS("process", "p2", "execed", "/usr/bin/sleep");	/* directories aside */
	HOLDS("process", "p2", "execed", "./sleep");
	HOLDS("process", "p2", "exists");
	FAILS("p2 is exec'd sleep, not execed cat", "process", "p2", "execed", "cat");
	FAILS("p2 is exec'd sleep, not execed slee", "process", "p2", "execed", "slee");
	FAILS("p2 is exec'd sleep, not ready", "process", "p2", "ready");
	FAILS("p2 is exec'd sleep, not blocked", "process", "p2", "blocked");
	FAILS("p2 is exec'd sleep, not running", "process", "p2", "running");
	FAILS("p2 is exec'd sleep, not zombie", "process", "p2", "zombie");
	FAILS("p1 is ready, not execed", "process", "p1", "execed");
	RUN("wait");
	HOLDS("process", "p1", "blocked");
	HOLDS("process", "p1", "blocked", "wait");
	FAILS("p1 is blocked in wait", "process", "p1", "blocked", "read");
	FAILS("p1 is blocked in wait", "process", "p1", "ready");
	RUN("kill p2 KILL");	/* from ipcsh, since p1 is blocked */
	HOLDS("process", "p1", "ready");
	HOLDS("process", "p2", "gone");
	HOLDS("process", "p2", "killed");
	HOLDS("process", "p2", "killed", "KILL");
	HOLDS("process", "p2", "killed", "SIGKILL");
	HOLDS("process", "p2", "killed", "kill");
	HOLDS("process", "p2", "killed", "9");
	FAILS("p2 is killed by SIGKILL, not killed TERM", "process", "p2", "killed", "TERM");
	FAILS("not execed", "process", "p2", "execed");
	FAILS("not execed sleep", "process", "p2", "execed", "sleep");
	FAILS("not exited", "process", "p2", "exited");
	FAILS("p2 has ended", "process", "p2", "exists");
	FAILS("not zombie", "process", "p2", "zombie");
}

static void process__killed_not_waited__zombie(void **state)
{
	RUN("fork; fork; kill p3 KILL");
	HOLDS("process", "p3", "zombie");
	HOLDS("process", "p3", "killed");
	HOLDS("process", "p3", "killed", "KILL");
	HOLDS("process", "p3", "killed", "SIGKILL");
	FAILS("p3 is zombie, not killed TERM", "process", "p3", "killed", "TERM");
	FAILS("p3 is zombie, not exited", "process", "p3", "exited");
	FAILS("p3 is zombie, not gone", "process", "p3", "gone");
	FAILS("p3 has ended: zombie (killed by SIGKILL)", "process", "p3", "exists");
	FAILS("p3 is zombie, not orphan", "process", "p3", "orphan");
	FAILS("p3 is zombie, not ready", "process", "p3", "ready");
	/* Its sibling is untouched. */
	HOLDS("process", "p2", "ready");
	FAILS("p2 is ready, not killed", "process", "p2", "killed");
	FAILS("p2 is ready, not killed KILL", "process", "p2", "killed", "KILL");
}

static void process__execed_then_terminated__killed_term(void **state)
{
	RUN("fork; @p2 exec sleep 100");
	RUN("kill p2");
	HOLDS("process", "p2", "zombie");
	HOLDS("process", "p2", "killed", "TERM");
	HOLDS("process", "p2", "killed", "SIGTERM");
	HOLDS("process", "p2", "killed", "term");
	HOLDS("process", "p2", "killed", "15");
	FAILS("p2 is zombie, not killed KILL", "process", "p2", "killed", "KILL");
	FAILS("p2 is zombie, not execed", "process", "p2", "execed");
}

static void process__exit_3__zombie_then_gone_after_wait(void **state)
{
	RUN("fork; @p2 exit 3");
	HOLDS("process", "p2", "zombie");
	HOLDS("process", "p2", "exited");
	HOLDS("process", "p2", "exited", "3");
	FAILS("p2 is zombie, not exited 4 (exited 3)", "process", "p2", "exited", "4");
	FAILS("p2 is zombie, not exited 0", "process", "p2", "exited", "0");
	FAILS("p2 is zombie, not killed", "process", "p2", "killed");
	FAILS("p2 is zombie, not gone", "process", "p2", "gone");
	FAILS("p2 has ended: zombie (exited 3)", "process", "p2", "exists");
	FAILS("p2 is zombie, not ready", "process", "p2", "ready");
	FAILS("p2 is zombie, not running", "process", "p2", "running");
	RUN("wait");
	HOLDS("process", "p2", "gone");
	HOLDS("process", "p2", "exited");
	HOLDS("process", "p2", "exited", "3");
	FAILS("p2 is exited 3, not zombie", "process", "p2", "zombie");
	FAILS("p2 is exited 3, not exited 4", "process", "p2", "exited", "4");
	FAILS("p2 has ended: exited 3", "process", "p2", "exists");
	FAILS("p2 is exited 3, not killed", "process", "p2", "killed");
}

static void process__parent_exits__child_is_orphan(void **state)
{
	RUN("fork; @p2 fork; @p2 exit");
	HOLDS("process", "p3", "orphan");
	HOLDS("process", "p3", "exists");
	HOLDS("process", "p3", "ready");
	FAILS("p2 is zombie, not orphan", "process", "p2", "orphan");
	FAILS("p1 is ready, not orphan", "process", "p1", "orphan");
	HOLDS("process", "p2", "exited", "0");
	/* The orphan's end: ipcsh, its new parent, reaps it at once. */
	RUN("@p3 exit 4");
	FAILS("p3 is exited 4, not orphan", "process", "p3", "orphan");
	FAILS("p3 is exited 4, not zombie", "process", "p3", "zombie");
	HOLDS("process", "p3", "gone");
	HOLDS("process", "p3", "exited", "4");
	HOLDS("process", "p2", "zombie");	/* p1 has not waited */
}

/* ---- output TEXT ---- */

static void output__after_the_line_that_printed_it__holds_then_not(void **state)
{
	RUN("pipe new; pipe write xyzzy");
	HOLDS("output", "xyzzy");
	HOLDS("output", "write(4, \"xyzzy\", 5) = 5");
	HOLDS("output", "pipe1: read end fd 3");	/* an earlier command of the same line */
	FAILS("the last output does not show \"XYZZY\"", "output", "XYZZY");
	FAILS("the last output does not show \"plugh\"", "output", "plugh");
	RUN("fds");
	FAILS("the last output does not show \"xyzzy\"", "output", "xyzzy");
	HOLDS("output", "pipe1 read end");
}

static void output__other_process_and_errors__recorded_without_tags(void **state)
{
	RUN("pipe new; fork; @p2 pipe read");
	RUN("pipe write hello");
	/* p2's read returned on this line: its trace counts, without its tag. */
	HOLDS("output", "read(3, buf, 4096) = 5 -> \"hello\"");
	FAILS("the last output does not show \"[p2]\"", "output", "[p2]");
	RUN_ANY("kill p7");
	HOLDS("output", "no process 'p7'");
	FAILS("the last output does not show \"hello\"", "output", "hello");
}

/* ---- fd pN N open|closed, fd pN N REF read|write ---- */

static void fd__open_and_closed__as_proc_shows(void **state)
{
	RUN("pipe new");
	HOLDS("fd", "p1", "0", "open");
	HOLDS("fd", "p1", "3", "open");
	HOLDS("fd", "p1", "4", "open");
	HOLDS("fd", "p1", "5", "closed");
	FAILS("fd 5 of p1 is closed", "fd", "p1", "5", "open");
	FAILS("fd 3 of p1 is pipe1's read end", "fd", "p1", "3", "closed");
	FAILS("fd 4 of p1 is pipe1's write end", "fd", "p1", "4", "closed");
	FAILS("fd 0 of p1 is open on /dev/null", "fd", "p1", "0", "closed");
	RUN("fd close 3");
	HOLDS("fd", "p1", "3", "closed");
	FAILS("fd 3 of p1 is closed", "fd", "p1", "3", "open");
}

/* not CHECK holds when CHECK does not, and says so when it does. */
static void not__a_check_that_fails__holds(void **state)
{
	HOLDS("not", "object", "pipe");
	RUN("pipe new");
	FAILS("it is so that object pipe", "not", "object", "pipe");
	HOLDS("not", "fd", "p1", "3", "closed");
	RUN("fd close 3");
	FAILS("it is so that fd p1 3 closed", "not", "fd", "p1", "3", "closed");
}

static void fd__end_of_a_pipe__read_or_write(void **state)
{
	RUN("pipe new");
	HOLDS("fd", "p1", "3", "pipe1", "read");
	HOLDS("fd", "p1", "4", "pipe1", "write");
	FAILS("fd 3 of p1 is pipe1's read end", "fd", "p1", "3", "pipe1", "write");
	FAILS("fd 4 of p1 is pipe1's write end", "fd", "p1", "4", "pipe1", "read");
	FAILS("fd 5 of p1 is closed", "fd", "p1", "5", "pipe1", "read");
	FAILS("fd 3 of p1 is pipe1's read end", "fd", "p1", "3", "pipe2", "read");	/* no pipe2 */
	FAILS("fd 1 of p1 is ipcsh's output pipe (what p1 writes there is shown as [p1])", "fd", "p1", "1", "pipe1", "write");
	RUN("pipe new");
	HOLDS("fd", "p1", "5", "pipe2", "read");
	HOLDS("fd", "p1", "6", "pipe2", "write");
	FAILS("fd 5 of p1 is pipe2's read end", "fd", "p1", "5", "pipe1", "read");
	FAILS("fd 3 of p1 is pipe1's read end", "fd", "p1", "3", "pipe2", "read");
}

static void fd__dup2_in_child__write_end_on_stdout(void **state)
{
	RUN("pipe new; fork; @p2 fd dup2 4 1");
	HOLDS("fd", "p2", "1", "pipe1", "write");
	HOLDS("fd", "p2", "1", "open");
	HOLDS("fd", "p2", "3", "pipe1", "read");	/* inherited */
	FAILS("fd 1 of p2 is pipe1's write end", "fd", "p2", "1", "pipe1", "read");
	FAILS("fd 1 of p1 is ipcsh's output pipe", "fd", "p1", "1", "pipe1", "write");
	RUN("@p2 fd close 4");
	HOLDS("fd", "p2", "4", "closed");
	HOLDS("fd", "p2", "1", "pipe1", "write");
}

static void fd__process_not_alive__fails_either_way(void **state)
{
	RUN("fork; @p2 exit");
	FAILS("p2 is not a live process", "fd", "p2", "0", "open");
	FAILS("p2 is not a live process", "fd", "p2", "0", "closed");
	FAILS("p2 is not a live process", "fd", "p2", "9", "closed");
	FAILS("p9 is not a live process", "fd", "p9", "0", "open");
	FAILS("p9 is not a live process", "fd", "p9", "0", "closed");
	/* A program that replaced its worker still has fds. */
	RUN("pipe new; fork; @p3 exec sleep 100");
	HOLDS("fd", "p3", "3", "pipe1", "read");
	HOLDS("fd", "p3", "5", "closed");
}

/* The controller's own fd that reads /proc/PID/fd has some number; a
 * worker's fd of that number is still listed. */
static void fd__number_of_controllers_dirfd__still_seen(void **state)
{
	int probe = open("/dev/null", O_RDONLY | O_CLOEXEC);	/* the fd opendir gets next */
	close(probe);
	while (!proc_get(1)->dead) {
		RUN("pipe new");
		if (obj_current(OBJ_PIPE)->fd[1] >= probe)
			break;
	}
	char fd[16];
	snprintf(fd, sizeof fd, "%d", probe);
	HOLDS("fd", "p1", fd, "open");
}

/* ipcsh's control channel is hidden, as 'fds' hides it. */
static void fd__control_channel__not_the_learners(void **state)
{
	FAILS("fd 1000 of p1 is closed", "fd", "p1", "1000", "open");
	HOLDS("fd", "p1", "1000", "closed");
}

/* A program that waits for end of file on a pipe: the reason names who
 * still holds the write end, and closing it lets the program end. */
static void process__reader_without_eof__names_the_writer(void **state)
{
	RUN("pipe new; fork; @p2 fd dup2 3 0; @p2 fd close 3; @p2 fd close 4; @p2 exec cat");
	FAILS("waits in read() on pipe1 for end of file, and p1 fd 4 still holds its write end",
	      "process", "p2", "exited", "0");
	RUN("pipe close write");
	HOLDS("process", "p2", "exited", "0");
}

/* ---- the kind ---- */

static void check_holds__unknown_kind__fails(void **state)
{
	FAILS("unknown check 'frob'", "frob", "x");
}

#define T(name) cmocka_unit_test_teardown(name, fresh_session)

int main(void)
{
	const struct CMUnitTest objects[] = {
		T(object__no_pipe_yet__fails_then_holds_after_pipe_new),
		T(object__every_end_closed__fails),
		T(object_buffered__bytes_written_and_read__counted),
		T(object_buffered__only_holder_blocked__fails),
		T(object_shm__nattch_size_dest_and_a_read__as_the_kernel_says),
		T(object__bad_attribute__fails),
		T(object_sem__values_and_waiters__one_number_each),
		T(call_semop__incr_with_lock__its_last_semop_noted),
		T(objects__count__exact),
		T(check_holds__unknown_kind__fails),
	};
	const struct CMUnitTest processes[] = {
		T(process__unknown__fails),
		T(process__ready_p1__only_ready_and_exists_hold),
		T(process__running_then_blocked__each_in_turn),
		T(process__execed_program__then_killed_while_parent_waits),
		T(process__killed_not_waited__zombie),
		T(process__execed_then_terminated__killed_term),
		T(process__exit_3__zombie_then_gone_after_wait),
		T(process__parent_exits__child_is_orphan),
		T(process__reader_without_eof__names_the_writer),
	};
	const struct CMUnitTest output[] = {
		T(output__after_the_line_that_printed_it__holds_then_not),
		T(output__other_process_and_errors__recorded_without_tags),
	};
	const struct CMUnitTest fds[] = {
		T(fd__open_and_closed__as_proc_shows),
		T(not__a_check_that_fails__holds),
		T(fd__end_of_a_pipe__read_or_write),
		T(fd__dup2_in_child__write_end_on_stdout),
		T(fd__process_not_alive__fails_either_way),
		T(fd__number_of_controllers_dirfd__still_seen),
		T(fd__control_channel__not_the_learners),
	};
	int failed = 0;
	failed += cmocka_run_group_tests_name("object and objects checks", objects, session_up, session_down);
	failed += cmocka_run_group_tests_name("process checks", processes, session_up, session_down);
	failed += cmocka_run_group_tests_name("output checks", output, session_up, session_down);
	failed += cmocka_run_group_tests_name("fd checks", fds, session_up, session_down);
	return failed ? 1 : 0;
}
