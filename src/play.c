/* play.c - ipcsh --play LESSON: runs every step's solution and checks that
 * each step's checks fail before it and hold after (a check that always
 * holds is a bug in the lesson). */
#include "play.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "lesson.h"
#include "lessondir.h"
#include "loop.h"
#include "out.h"
#include "proc.h"
#include "scratch.h"
#include "session.h"
#include "settings.h"

/* Evaluates every check of S; prints the ones that fail when VERBOSE. */
static bool all_hold(const struct lstep *s, bool verbose)
{
	bool ok = true;
	for (int i = 0; i < s->nchecks; i++) {
		struct buf why = { 0 };
		if (!check_holds(&s->checks[i], &why)) {
			ok = false;
			if (verbose)
				out_printf("  check at line %d fails: %s", s->checks[i].line, why.data);
		}
		buf_free(&why);
	}
	return ok;
}

static bool any_holds(const struct lstep *s, int *line)
{
	for (int i = 0; i < s->nchecks; i++) {
		struct buf why = { 0 };
		bool holds = check_holds(&s->checks[i], &why);
		buf_free(&why);
		if (holds) {
			*line = s->checks[i].line;
			return true;
		}
	}
	return false;
}

int play_lesson(const char *name)
{
	char *path = lesson_path(name);
	if (!path) {
		fprintf(stderr, "ipcsh: no lesson '%s' ('ipcsh -c lesson' lists them)\n", name);
		return 2;
	}
	struct lesson l;
	struct buf errors = { 0 };
	int failed = lesson_load(path, &l, &errors, check_fault) != 0;
	if (failed)
		fputs(errors.data, stderr);
	settings.source = path;
	if (!failed)
		lesson_warn_missing(&l);
	if (!failed && scratch_lesson_files(&l) < 0)
		failed = 1;
	if (!failed && proc_current())
		loop_wait_proc(proc_current());	/* p1 set up (its inherited fds closed) before any check */
	for (int i = 0; i < l.nsteps && !failed; i++) {
		const struct lstep *s = &l.steps[i];
		int line;
		check_calls_since(proc_call_seq());	/* the step's 'call' checks see its own calls */
		if (any_holds(s, &line)) {
			settings.line = line;
			out_error("step %d: this check holds before the solution runs", i + 1);
			failed = 1;
			break;
		}
		out_printf("step %d/%d: %s", i + 1, l.nsteps, s->title);
		for (int k = 0; k < s->nsolution; k++) {
			settings.line = s->line;
			out_printf("> %s", s->solution[k]);
			session_run_line(s->solution[k], strlen(s->solution[k]));
		}
		if (!all_hold(s, true)) {
			settings.line = s->line;
			out_error("step %d: its checks do not hold after the solution", i + 1);
			failed = 1;
		}
	}
	if (!failed)
		out_printf("%s: all %d steps passed", path, l.nsteps);
	lesson_free(&l);
	buf_free(&errors);
	free(path);
	settings.source = NULL;
	return failed;
}
