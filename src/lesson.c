/* lesson.c - reading lesson files and finding what is wrong with them. */
#include "lesson.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "lexer.h"

struct loader {
	const char *path;
	int line;
	struct lesson *l;
	char **cont;		/* the value a continuation line extends, or NULL */
	struct buf *errors;
	int nerrors;
	lesson_check_fault *check_fault;
};

static void complain(struct loader *ld, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void complain(struct loader *ld, int line, const char *fmt, ...)
{
	va_list ap;
	buf_printf(ld->errors, "%s:%d: ", ld->path, line);
	va_start(ap, fmt);
	buf_vprintf(ld->errors, fmt, ap);
	va_end(ap);
	buf_addch(ld->errors, '\n');
	ld->nerrors++;
}

static void push(char ***v, int *n, const char *s)
{
	*v = xrealloc(*v, sizeof **v * (size_t)(*n + 1));
	(*v)[(*n)++] = xstrdup(s);
}

static struct lstep *cur_step(struct loader *ld, const char *directive)
{
	if (ld->l->nsteps == 0) {
		complain(ld, ld->line, "'%s' before the first 'step'", directive);
		return NULL;
	}
	return &ld->l->steps[ld->l->nsteps - 1];
}

/* Sets a once-only text field. */
static void set_once(struct loader *ld, char **field, const char *directive, const char *value)
{
	if (*field) {
		complain(ld, ld->line, "a second '%s' here", directive);
		return;
	}
	*field = xstrdup(value);
	ld->cont = field;
}

static bool is_number(const char *s)
{
	return *s && strspn(s, "0123456789") == strlen(s);
}

/* Splits VALUE into the words of a check (C); false, with the fault said, if it cannot be. */
static bool parse_check(struct loader *ld, const char *directive, const char *value, struct lcheck *c)
{
	struct lexed lx;
	char err[256] = "a check needs a kind and its words";
	if (lex_line(value, strlen(value), &lx, err, sizeof err) < 0 || lx.ncmds != 1) {
		complain(ld, ld->line, "%s: %s", directive, lx.ncmds > 1 ? "one check per line" : err);
		if (lx.ncmds > 1)
			lex_free(&lx);
		return false;
	}
	*c = (struct lcheck){ .line = ld->line };
	for (int i = 0; i < lx.cmds[0].n; i++)
		push(&c->argv, &c->argc, lx.cmds[0].w[i].s);
	lex_free(&lx);
	struct buf fault = { 0 };
	if (ld->check_fault && ld->check_fault(c, &fault))
		complain(ld, ld->line, "%s: %s", directive, fault.data);
	buf_free(&fault);
	return true;
}

static void add_check(struct loader *ld, struct lstep *s, const char *value)
{
	struct lcheck c;
	if (!parse_check(ld, "check", value, &c))
		return;
	s->checks = xrealloc(s->checks, sizeof *s->checks * (size_t)(s->nchecks + 1));
	s->checks[s->nchecks++] = c;
}

/* deadend: CHECK, the sentence below it (the lesson's, before any step). */
static void add_deadend(struct loader *ld, struct ldeadend **v, int *n, const char *value)
{
	struct lcheck c;
	if (!parse_check(ld, "deadend", value, &c))
		return;
	*v = xrealloc(*v, sizeof **v * (size_t)(*n + 1));
	struct ldeadend *d = &(*v)[(*n)++];
	*d = (struct ldeadend){ .check = c, .because = xstrdup("") };
	ld->cont = &d->because;
}

static void lint_solution(struct loader *ld, const char *directive, const char *value);

/* mistake: LINE, the words the feedback must name below it. */
static void add_mistake(struct loader *ld, struct lstep *s, const char *value)
{
	lint_solution(ld, "mistake", value);
	s->mistakes = xrealloc(s->mistakes, sizeof *s->mistakes * (size_t)(s->nmistakes + 1));
	struct lmistake *m = &s->mistakes[s->nmistakes++];
	*m = (struct lmistake){ .line = ld->line, .input = xstrdup(value), .names = xstrdup("") };
	ld->cont = &m->names;
}

/* Every command of a solution (or mistake) line must be one ipcsh knows. */
static void lint_solution(struct loader *ld, const char *directive, const char *value)
{
	struct lexed lx;
	char err[256];
	if (lex_line(value, strlen(value), &lx, err, sizeof err) < 0) {
		complain(ld, ld->line, "%s: %s", directive, err);
		return;
	}
	for (int i = 0; i < lx.ncmds; i++) {
		struct command *c = &lx.cmds[i];
		int skip = c->w[0].s[0] == '@';
		if (c->n - skip < 1)
			continue;
		struct lookup lk;
		cmd_lookup(c->n - skip, c->w + skip, &lk);
		if (lk.result != LOOKUP_FOUND)
			complain(ld, ld->line, "%s: %s", directive, lk.message);
	}
	lex_free(&lx);
}

/* file: NAME [MODE], its content on the indented lines below. */
static void add_file(struct loader *ld, const char *value)
{
	struct lesson *l = ld->l;
	char name[256], mode[16] = "0600", extra[2];
	int n = sscanf(value, "%255s %15s %1s", name, mode, extra);
	char *end;
	long m = strtol(mode, &end, 8);
	if (l->nsteps) {
		complain(ld, ld->line, "'file' belongs before the first 'step'");
		return;
	}
	if (n < 1 || n > 2 || strchr(name, '/') || name[0] == '.' || name[0] == '-') {
		complain(ld, ld->line, "file: expected a plain file name and an optional octal mode (file: test.dat 0600)");
		return;
	}
	if (*end || m < 0400 || m > 0777) {
		complain(ld, ld->line, "file: the mode must be octal, 0400 to 0777, readable by its owner");
		return;
	}
	for (int i = 0; i < l->nfiles; i++)
		if (strcmp(l->files[i].name, name) == 0)
			complain(ld, ld->line, "file: '%s' again", name);
	l->files = xrealloc(l->files, sizeof *l->files * (size_t)(l->nfiles + 1));
	struct lfile *f = &l->files[l->nfiles++];
	*f = (struct lfile){ .line = ld->line, .name = xstrdup(name), .mode = (int)m, .content = xstrdup("") };
	ld->cont = &f->content;
}

/* program: NAME, a C program of ours (lessons/programs/NAME.c). */
static void add_program(struct loader *ld, const char *value)
{
	struct lesson *l = ld->l;
	if (l->nsteps)
		complain(ld, ld->line, "'program' belongs before the first 'step'");
	else if (strspn(value, "abcdefghijklmnopqrstuvwxyz0123456789_-") != strlen(value) || value[0] == '-')
		complain(ld, ld->line, "program: expected the plain name of a program of lessons/programs/ (program: pipe4)");
	else
		push(&l->programs, &l->nprograms, value);
}

/* choices: WORD | WORD ... : what a learner may answer to the step's 'predict'. */
static void add_choices(struct loader *ld, struct lstep *s, const char *value)
{
	if (s->nchoices) {
		complain(ld, ld->line, "a second 'choices' here");
		return;
	}
	char *copy = xstrdup(value), *save = NULL;
	for (char *w = strtok_r(copy, "| \t", &save); w; w = strtok_r(NULL, "| \t", &save)) {
		struct word word = { .s = w };
		struct lookup lk;
		cmd_lookup(1, &word, &lk);
		if (lk.result == LOOKUP_FOUND || lk.result == LOOKUP_NOUN_ONLY)
			complain(ld, ld->line, "choices: '%s' is a command of ipcsh, so it cannot be an answer", w);
		push(&s->choices, &s->nchoices, w);
	}
	free(copy);
}

static bool is_step_directive(const char *name)
{
	static const char *const names[] = { "text", "code", "check", "hint", "solution", "feedback",
					     "predict", "choices", "answer", "about", "mistake", NULL };
	for (int i = 0; names[i]; i++)
		if (strcmp(names[i], name) == 0)
			return true;
	return false;
}

static void step_directive(struct loader *ld, struct lstep *s, const char *name, const char *value);

static void directive(struct loader *ld, const char *name, const char *value)
{
	struct lesson *l = ld->l;
	struct lstep *s;
	ld->cont = NULL;
	if (!*value && strcmp(name, "intro") && strcmp(name, "text") && strcmp(name, "code") &&
	    strcmp(name, "hint") && strcmp(name, "feedback") && strcmp(name, "predict") && strcmp(name, "recap")) {
		complain(ld, ld->line, "'%s' needs a value on its line", name);
		return;
	}
	if (strcmp(name, "title") == 0) {
		set_once(ld, &l->title, name, value);
		ld->cont = NULL;	/* a title is one line */
	} else if (strcmp(name, "order") == 0) {
		if (!is_number(value) || strlen(value) > 6)
			complain(ld, ld->line, "order: expected a number from 0 to 999999");
		else
			l->order = atoi(value);
	} else if (strcmp(name, "recipe") == 0 && l->nsteps) {
		set_once(ld, &l->steps[l->nsteps - 1].recipe, name, value);
		ld->cont = NULL;
	} else if (strcmp(name, "recipe") == 0) {
		push(&l->recipes, &l->nrecipes, value);
	} else if (strcmp(name, "intro") == 0) {
		set_once(ld, &l->intro, name, value);
	} else if (strcmp(name, "recap") == 0) {
		set_once(ld, &l->recap, name, value);
	} else if (strcmp(name, "deadend") == 0 && l->nsteps == 0) {
		add_deadend(ld, &l->deadends, &l->ndeadends, value);
	} else if (strcmp(name, "file") == 0) {
		add_file(ld, value);
	} else if (strcmp(name, "program") == 0) {
		add_program(ld, value);
	} else if (strcmp(name, "step") == 0) {
		l->steps = xrealloc(l->steps, sizeof *l->steps * (size_t)(l->nsteps + 1));
		memset(&l->steps[l->nsteps], 0, sizeof *l->steps);
		l->steps[l->nsteps].line = ld->line;
		l->steps[l->nsteps].title = xstrdup(value);
		l->nsteps++;
	} else if (!is_step_directive(name) && strcmp(name, "deadend")) {
		complain(ld, ld->line, "unknown directive '%s'", name);
	} else if ((s = cur_step(ld, name))) {
		step_directive(ld, s, name, value);
	}
}

/* A directive of the current step S: text, code, feedback, predict, answer,
 * choices, hint, check or solution. */
static void step_directive(struct loader *ld, struct lstep *s, const char *name, const char *value)
{
	if (strcmp(name, "text") == 0) {
		set_once(ld, &s->text, name, value);
	} else if (strcmp(name, "code") == 0) {
		set_once(ld, &s->code, name, value);
	} else if (strcmp(name, "feedback") == 0) {
		set_once(ld, &s->feedback, name, value);
	} else if (strcmp(name, "predict") == 0) {
		set_once(ld, &s->predict, name, value);
	} else if (strcmp(name, "answer") == 0) {
		set_once(ld, &s->answer, name, value);
		ld->cont = NULL;
	} else if (strcmp(name, "choices") == 0) {
		add_choices(ld, s, value);
	} else if (strcmp(name, "mistake") == 0) {
		add_mistake(ld, s, value);
	} else if (strcmp(name, "deadend") == 0) {
		add_deadend(ld, &s->deadends, &s->ndeadends, value);
	} else if (strcmp(name, "about") == 0) {
		if (strcmp(value, "output"))
			complain(ld, ld->line, "about: the only value is 'output' (a step about what a command prints)");
		s->about_output = true;
	} else if (strcmp(name, "hint") == 0) {
		push(&s->hints, &s->nhints, value);
		ld->cont = &s->hints[s->nhints - 1];
	} else if (strcmp(name, "check") == 0) {
		add_check(ld, s, value);
	} else {
		push(&s->solution, &s->nsolution, value);
		lint_solution(ld, "solution", value);
	}
}

static void continuation(struct loader *ld, const char *text)
{
	if (!ld->cont) {
		complain(ld, ld->line, "an indented line that continues nothing (only intro, recap, file, text, "
			 "code, hint, feedback, predict, deadend and mistake take more lines)");
		return;
	}
	struct buf b = { 0 };
	buf_printf(&b, "%s%s%s", *ld->cont, **ld->cont ? "\n" : "", text);
	free(*ld->cont);
	*ld->cont = buf_take(&b);
}

static void one_line(struct loader *ld, char *line)
{
	size_t n = strlen(line);
	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' '))
		line[--n] = '\0';
	if (line[0] == '\t' || (line[0] == ' ' && line[1] == ' ')) {
		continuation(ld, line + (line[0] == '\t' ? 1 : 2));
		return;
	}
	if (n == 0) {
		if (ld->cont && **ld->cont)
			continuation(ld, "");	/* a blank line inside a text keeps the paragraph break */
		return;
	}
	if (line[0] == '#')
		return;
	char *colon = strchr(line, ':');
	if (!colon || colon == line || strcspn(line, " \t") < (size_t)(colon - line)) {
		complain(ld, ld->line, "expected 'directive: value'");
		ld->cont = NULL;
		return;
	}
	*colon = '\0';
	const char *value = colon + 1 + strspn(colon + 1, " \t");
	directive(ld, line, value);
}

