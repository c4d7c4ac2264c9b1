/* lessondir.c - where lessons are found, the list of them with the
 * learner's progress, and the programs a lesson needs that are missing. */
#include "lessondir.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "lesson.h"
#include "out.h"
#include "progress.h"
#include "table.h"

/* The directory of the running binary (malloc'd). */
static char *exe_dir(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	exe[n > 0 ? n : 0] = '\0';
	char *slash = strrchr(exe, '/');
	if (slash)
		*slash = '\0';
	return xstrdup(exe);
}

int lesson_dirs(char **dirs, int max)
{
	char *exe = exe_dir();
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
	free(exe);
	return count;
}

char *lesson_program_path(const char *name)
{
	char *dirs[LESSON_DIRS_MAX + 1], *found = NULL;
	dirs[0] = exe_dir();
	int n = 1 + lesson_dirs(dirs + 1, LESSON_DIRS_MAX);
	for (int i = 0; i < n; i++) {
		struct buf b = { 0 };
		buf_printf(&b, i == 0 ? "%s/lessons/programs/%s" : "%s/programs/%s", dirs[i], name);
		if (!found && access(b.data, X_OK) == 0)
			found = buf_take(&b);
		buf_free(&b);
		free(dirs[i]);
	}
	return found;
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

void lesson_warn_missing(const struct lesson *l)
{
	struct buf missing = { 0 };
	int n = lesson_missing_programs(l, &missing);
	if (n)
		out_printf("Note: this lesson runs %s, which %s not on $PATH: the steps that run %s will "
			   "fail until %s installed.", missing.data, n == 1 ? "is" : "are", n == 1 ? "it" : "them",
			   n == 1 ? "it is" : "they are");
	buf_free(&missing);
}

/* One row of the lesson list. */
struct listed {
	int order;
	char name[256];
	char *progress;
	char *title;
};

static bool listed_already(const struct listed *v, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(v[i].name, name) == 0)
			return true;
	return false;
}

static char *progress_text(const char *name, int nsteps)
{
	struct buf b = { 0 };
	int p = progress_load(name);
	if (p < 0)
		buf_addstr(&b, "done");
	else if (p == 0)
		buf_addstr(&b, "not started");
	else
		buf_printf(&b, "step %d of %d", p + 1, nsteps);
	return buf_take(&b);
}

/* Adds the lessons in DIR that no earlier directory had. */
static void list_dir(const char *dir, struct listed **v, int *n)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	while (d && (de = readdir(d))) {
		size_t len = strlen(de->d_name);
		if (len < 8 || strcmp(de->d_name + len - 7, ".lesson") != 0)
			continue;
		struct listed e = { 0 };
		snprintf(e.name, sizeof e.name, "%.*s", (int)(len - 7), de->d_name);
		if (listed_already(*v, *n, e.name))
			continue;
		struct buf path = { 0 }, err = { 0 };
		buf_printf(&path, "%s/%s", dir, de->d_name);
		struct lesson l;
		lesson_load(path.data, &l, &err, NULL);	/* only its title and order */
		e.progress = progress_text(e.name, l.nsteps);
		e.title = xstrdup(l.title ? l.title : "(broken)");
		e.order = l.order;
		lesson_free(&l);
		buf_free(&err);
		buf_free(&path);
		*v = xrealloc(*v, sizeof **v * (size_t)(*n + 1));
		(*v)[(*n)++] = e;
	}
	if (d)
		closedir(d);
}

static int by_order(const void *a, const void *b)
{
	const struct listed *x = a, *y = b;
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return strcmp(x->name, y->name);
}

bool lesson_list(const struct table_opts *o)
{
	struct listed *v = NULL;
	int n = 0;
	char *dirs[LESSON_DIRS_MAX];
	int ndirs = lesson_dirs(dirs, LESSON_DIRS_MAX);
	for (int i = 0; i < ndirs; i++) {
		list_dir(dirs[i], &v, &n);
		free(dirs[i]);
	}
	if (!n) {
		out_error("no lessons found");
		return false;
	}
	qsort(v, (size_t)n, sizeof *v, by_order);
	struct table *t = table_new("lessons", "NAME", "PROGRESS", "TITLE~", NULL);
	for (int i = 0; i < n; i++) {
		table_row(t, v[i].name, v[i].progress, v[i].title, NULL);
		free(v[i].progress);
		free(v[i].title);
	}
	free(v);
	if (!table_columns_ok(t, o)) {
		table_free(t);
		return false;
	}
	if (!o->json && !o->raw && !o->noheadings)
		out_text("Lessons ('lesson NAME' starts or resumes one):");
	return table_print(t, o);
}
