/* session.c - running one input line: '@pN' targets, dispatch, waiting and
 * printing in a fixed order. */
#include "session.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "buf.h"
#include "cmd.h"
#include "lexer.h"
#include "loop.h"
#include "objtab.h"
#include "out.h"
#include "proc.h"
#include "settings.h"

enum { LINE_LIMIT = 64 * 1024 };

struct session ses;
static const struct line_observer *observer;
/* The current line ran a command a lesson step is checked after, and one
 * that did more than look. */
static bool line_checks, line_acts;
/* A command of the line ran with '&': the line settles once it has run them all. */
static bool line_at_once;
/* The current line ran a lab command (not help or a setting): 'set timing on' times it. */
static bool line_timed;
/* How many scripts run inside the session ('source'): their lines settle as a script's. */
static int script_depth;
static unsigned long events_seen;	/* loop_events() when the observer last heard */

void session_observe(const struct line_observer *o)
{
	observer = o;
}

/* "@p2" -> process 2, or NULL with an error printed. */
static struct proc *parse_at(const char *w)
{
	struct proc *p = proc_parse(w);
	if (!p) {
		out_error("no process '%s' (see 'ps')", w + 1);
		return NULL;
	}
	return p;
}

static int switch_to(struct proc *p)
{
	char why[512];
	if (p->dead) {
		proc_ready(p, why, sizeof why);
		out_error("cannot switch to p%d: %s", p->num, why);
		return 1;
	}
	proc_set_current(p);
	return 0;
}

static int command_status(struct proc *p, int st)
{
	if (st != CMD_SENT)
		return st;
	if (p->dead)
		return WIFEXITED(p->wstatus) && !p->calling ? 0 : 1;
	if (p->state == PS_BUSY)
		return 0;	/* blocked: it is waiting, which is what was asked */
	return p->status;
}

static int run_command(struct command *c)
{
	struct proc *target = proc_current();
	int n = c->n;
	struct word *w = c->w;
	if (w[0].s[0] == '@' && !w[0].quoted) {
		if (word_has_nul(&w[0])) {
			out_error("no process '%s' (a process name cannot hold a NUL byte)", w[0].s + 1);
			return 1;
		}
		target = parse_at(w[0].s);
		if (!target)
			return 1;
		if (n == 1)
			return switch_to(target);
		w++;
		n--;
	}
	if (target)
		target->status = 0;
	out_hold(true);
	if (target && target->starting)
		loop_wait_proc(target);	/* a new worker: let it finish setting up */
	int num = target ? target->num : 0;
	unsigned flags = 0;
	int st = cmd_dispatch(n, w, target, &flags);
	if (flags & CMD_FOUND && !(flags & CMD_NO_CHECK)) {
		line_checks = true;	/* even if it failed: the learner hears why the step is not done */
		line_acts |= !(flags & CMD_LOOKS);
		line_timed = true;
	}
	target = proc_get(num);	/* 'restart' replaces every process */
	if (st == CMD_SENT && c->at_once) {
		line_at_once = true;	/* 'CMD &': the line waits for it at its end */
	} else if (st == CMD_SENT) {
		/* In a lesson the step is checked after the line: everything it set
		 * going (an exec'd program's output, say) must have happened. */
		if (settings.interactive && !observer && !script_depth)
			loop_wait_proc(target);
		else
			loop_settle();
	}
	out_flush(proc_num(target));
	out_hold(false);
	return command_status(target, st);
}

void session_between_lines(void)
{
	if (loop_events() == events_seen || loop_quitting())
		return;
	events_seen = loop_events();
	if (observer && observer->changed)
		observer->changed();
}

/* 'set timing on': the wall time since START, on a line of its own.  Not
 * part of what the line printed (a lesson checks that), and masked with the
 * pids, so that transcripts stay the same on every run. */
static void print_time(const struct timespec *start)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double secs = (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
	out_record_pause(true);
	if (settings.mask)
		out_printf("time: <t> s");
	else
		out_printf("time: %.3f s", secs);
	out_record_pause(false);
}

static int run_line(const char *line, size_t len)
{
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	out_record_reset();
	proc_note_asleep_programs();
	line_checks = line_acts = line_timed = false;
	if (len > LINE_LIMIT) {
		out_error("line too long (%zu bytes; at most %d)", len, LINE_LIMIT);
		return ses.last_status = 1;
	}
	if (memchr(line, '\0', len)) {
		out_error("the line contains a NUL byte (write it as \\x00 inside quotes)");
		return ses.last_status = 1;
	}
	if (observer && observer->take(line, len))
		return ses.last_status = 0;
	struct lexed lx;
	char err[256];
	if (lex_line(line, len, &lx, err, sizeof err) < 0) {
		out_error("%s", err);
		return ses.last_status = 1;
	}
	int st = 0;
	for (int i = 0; i < lx.ncmds && !loop_quitting(); i++) {
		st = run_command(&lx.cmds[i]);
		ses.last_status = st;
		if (st && ses.stop_on_error)
			break;
	}
	lex_free(&lx);
	if (line_at_once && !loop_quitting())
		loop_settle();
	line_at_once = false;
	if (line_timed && settings.timing)
		print_time(&start);
	if (line_checks && !loop_quitting()) {
		line_checks = false;
		if (observer)
			observer->after(line_acts);
	}
	events_seen = loop_events();
	return st;
}

int session_run_line(const char *line, size_t len)
{
	/* A line of a script that a line runs ('source'): the outer line's
	 * state is its own again afterwards. */
	bool checks = line_checks, acts = line_acts, at_once = line_at_once, timed = line_timed;
	int st = run_line(line, len);
	line_checks = checks;
	line_acts = acts;
	line_at_once = at_once;
	line_timed = timed;
	return st;
}

int session_script_depth(void)
{
	return script_depth;
}

int session_run_script(const char *name, const char *text, size_t len)
{
	const char *outer_source = settings.source;
	int outer_line = settings.line;
	settings.source = name;
	settings.line = 0;
	script_depth++;
	ses.last_status = 0;
	for (size_t i = 0; i < len && !loop_quitting();) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (text + i)) : len - i;
		settings.line++;
		if (ses.echo) {
			fflush(stdout);
			fprintf(stderr, "+ %.*s\n", (int)n, text + i);
		}
		char *line = xstrndup(text + i, n);	/* NUL-terminated, as every line */
		int st = session_run_line(line, n);
		free(line);
		i += n + 1;
		if (st && ses.stop_on_error)
			break;
	}
	script_depth--;
	settings.source = outer_source;
	settings.line = outer_line;
	return ses.last_status;
}

int session_restart(void)
{
	struct buf ended = { 0 };
	int n = 0;
	for (int i = 1; i <= proc_count(); i++)
		if (!proc_get(i)->dead)
			buf_printf(&ended, "%sp%d", n++ ? ", " : "", i);
	loop_end_all();
	proc_free_all();
	obj_clear();
	struct proc *p1 = proc_spawn_root();
	if (!p1) {
		out_error("cannot start a new p1: %s", strerror(errno));
		buf_free(&ended);
		return -1;
	}
	loop_wait_proc(p1);
	out_printf("  ended %s and what %s started; a fresh p1 (pid %d) takes commands",
		   n ? ended.data : "nothing", n == 1 ? "it" : "they", (int)p1->pid);
	buf_free(&ended);
	return 0;
}
