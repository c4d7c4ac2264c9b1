/* tutor.c - following a lesson: presenting steps, checking each input line
 * against the live state, hints, progress saved and resumed. */
#include "tutor.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "lesson.h"
#include "out.h"
#include "play.h"
#include "session.h"

static struct {
	bool active;
	char *name;
	struct lesson l;
	int step;	/* 0-based */
	int hints;	/* hints shown for this step */
} t;

static bool replaying;	/* running solutions: no step checks in between */

bool tutor_active(void)
{
	return t.active;
}

void tutor_prompt(char *buf, size_t size)
{
	if (t.active)
		snprintf(buf, size, "[%s %d/%d] ", t.name, t.step + 1, t.l.nsteps);
	else if (size)
		buf[0] = '\0';
}

/* $XDG_STATE_HOME/ipcsh/lessons/NAME (or under ~/.local/state). */
static char *progress_path(const char *name)
{
	struct buf b = { 0 };
	const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	if (state && *state == '/')
		buf_printf(&b, "%s/ipcsh/lessons", state);
	else if (home && *home)
		buf_printf(&b, "%s/.local/state/ipcsh/lessons", home);
	else
		return NULL;
	for (char *s = b.data + 1; *s; s++) {
		if (*s == '/') {
			*s = '\0';
			mkdir(b.data, 0700);
			*s = '/';
		}
	}
	mkdir(b.data, 0700);
	buf_printf(&b, "/%s", name);
	return buf_take(&b);
}

/* The saved step (0-based), -1 when done, 0 when never started. */
static int load_progress(const char *name)
{
	char *path = progress_path(name);
	FILE *f = path ? fopen(path, "re") : NULL;
	int step = 0;
	char word[16] = "";
	if (f) {
		if (fscanf(f, "%15s %d", word, &step) < 1)
			step = 0;
		if (strcmp(word, "done") == 0)
			step = -1;
		else if (strcmp(word, "step") == 0)
			step = step > 0 ? step - 1 : 0;
		fclose(f);
	}
	free(path);
	return step;
}

static void save_progress(const char *name, int step, bool done)
{
	char *path = progress_path(name);
	FILE *f = path ? fopen(path, "we") : NULL;
	if (f) {
		if (done)
			fputs("done\n", f);
		else
			fprintf(f, "step %d\n", step + 1);
		fclose(f);
	}
	free(path);
}

static void say_block(const char *text)
{
	if (!text)
		return;
	struct buf b = { 0 };
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");
		buf_printf(&b, "%s  %.*s", b.len ? "\n" : "", (int)n, p);
		p += n + (p[n] == '\n');
	}
	out_text(b.data);
	buf_free(&b);
}

static void present(void)
{
	const struct lstep *s = &t.l.steps[t.step];
	t.hints = 0;
	out_printf("Step %d of %d: %s", t.step + 1, t.l.nsteps, s->title);
	say_block(s->text);
	out_text("  ('show' shows the C code, 'hint' helps, 'skip' does the step for you)");
}

static void finish(void)
{
	out_printf("Lesson '%s' done: all %d steps.  'lesson' lists the others.", t.name, t.l.nsteps);
	save_progress(t.name, 0, true);
	tutor_quit_quietly();
}

static void advance(void)
{
	const struct lstep *s = &t.l.steps[t.step];
	out_printf("Step %d passed.", t.step + 1);
	say_block(s->feedback);
	if (++t.step >= t.l.nsteps) {
		finish();
		return;
	}
	save_progress(t.name, t.step, false);
	present();
}

/* The first reason the current step does not hold, or NULL (all hold). */
static char *step_failure(void)
{
	const struct lstep *s = &t.l.steps[t.step];
	for (int i = 0; i < s->nchecks; i++) {
		struct buf why = { 0 };
		if (!check_holds(&s->checks[i], &why))
			return buf_take(&why);
		buf_free(&why);
	}
	return NULL;
}

void tutor_after_line(void)
{
	if (!t.active || replaying)
		return;
	char *why = step_failure();
	if (!why) {
		advance();
		return;
	}
	out_printf("  (lesson) not yet: %s; 'hint' helps", why);
	free(why);
}

static void run_solution(int step)
{
	const struct lstep *s = &t.l.steps[step];
	replaying = true;
	for (int k = 0; k < s->nsolution; k++) {
		out_printf("> %s", s->solution[k]);
		session_run_line(s->solution[k], strlen(s->solution[k]));
	}
	replaying = false;
}