/* Trailing blank lines kept for paragraph breaks are not part of a text. */
static void trim(char *s)
{
	size_t n = s ? strlen(s) : 0;
	while (n && s[n - 1] == '\n')
		s[--n] = '\0';
}

/* predict, choices and answer come together, and the answer is a choice. */
static void lint_prediction(struct loader *ld, struct lstep *s)
{
	trim(s->predict);
	if (!s->predict && !s->nchoices && !s->answer)
		return;
	if (!s->predict || !s->nchoices || !s->answer) {
		complain(ld, s->line, "step '%s': 'predict', 'choices' and 'answer' go together", s->title);
		return;
	}
	bool found = false;
	for (int i = 0; i < s->nchoices; i++)
		found |= strcmp(s->choices[i], s->answer) == 0;
	if (!found)
		complain(ld, s->line, "step '%s': the answer '%s' is not one of its choices", s->title, s->answer);
}

/* A step is checked on what it does (a call made, who holds what), not on
 * the words a command printed, unless printing is its point. */
static void lint_output_checks(struct loader *ld, struct lstep *s)
{
	int outputs = 0;
	for (int i = 0; i < s->nchecks; i++)
		outputs += strcmp(s->checks[i].argv[0], "output") == 0;
	if (s->nchecks && outputs == s->nchecks && !s->about_output)
		complain(ld, s->line, "step '%s' is checked on output alone: check what it does ('call', "
			 "'holds', 'process'...), or say 'about: output' if printing is its point", s->title);
}

