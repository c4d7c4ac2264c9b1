/* lesson.h - lesson files: loading and linting (tutor.c follows a lesson,
 * play.c plays one through, check.c judges and evaluates the checks).
 *
 * A lesson is a plain-text file of "directive: value" lines; a line that
 * starts with two spaces (or a tab) continues the value above it.  Directives:
 * title, recipe (repeatable), order, intro, recap, file (repeatable: a scratch
 * file the lesson needs, its content indented below), program (repeatable: a C
 * program of lessons/programs/ copied beside the files), deadend (repeatable:
 * a check, then the sentence below it), then for each step: step (its title),
 * text, code, recipe, check (repeatable), hint (repeatable), solution
 * (repeatable, one command line each), feedback, predict with choices and
 * answer, about ("about: output": the step may be checked on output alone),
 * deadend and mistake (repeatable: a line, then the words its feedback must
 * name).  '#' at the start of a line is a comment. */
#ifndef IPCSH_LESSON_H
#define IPCSH_LESSON_H

#include <stdbool.h>

#include "buf.h"

struct lcheck {
	int line;
	char **argv;	/* the check's words: kind first ("process", "p2", "blocked", "read") */
	int argc;
};

/* A state a step cannot come back from ('deadend: CHECK', the sentence
 * that says what went wrong on the lines below). */
struct ldeadend {
	struct lcheck check;
	char *because;
};

/* A plausible wrong move, for the learner simulator ('mistake: LINE', the
 * words the step's feedback must name on the lines below). */
struct lmistake {
	int line;
	char *input, *names;
};

struct lstep {
	int line;
	char *title, *text, *code, *feedback;
	char *recipe;		/* the program its code comes from, when the lesson has several */
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
	bool about_output;	/* 'about: output': what a command prints is the point */
	struct ldeadend *deadends;	/* this step's own (the lesson's apply too) */
	int ndeadends;
	struct lmistake *mistakes;
	int nmistakes;
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
	char **programs;	/* C programs of ours it runs (lessons/programs/NAME.c), copied beside its files */
	int nprograms;
	struct lstep *steps;
	int nsteps;
	struct ldeadend *deadends;	/* before the first step: every step's */
	int ndeadends;
	char *recap;		/* what the lesson taught, said when it is done */
};

/* What is wrong with the words of check C: false when nothing, else true with
 * the fault in FAULT (check_fault, check.h, knows the kinds of checks). */
typedef bool lesson_check_fault(const struct lcheck *c, struct buf *fault);

/* Loads PATH.  Every problem found is appended to ERRORS as "PATH:LINE: msg";
 * returns how many there were (0: the lesson is sound).  CHECK_FAULT judges
 * each check's words; NULL takes them as they are. */
int lesson_load(const char *path, struct lesson *out, struct buf *errors, lesson_check_fault *check_fault);
void lesson_free(struct lesson *l);

/* What a lesson needs to teach well, beyond a sound format (for authors:
 * 'ipcsh --check-lesson'): a recap, and in every step a ladder of at least
 * three hints whose last one alone says "Type: LINE", and at least one
 * mistake for the learner simulator.  Appends each shortfall to ERRORS as
 * "PATH:LINE: msg"; returns how many. */
int lesson_lint_teaching(const struct lesson *l, struct buf *errors);

/* The programs L's solutions exec or popen that are not on $PATH (nor among
 * its files), comma separated into MISSING; returns how many. */
int lesson_missing_programs(const struct lesson *l, struct buf *missing);

#endif