int tutor_start(const char *name)
{
	char *path = lesson_path(name);
	if (!path) {
		out_error("no lesson '%s' ('lesson' lists them)", name);
		return 1;
	}
	struct buf errors = { 0 };
	struct lesson l;
	if (lesson_load(path, &l, &errors)) {
		out_error("lesson '%s' is broken: %s", name, errors.data);
		lesson_free(&l);
		buf_free(&errors);
		free(path);
		return 1;
	}
	buf_free(&errors);
	free(path);
	tutor_quit_quietly();
	t.l = l;
	const char *base = strrchr(name, '/');
	t.name = xstrdup(base ? base + 1 : name);
	char *dot = strstr(t.name, ".lesson");
	if (dot)
		*dot = '\0';
	int saved = load_progress(t.name);
	t.step = saved > 0 && saved < l.nsteps ? saved : 0;
	out_printf("Lesson: %s", l.title);
	for (int i = 0; i < l.nrecipes; i++)
		out_printf("  follows %s", l.recipes[i]);
	if (t.step == 0)
		say_block(l.intro);
	else {
		out_printf("Resuming at step %d: replaying the solutions of the steps before it.", t.step + 1);
		for (int i = 0; i < t.step; i++)
			run_solution(i);
	}
	t.active = true;
	present();
	return 0;
}

int tutor_hint(void)
{
	const struct lstep *s = &t.l.steps[t.step];
	if (s->nhints == 0)
		return 0;
	int i = t.hints < s->nhints ? t.hints++ : s->nhints - 1;
	out_printf("Hint %d of %d:", i + 1, s->nhints);
	say_block(s->hints[i]);
	return 0;
}

void tutor_show(void)
{
	const struct lstep *s = &t.l.steps[t.step];
	out_printf("Step %d in C (from %s):", t.step + 1, t.l.nrecipes ? t.l.recipes[0] : "the recipe");
	say_block(s->code ? s->code : "(no C code for this step)");
}

int tutor_next(void)
{
	char *why = step_failure();
	if (why) {
		out_printf("Step %d is not done yet: %s", t.step + 1, why);
		free(why);
		return 1;
	}
	advance();
	return 0;
}

int tutor_back(void)
{
	if (t.step == 0) {
		out_error("this is the first step");
		return 1;
	}
	t.step--;
	save_progress(t.name, t.step, false);
	present();
	return 0;
}

int tutor_skip(void)
{
	out_printf("Skipping step %d: its solution runs for you.", t.step + 1);
	run_solution(t.step);
	return tutor_next();
}

void tutor_reset(void)
{
	char *path = progress_path(t.name);
	if (path)
		unlink(path);
	free(path);
	t.step = 0;
	out_text("Back to step 1 (the objects and processes you made stay as they are).");
	present();
}

void tutor_quit_quietly(void)
{
	if (t.name)
		lesson_free(&t.l);
	free(t.name);
	memset(&t, 0, sizeof t);
}

void tutor_quit(void)
{
	out_printf("Left lesson '%s' at step %d; 'lesson %s' resumes there.", t.name, t.step + 1, t.name);
	save_progress(t.name, t.step, false);
	tutor_quit_quietly();
}

/* Lessons in DIR, with their progress. */
static void list_dir(const char *dir, struct buf *b, int *count)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	while (d && (de = readdir(d))) {
		size_t n = strlen(de->d_name);
		if (n < 8 || strcmp(de->d_name + n - 7, ".lesson") != 0)
			continue;
		char name[256];
		snprintf(name, sizeof name, "%.*s", (int)(n - 7), de->d_name);
		if (strstr(b->data ? b->data : "", name))
			continue;	/* found in an earlier directory */
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		struct lesson l;
		struct buf err = { 0 };
		lesson_load(path, &l, &err);
		int p = load_progress(name);
		char progress[32];
		if (p < 0)
			snprintf(progress, sizeof progress, "done");
		else if (p == 0)
			snprintf(progress, sizeof progress, "not started");
		else
			snprintf(progress, sizeof progress, "step %d of %d", p + 1, l.nsteps);
		buf_printf(b, "  %-14s %-16s %s\n", name, progress, l.title ? l.title : "(broken)");
		lesson_free(&l);
		buf_free(&err);
		(*count)++;
	}
	if (d)
		closedir(d);
}

void tutor_list(void)
{
	struct buf b = { 0 };
	int count = 0;
	char *dirs[4];
	int n = lesson_dirs(dirs, 4);
	for (int i = 0; i < n; i++) {
		list_dir(dirs[i], &b, &count);
		free(dirs[i]);
	}
	if (!count) {
		out_error("no lessons found");
		buf_free(&b);
		return;
	}
	b.data[b.len - 1] = '\0';
	out_printf("Lessons ('lesson NAME' starts or resumes one):\n%s", b.data);
	buf_free(&b);
}