/* The sentence of each dead end, trimmed; none may be missing. */
static void lint_deadends(struct loader *ld, struct ldeadend *v, int n)
{
	for (int i = 0; i < n; i++) {
		trim(v[i].because);
		if (!*v[i].because)
			complain(ld, v[i].check.line, "deadend: say what went wrong on the indented lines below it");
	}
}

static void lint_mistakes(struct loader *ld, struct lstep *s)
{
	for (int i = 0; i < s->nmistakes; i++) {
		trim(s->mistakes[i].names);
		if (!*s->mistakes[i].names)
			complain(ld, s->mistakes[i].line,
				 "mistake: give the words its feedback must name on the indented line below it");
	}
}

static void lint_whole(struct loader *ld)
{
	struct lesson *l = ld->l;
	if (!l->title)
		complain(ld, 1, "no 'title'");
	if (l->nrecipes == 0)
		complain(ld, 1, "no 'recipe': name the program and the book or article this lesson follows");
	if (l->nsteps == 0)
		complain(ld, 1, "no 'step'");
	trim(l->intro);
	trim(l->recap);
	lint_deadends(ld, l->deadends, l->ndeadends);
	for (int i = 0; i < l->nfiles; i++)
		trim(l->files[i].content);
	for (int i = 0; i < l->nsteps; i++) {
		struct lstep *s = &l->steps[i];
		trim(s->text);
		trim(s->code);
		trim(s->feedback);
		for (int k = 0; k < s->nhints; k++)
			trim(s->hints[k]);
		if (!s->text)
			complain(ld, s->line, "step '%s' has no 'text'", s->title);
		if (s->nchecks == 0)
			complain(ld, s->line, "step '%s' has no 'check'", s->title);
		if (s->nsolution == 0)
			complain(ld, s->line, "step '%s' has no 'solution'", s->title);
		if (s->nhints == 0)
			complain(ld, s->line, "step '%s' has no 'hint'", s->title);
		lint_prediction(ld, s);
		lint_output_checks(ld, s);
		lint_deadends(ld, s->deadends, s->ndeadends);
		lint_mistakes(ld, s);
	}
}

