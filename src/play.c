/* play.c - ipcsh --play LESSON: runs every step's solution and checks that
 * each step's checks fail before it and hold after (a check that always
 * holds is a bug in the lesson). */
#include "play.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "lesson.h"
#include "out.h"
#include "scratch.h"
#include "session.h"
#include "settings.h"
#include "tutor.h"

int lesson_dirs(char **dirs, int max)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	exe[n > 0 ? n : 0] = '\0';
	char *slash = strrchr(exe, '/');
	if (slash)
		*slash = '\0';
	const char *env = getenv("IPCSH_LESSONS");
	/* The source tree (build/ipcsh, build/san/ipcsh), then an installed tree
	 * wherever it was moved (BINDIR/../share), then where it was installed. */
	const char *rel[] = { "../lessons", "../../lessons", "../share/ipcsh/lessons" };
	int nrel = (int)(sizeof rel / sizeof rel[0]), count = 0;
	struct buf b = { 0 };
	for (int i = -1; i <= nrel && count < max; i++) {
		buf_reset(&b);
		if (i == -1 && env && *env)
			buf_addstr(&b, env);
		else if (i >= 0 && i < nrel)
			buf_printf(&b, "%s/%s", exe, rel[i]);
		else if (i == nrel)
			buf_addstr(&b, IPCSH_DATADIR "/lessons");
		char *real = b.data ? realpath(b.data, NULL) : NULL;
		struct stat st;
		if (real && stat(real, &st) == 0 && S_ISDIR(st.st_mode))
			dirs[count++] = real;
		else
			free(real);
	}
	buf_free(&b);
	return count;
}

char *lesson_path(const char *name)
{
	if (strchr(name, '/') || strstr(name, ".lesson"))
		return access(name, R_OK) == 0 ? xstrdup(name) : NULL;
	char *dirs[LESSON_DIRS_MAX], *found = NULL;
	int n = lesson_dirs(dirs, LESSON_DIRS_MAX);
	for (int i = 0; i < n; i++) {
		struct buf b = { 0 };
		buf_printf(&b, "%s/%s.lesson", dirs[i], name);
		if (!found && access(b.data, R_OK) == 0)
			found = buf_take(&b);
		buf_free(&b);
		free(dirs[i]);
	}
	return found;
}

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
		fprintf(stderr, "ipcsh: no lesson '%s'\n", name);
		return 2;
	}
	struct lesson l;
	struct buf errors = { 0 };
	int failed = lesson_load(path, &l, &errors) != 0;
	if (failed)
		fputs(errors.data, stderr);
	settings.source = path;
	if (!failed)
		warn_missing_programs(&l);
	if (!failed && scratch_lesson_files(&l) < 0)
		failed = 1;
	for (int i = 0; i < l.nsteps && !failed; i++) {
		const struct lstep *s = &l.steps[i];
		int line;
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
