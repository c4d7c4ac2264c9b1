/* lesson.h - lesson files: loading and linting (the engine that plays them
 * comes next; see issue 3).
 *
 * A lesson is a plain-text file of "directive: value" lines; a line that
 * starts with two spaces (or a tab) continues the value above it.  Directives:
 * title, recipe (repeatable), order, intro, file (repeatable: a scratch file the
 * lesson needs, its content indented below), then for each step: step (its title),
 * text, code, check (repeatable), hint (repeatable), solution (repeatable, one
 * command line each), feedback, predict with choices and answer.  '#' at the start of a line is a comment. */
#ifndef IPCSH_LESSON_H
#define IPCSH_LESSON_H

#include "buf.h"

struct lcheck {
	int line;
	char **argv;	/* the check's words: kind first ("process", "p2", "blocked", "read") */
	int argc;
};

struct lstep {
	int line;
	char *title, *text, *code, *feedback;
	struct lcheck *checks;
	int nchecks;
	char **hints;
	int nhints;
	char **solution;
	int nsolution;
	char *predict;		/* a question to answer before acting, or NULL */
	char **choices;		/* its possible answers, one word each */
	int nchoices;
	char *answer;		/* the right one */
};

/* A file the lesson's commands use, written into a private scratch directory. */
struct lfile {
	int line;
	char *name;
	int mode;
	char *content;
};

struct lesson {
	char *path;
	char *title, *intro;
	int order;		/* where 'lesson' lists it: by order, then by name */
	char **recipes;
	int nrecipes;
	struct lfile *files;
	int nfiles;
	struct lstep *steps;
	int nsteps;
};

/* Loads PATH.  Every problem found is appended to ERRORS as "PATH:LINE: msg";
 * returns how many there were (0: the lesson is sound). */
int lesson_load(const char *path, struct lesson *out, struct buf *errors);
void lesson_free(struct lesson *l);

/* The programs L's solutions exec or popen that are not on $PATH (nor among
 * its files), comma separated into MISSING; returns how many. */
int lesson_missing_programs(const struct lesson *l, struct buf *missing);

/* The check kinds a lesson may use, for the linter and the docs. */
struct check_kind {
	const char *name;
	int min, max;		/* words after the kind */
	const char *usage;
};
extern const struct check_kind check_kinds[];
const struct check_kind *check_kind_find(const char *name);

#endif