int lesson_load(const char *path, struct lesson *out, struct buf *errors, lesson_check_fault *check_fault)
{
	memset(out, 0, sizeof *out);
	out->path = xstrdup(path);
	out->order = 1000000;	/* after the ones that say */
	struct loader ld = { .path = path, .l = out, .errors = errors, .check_fault = check_fault };
	FILE *f = fopen(path, "re");
	struct stat st;
	if (f && fstat(fileno(f), &st) == 0 && !S_ISREG(st.st_mode)) {
		fclose(f);
		f = NULL;
		errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
	}
	if (!f) {
		complain(&ld, 0, "cannot open: %s", strerror(errno));
		return ld.nerrors;
	}
	char *line = NULL;
	size_t cap = 0;
	while (getline(&line, &cap, f) >= 0) {
		ld.line++;
		one_line(&ld, line);
	}
	free(line);
	fclose(f);
	lint_whole(&ld);
	return ld.nerrors;
}

static void free_strings(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* A step's hints: at least three rungs, and only the last says what to type. */
static void lint_ladder(struct loader *ld, const struct lstep *s)
{
	if (s->nhints < 3) {
		complain(ld, s->line, "step '%s' has %d hint%s: give a ladder of three or more (what to look at, "
			 "which command, then 'Type: LINE')", s->title, s->nhints, s->nhints == 1 ? "" : "s");
		return;
	}
	for (int i = 0; i < s->nhints; i++)
		if ((strstr(s->hints[i], "Type: ") != NULL) != (i == s->nhints - 1))
			complain(ld, s->line, "step '%s': %s", s->title, i == s->nhints - 1 ?
				 "its last hint must say 'Type: LINE'" : "only its last hint may say 'Type: LINE'");
}

int lesson_lint_teaching(const struct lesson *l, struct buf *errors)
{
	struct loader ld = { .path = l->path, .l = (struct lesson *)l, .errors = errors };
	if (!l->recap)
		complain(&ld, 1, "no 'recap': say what the lesson taught, for its end");
	for (int i = 0; i < l->nsteps; i++) {
		const struct lstep *s = &l->steps[i];
		lint_ladder(&ld, s);
		if (s->nmistakes == 0)
			complain(&ld, s->line, "step '%s' has no 'mistake': give a plausible wrong move, and the words "
				 "its answer names, for the learner simulator", s->title);
	}
	return ld.nerrors;
}

static void free_deadends(struct ldeadend *v, int n)
{
	for (int i = 0; i < n; i++) {
		free_strings(v[i].check.argv, v[i].check.argc);
		free(v[i].because);
	}
	free(v);
}

void lesson_free(struct lesson *l)
{
	for (int i = 0; i < l->nsteps; i++) {
		struct lstep *s = &l->steps[i];
		free(s->title);
		free(s->text);
		free(s->code);
		free(s->recipe);
		free(s->feedback);
		free(s->predict);
		free(s->answer);
		free_strings(s->choices, s->nchoices);
		for (int k = 0; k < s->nchecks; k++)
			free_strings(s->checks[k].argv, s->checks[k].argc);
		free(s->checks);
		free_strings(s->hints, s->nhints);
		free_strings(s->solution, s->nsolution);
		free_deadends(s->deadends, s->ndeadends);
		for (int k = 0; k < s->nmistakes; k++) {
			free(s->mistakes[k].input);
			free(s->mistakes[k].names);
		}
		free(s->mistakes);
	}
	free(l->steps);
	free_deadends(l->deadends, l->ndeadends);
	free(l->recap);
	for (int i = 0; i < l->nfiles; i++) {
		free(l->files[i].name);
		free(l->files[i].content);
	}
	free(l->files);
	free_strings(l->programs, l->nprograms);
	free_strings(l->recipes, l->nrecipes);
	free(l->title);
	free(l->intro);
	free(l->path);
	memset(l, 0, sizeof *l);
}

static bool is_lesson_file(const struct lesson *l, const char *name)
{
	if (strncmp(name, "./", 2) == 0)
		name += 2;
	for (int i = 0; i < l->nfiles; i++)
		if (strcmp(l->files[i].name, name) == 0)
			return true;
	for (int i = 0; i < l->nprograms; i++)
		if (strcmp(l->programs[i], name) == 0)
			return true;
	return false;
}

static bool on_path(const char *prog)
{
	if (strchr(prog, '/'))
		return access(prog, X_OK) == 0;
	const char *path = getenv("PATH");
	char *dirs = xstrdup(path && *path ? path : "/usr/bin:/bin"), *save = NULL;
	bool found = false;
	for (char *d = strtok_r(dirs, ":", &save); d && !found; d = strtok_r(NULL, ":", &save)) {
		struct buf b = { 0 };
		buf_printf(&b, "%s/%s", d, prog);
		found = access(b.data, X_OK) == 0;
		buf_free(&b);
	}
	free(dirs);
	return found;
}

/* Is NAME one of the items of the ", " separated LIST?  (An item may end
 * in a comma of its own: an item ends where ", " begins.) */
static bool listed(const struct buf *list, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = list->data; p;) {
		const char *end = strstr(p, ", ");
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && strncmp(p, name, n) == 0)
			return true;
		p = end ? end + 2 : NULL;
	}
	return false;
}

/* The program a command of a solution runs: its first argument when the
 * command runs a program (exec PROG), or that argument's first word when it
 * runs a shell command line (popen "PROG ..."). */
static void program_of(const struct command *c, char *prog, size_t size)
{
	int skip = c->n && c->w[0].s[0] == '@';
	prog[0] = '\0';
	if (c->n - skip < 2)
		return;
	struct lookup lk;
	cmd_lookup(c->n - skip, c->w + skip, &lk);
	if (lk.result != LOOKUP_FOUND || c->n - skip <= lk.used)
		return;
	const char *arg = c->w[skip + lk.used].s;
	if (lk.e->flags & CMD_RUNS_PROGRAM)
		snprintf(prog, size, "%s", arg);
	else if (lk.e->flags & CMD_RUNS_SHELL)
		snprintf(prog, size, "%.*s", (int)strcspn(arg, " \t;|&<>"), arg);
	static const char *const shell_words[] = { "exit", "cd", "echo", "read", "while", "for", "if", ":",
						   "set", "exec", "test", "[", NULL };
	for (int i = 0; shell_words[i]; i++)
		if (strcmp(prog, shell_words[i]) == 0)
			prog[0] = '\0';	/* the shell popen runs knows it */
}

int lesson_missing_programs(const struct lesson *l, struct buf *missing)
{
	int count = 0;
	for (int i = 0; i < l->nsteps; i++) {
		for (int k = 0; k < l->steps[i].nsolution; k++) {
			const char *line = l->steps[i].solution[k];
			struct lexed lx;
			char err[256], prog[256];
			if (lex_line(line, strlen(line), &lx, err, sizeof err) < 0)
				continue;
			for (int j = 0; j < lx.ncmds; j++) {
				program_of(&lx.cmds[j], prog, sizeof prog);
				if (!*prog || is_lesson_file(l, prog) || on_path(prog) || listed(missing, prog))
					continue;
				buf_printf(missing, "%s%s", count++ ? ", " : "", prog);
			}
			lex_free(&lx);
		}
	}
	return count;
}
