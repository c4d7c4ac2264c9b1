/* test_lesson.c - unit tests for src/lesson.c: lesson_load reads a sound
 * lesson into the right fields, and reports every fault as "PATH:LINE: msg"
 * at the right line; lesson_free frees it all (the suite runs under ASan).
 *
 * Each test writes its lesson to a fresh temporary file (mkstemp under
 * $TMPDIR, else /tmp); the teardown removes it, whether the test passed or not. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "check.h"
#include "lesson.h"

struct fx {
	char path[4096];
	struct lesson l;
	struct buf errors;
	int nerrors;
	bool loaded;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	assert_non_null(f);
	const char *dir = getenv("TMPDIR");
	snprintf(f->path, sizeof f->path, "%s/test_lesson-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(f->path);
	if (fd < 0) {
		free(f);
		return -1;
	}
	close(fd);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	unlink(f->path);
	if (f->loaded)
		lesson_free(&f->l);
	buf_free(&f->errors);
	free(f);
	return 0;
}

/* Writes TEXT to the fixture's file and loads it; a lesson loaded before is freed. */
static int load(struct fx *f, const char *text)
{
	if (f->loaded)
		lesson_free(&f->l);
	buf_reset(&f->errors);
	FILE *fp = fopen(f->path, "w");
	assert_non_null(fp);
	assert_int_equal(fputs(text, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
	f->nerrors = lesson_load(f->path, &f->l, &f->errors, check_fault);
	f->loaded = true;
	/* One line per fault, and the count says how many. */
	int lines = 0;
	for (const char *p = f->errors.data; p && *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, f->nerrors);
	return f->nerrors;
}

/* Is there a line "PATH:LINE: ...MSG..." in ERRORS? */
static bool has_fault(const char *errors, const char *path, int line, const char *msg)
{
	char prefix[4200];
	int n = snprintf(prefix, sizeof prefix, "%s:%d: ", path, line);
	for (const char *p = errors ? errors : ""; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (len >= (size_t)n && strncmp(p, prefix, (size_t)n) == 0) {
			char *rest = xstrndup(p + n, len - (size_t)n);
			bool found = strstr(rest, msg) != NULL;
			free(rest);
			if (found)
				return true;
		}
		p += len + (nl != NULL);
	}
	return false;
}

static void fault_at(struct fx *f, int line, const char *msg, const char *file, int cline)
{
	if (!has_fault(f->errors.data, f->path, line, msg)) {
		print_error("no fault \"%s:%d: ...%s...\" among:\n%s", f->path, line, msg,
			    f->errors.data ? f->errors.data : "(no faults)\n");
		_fail(file, cline);
	}
}

/* Some fault at LINE says MSG. */
#define assert_fault(f, line, msg) fault_at((f), (line), (msg), __FILE__, __LINE__)

/* TEXT has exactly one fault, at LINE, and it says MSG. */
#define assert_only_fault(f, text, line, msg) \
	do { \
		int n_ = load((f), (text)); \
		if (n_ != 1) \
			print_error("expected one fault, got %d:\n%s", n_, (f)->errors.data ? (f)->errors.data : ""); \
		assert_int_equal(n_, 1); \
		assert_fault((f), (line), (msg)); \
	} while (0)

/* A sound lesson of 7 lines; the lines a test adds after it are in the step
 * (line 8 on), and lines put between HEAD and STEP come before the first step
 * (line 3 on). */
#define HEAD "title: T\nrecipe: R\n"
#define STEP "step: S\ntext: do it\ncheck: object pipe\nhint: h\nsolution: pipe new\n"
#define SOUND HEAD STEP

/* ---- a sound lesson ---- */

static const char *const sound_lines[] = {
	/*  1 */ "# A comment before anything.",
	/*  2 */ "title: Pipes and forks",
	/*  3 */ "order: 20",
	/*  4 */ "recipe: pipe1.c (Beginning Linux Programming)",
	/*  5 */ "recipe: pipe2.c (Beginning Linux Programming)",
	/*  6 */ "intro: First line",
	/*  7 */ "  second line",
	/*  8 */ "",
	/*  9 */ "  after the break",
	/* 10 */ "# a comment does not end the intro",
	/* 11 */ "  last intro line   ",
	/* 12 */ "",
	/* 13 */ "",
	/* 14 */ "file: test.dat",
	/* 15 */ "  alpha",
	/* 16 */ "    indented beta",
	/* 17 */ "",
	/* 18 */ "file: run.sh 0700",
	/* 19 */ "\t#!/bin/sh",
	/* 20 */ "\techo hi",
	/* 21 */ "",
	/* 22 */ "step: Make the pipe",
	/* 23 */ "text:",
	/* 24 */ "  Make a pipe.",
	/* 25 */ "code:",
	/* 26 */ "  #include <unistd.h>",
	/* 27 */ "  int pp[2];",
	/* 28 */ "check: object pipe",
	/* 29 */ "check: output \"pipe1: read end\"",
	/* 30 */ "hint: The noun is pipe.",
	/* 31 */ "hint: Type:",
	/* 32 */ "  pipe new",
	/* 33 */ "solution: pipe new",
	/* 34 */ "feedback: Done.",
	/* 35 */ "",
	/* 36 */ "step: Fork",
	/* 37 */ "text: Fork a child.",
	/* 38 */ "check:   process p2 blocked read",
	/* 39 */ "check: fd p2 3 pipe1 read   # a comment is not a word",
	/* 40 */ "check: output 'it''s \"quoted\"'",
	/* 41 */ "check: output \"tab\\there\"",
	/* 42 */ "hint: fork",
	/* 43 */ "solution: fork; @p2 pipe read",
	/* 44 */ "solution: pipe write 'a b'",
	/* 45 */ "",
	/* 46 */ "",
	NULL,
};

static char *join(const char *const *lines)
{
	struct buf b = { 0 };
	for (int i = 0; lines[i]; i++)
		buf_printf(&b, "%s\n", lines[i]);
	return buf_take(&b);
}

static void assert_argv(const struct lcheck *c, int line, int argc, const char *const *want)
{
	assert_int_equal(c->line, line);
	assert_int_equal(c->argc, argc);
	for (int i = 0; i < argc; i++)
		assert_string_equal(c->argv[i], want[i]);
}

static void lesson_load__sound_lesson__no_faults_and_every_field(void **state)
{
	struct fx *f = *state;
	char *text = join(sound_lines);
	int n = load(f, text);
	free(text);
	if (n)
		print_error("%s", f->errors.data);
	assert_int_equal(n, 0);
	assert_true(f->errors.len == 0);

	struct lesson *l = &f->l;
	assert_string_equal(l->path, f->path);
	assert_string_equal(l->title, "Pipes and forks");
	assert_int_equal(l->order, 20);
	assert_int_equal(l->nrecipes, 2);
	assert_string_equal(l->recipes[0], "pipe1.c (Beginning Linux Programming)");
	assert_string_equal(l->recipes[1], "pipe2.c (Beginning Linux Programming)");
	/* Continuation lines, a paragraph break, a comment inside, trailing
	 * blanks of a line and blank lines at the end dropped. */
	assert_string_equal(l->intro, "First line\nsecond line\n\nafter the break\nlast intro line");

	assert_int_equal(l->nfiles, 2);
	assert_int_equal(l->files[0].line, 14);
	assert_string_equal(l->files[0].name, "test.dat");
	assert_int_equal(l->files[0].mode, 0600);
	assert_string_equal(l->files[0].content, "alpha\n  indented beta");
	assert_int_equal(l->files[1].line, 18);
	assert_string_equal(l->files[1].name, "run.sh");
	assert_int_equal(l->files[1].mode, 0700);
	assert_string_equal(l->files[1].content, "#!/bin/sh\necho hi");

	assert_int_equal(l->nsteps, 2);
	struct lstep *s = &l->steps[0];
	assert_int_equal(s->line, 22);
	assert_string_equal(s->title, "Make the pipe");
	assert_string_equal(s->text, "Make a pipe.");
	assert_string_equal(s->code, "#include <unistd.h>\nint pp[2];");
	assert_int_equal(s->nchecks, 2);
	assert_argv(&s->checks[0], 28, 2, (const char *const[]){ "object", "pipe" });
	assert_argv(&s->checks[1], 29, 2, (const char *const[]){ "output", "pipe1: read end" });
	assert_int_equal(s->nhints, 2);
	assert_string_equal(s->hints[0], "The noun is pipe.");
	assert_string_equal(s->hints[1], "Type:\npipe new");
	assert_int_equal(s->nsolution, 1);
	assert_string_equal(s->solution[0], "pipe new");
	assert_string_equal(s->feedback, "Done.");

	s = &l->steps[1];
	assert_int_equal(s->line, 36);
	assert_string_equal(s->title, "Fork");
	assert_string_equal(s->text, "Fork a child.");
	assert_null(s->code);
	assert_null(s->feedback);
	assert_int_equal(s->nchecks, 4);
	assert_argv(&s->checks[0], 38, 4, (const char *const[]){ "process", "p2", "blocked", "read" });
	assert_argv(&s->checks[1], 39, 5, (const char *const[]){ "fd", "p2", "3", "pipe1", "read" });
	assert_argv(&s->checks[2], 40, 2, (const char *const[]){ "output", "its \"quoted\"" });
	assert_argv(&s->checks[3], 41, 2, (const char *const[]){ "output", "tab\there" });
	assert_int_equal(s->nhints, 1);
	assert_string_equal(s->hints[0], "fork");
	/* Solution lines are kept as written, one per line. */
	assert_int_equal(s->nsolution, 2);
	assert_string_equal(s->solution[0], "fork; @p2 pipe read");
	assert_string_equal(s->solution[1], "pipe write 'a b'");
}

static void lesson_load__no_order__order_one_million(void **state)
{
	struct fx *f = *state;
	assert_int_equal(load(f, SOUND), 0);
	assert_int_equal(f->l.order, 1000000);
	assert_null(f->l.intro);
	assert_int_equal(f->l.nfiles, 0);
	assert_null(f->l.files);
	assert_int_equal(f->l.nsteps, 1);
	assert_int_equal(f->l.steps[0].line, 3);
	assert_int_equal(f->l.steps[0].checks[0].line, 5);
}

static void lesson_load__order_bounds__zero_and_999999(void **state)
{
	struct fx *f = *state;
	assert_int_equal(load(f, "order: 0\n" SOUND), 0);
	assert_int_equal(f->l.order, 0);
	assert_int_equal(load(f, "order: 999999\n" SOUND), 0);
	assert_int_equal(f->l.order, 999999);
}

static void lesson_load__crlf_line_ends__stripped(void **state)
{
	struct fx *f = *state;
	assert_int_equal(load(f, "title: T\r\nrecipe: R\r\nintro: a\r\n  b\r\n\r\nstep: S\r\ntext: x\r\n"
				 "check: object pipe\r\nhint: h\r\nsolution: pipe new\r\n"), 0);
	assert_string_equal(f->l.title, "T");
	assert_string_equal(f->l.intro, "a\nb");
	assert_string_equal(f->l.steps[0].solution[0], "pipe new");
	assert_string_equal(f->l.steps[0].checks[0].argv[1], "pipe");
}

static void lesson_load__empty_optional_values__kept_empty(void **state)
{
	struct fx *f = *state;
	/* intro, code, hint and feedback may be empty and stay so. */
	assert_int_equal(load(f, HEAD "intro:\n" STEP "code:\nfeedback:\nhint:\n"), 0);
	assert_string_equal(f->l.intro, "");
	assert_string_equal(f->l.steps[0].code, "");
	assert_string_equal(f->l.steps[0].feedback, "");
	assert_int_equal(f->l.steps[0].nhints, 2);
	assert_string_equal(f->l.steps[0].hints[1], "");
}

static void lesson_load__check_states_with_a_word__accepted(void **state)
{
	struct fx *f = *state;
	assert_int_equal(load(f, SOUND "check: process p2 execed sort\n"
				       "check: process p2 execed ./pipe4\n"
				       "check: process p2 blocked read\n"
				       "check: process p2 exited 3\n"
				       "check: process p2 killed SIGTERM\n"
				       "check: process p9 gone\n"
				       "check: objects pipe 2\n"
				       "check: object pipe buffered 13\n"
				       "check: fd p1 4 closed\n"
				       "check: fd p3 1 pipe2 write\n"
				       "check: output x\n"), 0);
	assert_int_equal(f->l.steps[0].nchecks, 12);
	assert_argv(&f->l.steps[0].checks[1], 8, 4, (const char *const[]){ "process", "p2", "execed", "sort" });
	assert_int_equal(f->l.steps[0].checks[11].line, 18);
}

/* ---- faults: the form of a line and directives ---- */

static void lesson_load__unknown_directive__reported(void **state)
{
	struct fx *f = *state;
	assert_only_fault(f, SOUND "colour: red\n", 8, "unknown directive 'colour'");
}

static void lesson_load__not_a_directive_line__reported(void **state)
{
	struct fx *f = *state;
	assert_only_fault(f, SOUND "no colon here\n", 8, "expected 'directive: value'");
	assert_only_fault(f, SOUND " one space: x\n", 8, "expected 'directive: value'");
	assert_only_fault(f, SOUND "two words: x\n", 8, "expected 'directive: value'");
	assert_only_fault(f, SOUND ": x\n", 8, "expected 'directive: value'");
}

static void lesson_load__step_directive_before_first_step__reported(void **state)
{
	struct fx *f = *state;
	assert_only_fault(f, HEAD "text: too early\n" STEP, 3, "'text' before the first 'step'");
	assert_only_fault(f, HEAD "check: object pipe\n" STEP, 3, "'check' before the first 'step'");
	assert_only_fault(f, HEAD "hint: h\n" STEP, 3, "'hint' before the first 'step'");
	assert_only_fault(f, HEAD "solution: pipe new\n" STEP, 3, "'solution' before the first 'step'");
	assert_only_fault(f, HEAD "feedback: f\n" STEP, 3, "'feedback' before the first 'step'");
	assert_only_fault(f, HEAD "code: c\n" STEP, 3, "'code' before the first 'step'");
}

static void lesson_load__second_title__reported(void **state)
{
	struct fx *f = *state;
	assert_only_fault(f, SOUND "title: Again\n", 8, "a second 'title' here");
	assert_string_equal(f->l.title, "T");	/* the first one stays */
}

static void lesson_load__second_once_only_field__reported(void **state)
{
	struct fx *f = *state;
	assert_only_fault(f, SOUND "text: again\n", 8, "a second 'text' here");
	assert_string_equal(f->l.steps[0].text, "do it");
	assert_only_fault(f, HEAD "intro: a\nintro: b\n" STEP, 4, "a second 'intro' here");
	assert_only_fault(f, SOUND "code: a\ncode: b\n", 9, "a second 'code' here");
	assert_only_fault(f, SOUND "feedback: a\nfeedback: b\n", 9, "a second 'feedback' here");
}

static void lesson_load__continuation_of_nothing__reported(void **state)
{
	struct fx *f = *state;
	/* At the top, after a one-line directive (title, recipe, check,
	 * solution, step), and after a line that was a fault. */
	assert_only_fault(f, "  stray\n" SOUND, 1, "an indented line that continues nothing");
	assert_only_fault(f, "title: T\n  more title\nrecipe: R\n" STEP, 2, "continues nothing");
	assert_only_fault(f, HEAD "  more recipe\n" STEP, 3, "continues nothing");
	assert_only_fault(f, SOUND "\tmore solution\n", 8, "continues nothing");
	assert_only_fault(f, SOUND "check: output x\n  more\n", 9, "continues nothing");
	assert_only_fault(f, HEAD "step: S\n  more step\ntext: do it\ncheck: object pipe\nhint: h\nsolution: pipe new\n",
			  4, "continues nothing");
	assert_int_equal(load(f, SOUND "colour: red\n  more\n"), 2);
	assert_fault(f, 8, "unknown directive");
	assert_fault(f, 9, "continues nothing");
}

/* ---- faults: checks ---- */

static void lesson_load__unknown_check_kind__reported(void **state)
{
	struct fx *f = *state;
	assert_only_fault(f, SOUND "check: frob x\n", 8, "check: unknown kind 'frob'");
	assert_only_fault(f, SOUND "check: Object pipe\n", 8, "check: unknown kind 'Object'");
}

static void lesson_load__check_wrong_number_of_words__reported_with_usage(void **state)
{
	struct fx *f = *state;
	static const struct {
		const char *check, *usage;
	} cases[] = {
		{ "object", "usage: object KIND" },
		{ "object pipe buffered", "usage: object KIND" },
		{ "objects pipe", "usage: objects KIND COUNT" },
		{ "objects pipe 1 2", "usage: objects KIND COUNT" },
		{ "process p2", "usage: process pN" },
		{ "process p2 exited 3 4", "usage: process pN" },
		{ "output", "usage: output TEXT" },
		{ "output two words", "usage: output TEXT" },
		{ "fd p1 3", "usage: fd pN N open|closed" },
		{ "fd p1 3 pipe1 read x", "usage: fd pN N open|closed" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char text[256];
		snprintf(text, sizeof text, SOUND "check: %s\n", cases[i].check);
		assert_only_fault(f, text, 8, "check: wrong number of words");
		assert_fault(f, 8, cases[i].usage);
	}
}

static void lesson_load__check_bad_object_kind__reported(void **state)
{
	struct fx *f = *state;
	assert_only_fault(f, SOUND "check: object frob\n", 8, "check: not a kind of object");
	assert_only_fault(f, SOUND "check: objects pipes 2\n", 8, "check: not a kind of object");
	assert_only_fault(f, SOUND "check: object pipex\n", 8, "check: not a kind of object nor an object like pipe1");
}

static void lesson_load__check_count_not_a_number__reported(void **state)
{
	struct fx *f = *state;
	assert_only_fault(f, SOUND "check: objects pipe two\n", 8, "check: the count is not a number");
	assert_only_fault(f, SOUND "check: objects pipe -1\n", 8, "check: the count is not a number");
	assert_only_fault(f, SOUND "check: objects pipe ''\n", 8, "check: the count is not a number");
}

static void lesson_load__check_bad_attribute__reported(void **state)
{
	struct fx *f = *state;
	assert_only_fault(f, SOUND "check: object pipe size 3\n", 8, "check: the only attribute is 'buffered NUMBER'");
	assert_only_fault(f, SOUND "check: object pipe buffered many\n", 8, "the only attribute is 'buffered NUMBER'");
	assert_only_fault(f, SOUND "check: object pipe buffered 1 2\n", 8, "the only attribute is 'buffered NUMBER'");
}

static void lesson_load__check_fd_without_open_or_closed__reported(void **state)
{
	struct fx *f = *state;
	assert_only_fault(f, SOUND "check: fd p1 3 opened\n", 8, "check: expected open or closed");
	assert_only_fault(f, SOUND "check: fd p1 3 read\n", 8, "check: expected open or closed");
	assert_only_fault(f, SOUND "check: fd p1 three open\n", 8, "check: the fd is not a number");
}

static void lesson_load__check_fd_ref_bad__reported(void **state)
{
	struct fx *f = *state;
	assert_only_fault(f, SOUND "check: fd p1 3 frob1 read\n", 8, "check: not an object reference like pipe1");
	assert_only_fault(f, SOUND "check: fd p1 3 pipe read\n", 8, "not an object reference like pipe1");
	assert_only_fault(f, SOUND "check: fd p1 3 pipe1 both\n", 8, "check: expected read or write after the reference");
	assert_only_fault(f, SOUND "check: fd p1 3 pipe1 open\n", 8, "expected read or write after the reference");
}

static void lesson_load__check_unknown_process_state__reported(void **state)
{
	struct fx *f = *state;
	assert_only_fault(f, SOUND "check: process p2 sleeping\n", 8, "check: unknown process state");
	assert_only_fault(f, SOUND "check: process p2 Blocked read\n", 8, "check: unknown process state");
}

static void lesson_load__check_bad_exit_code_or_signal__reported(void **state)
{
	struct fx *f = *state;
	assert_only_fault(f, SOUND "check: process p2 exited abc\n", 8, "check: an exit code is a number");
	assert_only_fault(f, SOUND "check: process p2 exited 256\n", 8, "check: an exit code is a number");
	assert_only_fault(f, SOUND "check: process p2 killed FOO\n", 8, "check: not a signal");
}

static void lesson_load__check_word_after_state_that_takes_none__reported(void **state)
{
	struct fx *f = *state;
	static const char *const states[] = { "exists", "ready", "running", "orphan", "zombie", "gone", NULL };
	for (int i = 0; states[i]; i++) {
		char text[256];
		snprintf(text, sizeof text, SOUND "check: process p2 %s now\n", states[i]);
		assert_only_fault(f, text, 8, "check: only blocked, execed, exited, killed and parent take one more word");
	}
}

static void lesson_load__check_parent_without_a_process__reported(void **state)
{
	struct fx *f = *state;
	assert_only_fault(f, SOUND "check: process p4 parent\n", 8, "check: parent takes a process, pN or ipcsh");
	assert_only_fault(f, SOUND "check: process p4 parent 3\n", 8, "check: parent takes a process, pN or ipcsh");
	assert_int_equal(load(f, SOUND "check: process p4 parent p3\ncheck: process p4 parent ipcsh\n"), 0);
}

static void lesson_load__check_holds_words__judged(void **state)
{
	struct fx *f = *state;
	assert_int_equal(load(f, SOUND "check: holds p3 pipe2\ncheck: holds p3 pipe2 write\n"), 0);
	assert_only_fault(f, SOUND "check: holds 3 pipe2\n", 8, "check: not a process like p2");
	assert_only_fault(f, SOUND "check: holds p3 pipe\n", 8, "check: not an object reference like pipe1");
	assert_only_fault(f, SOUND "check: holds p3 pipe2 both\n", 8, "check: expected read or write");
}

static void lesson_load__check_call_words__judged(void **state)
{
	struct fx *f = *state;
	assert_int_equal(load(f, SOUND "check: call p1 read\ncheck: call p1 read returned\ncheck: call p1 read returned 0\n"
				"check: call p1 pclose returned -1\ncheck: call p1 wait failed\ncheck: call p1 wait failed ECHILD\n"),
			 0);
	assert_only_fault(f, SOUND "check: call one read\n", 8, "check: not a process like p2");
	assert_only_fault(f, SOUND "check: call p1 read gave 0\n", 8, "check: expected returned, failed, blocked or killed");
	assert_int_equal(load(f, SOUND "check: call p1 read blocked\ncheck: call p1 write killed\ncheck: call p1 write killed PIPE\n"), 0);
	assert_only_fault(f, SOUND "check: call p1 read blocked 3\n", 8, "check: blocked takes no more words");
	assert_only_fault(f, SOUND "check: call p1 write killed BOGUS\n", 8, "check: not a signal");
	assert_only_fault(f, SOUND "check: call p1 read returned zero\n", 8, "check: the value returned is not a number");
	assert_only_fault(f, SOUND "check: call p1 wait failed ENOTANERRNO\n", 8, "check: not an errno name");
	assert_only_fault(f, SOUND "check: call p1 wait failed 10\n", 8, "check: not an errno name");
	assert_only_fault(f, SOUND "check: call p1 read returned 0 now\n", 8, "check: wrong number of words");
}

/* deadend: a check, then its sentence; before the first step, the lesson's. */
static void lesson_load__deadends__lesson_and_step(void **state)
{
	struct fx *f = *state;
	assert_int_equal(load(f, HEAD "deadend: process p1 gone\n  p1 has ended.\n" STEP
				"deadend: fd p1 3 closed\n  p1 closed its read end\n  too soon.\n"), 0);
	assert_int_equal(f->l.ndeadends, 1);
	assert_string_equal(f->l.deadends[0].check.argv[0], "process");
	assert_string_equal(f->l.deadends[0].because, "p1 has ended.");
	assert_int_equal(f->l.steps[0].ndeadends, 1);
	assert_int_equal(f->l.steps[0].deadends[0].check.argc, 4);
	assert_string_equal(f->l.steps[0].deadends[0].because, "p1 closed its read end\ntoo soon.");
	assert_only_fault(f, SOUND "deadend: fd p1 3 closed\n", 8, "deadend: say what went wrong");
	assert_only_fault(f, SOUND "deadend: fd p1 x closed\n  why\n", 8, "deadend: the fd is not a number");
}

/* mistake: a line of commands, then the words its feedback must name. */
static void lesson_load__mistakes__kept_and_linted(void **state)
{
	struct fx *f = *state;
	assert_int_equal(load(f, SOUND "mistake: fork; fork\n  child of p1\n"), 0);
	assert_int_equal(f->l.steps[0].nmistakes, 1);
	assert_string_equal(f->l.steps[0].mistakes[0].input, "fork; fork");
	assert_string_equal(f->l.steps[0].mistakes[0].names, "child of p1");
	assert_only_fault(f, SOUND "mistake: fork\n", 8, "mistake: give the words");
	assert_only_fault(f, SOUND "mistake: frok\n  x\n", 8, "mistake: unknown command 'frok'");
}

/* An empty attribute ("" or a word cut short by \x00) once looped forever
 * (found by make fuzz N=1000000). */
static void lesson_load__empty_attribute__reported_not_hung(void **state)
{
	struct fx *f = *state;
	assert_only_fault(f, SOUND "check: object pipe1 \"\" 31\n", 8, "check: the only attribute is 'buffered NUMBER'");
	assert_only_fault(f, SOUND "check: object pipe1 \\x00ered 31\n", 8, "check: the only attribute is");
}

/* Programs a solution runs that are nowhere: each named once, however its
 * name ends (a name ending in a comma once read past the list's end; found
 * by libFuzzer). */
static void lesson_missing_programs__names_with_commas__each_once(void **state)
{
	struct fx *f = *state;
	assert_int_equal(load(f, SOUND "solution: exec ./nosuch,\nsolution: exec ./nosuch,\n"
				 "solution: exec ./other, x\nsolution: exec ./nosuch\n"), 0);
	struct buf missing = { 0 };
	assert_int_equal(lesson_missing_programs(&f->l, &missing), 3);
	assert_string_equal(missing.data, "./nosuch,, ./other,, ./nosuch");
	buf_free(&missing);
}

/* not CHECK: the inner check is judged as any other. */
static void lesson_load__check_not__judged_inside(void **state)
{
	struct fx *f = *state;
	assert_int_equal(load(f, SOUND "check: not holds p2 pipe1 write\ncheck: not process p2 exists\n"), 0);
	assert_only_fault(f, SOUND "check: not not object pipe\n", 8, "check: 'not not' says nothing");
	assert_only_fault(f, SOUND "check: not process p2 sleeping\n", 8, "check: unknown process state");
	assert_only_fault(f, SOUND "check: not bogus p2\n", 8, "check: unknown kind 'bogus'");
}

/* The teaching lint: a recap, a ladder of three hints with 'Type:' last
 * only, a mistake in every step. */
static void lesson_lint_teaching__shortfalls__each_reported(void **state)
{
	struct fx *f = *state;
	assert_int_equal(load(f, SOUND), 0);
	buf_reset(&f->errors);
	assert_int_equal(lesson_lint_teaching(&f->l, &f->errors), 3);
	assert_fault(f, 1, "no 'recap'");
	assert_fault(f, 3, "step 'S' has 1 hint: give a ladder of three or more");
	assert_fault(f, 3, "step 'S' has no 'mistake'");
	assert_int_equal(load(f, HEAD "recap: r\nstep: S\ntext: t\ncheck: object pipe\nhint: Type: x\nhint: b\nhint: c\n"
				"solution: pipe new\nmistake: fork\n  p2\n"), 0);
	buf_reset(&f->errors);
	assert_int_equal(lesson_lint_teaching(&f->l, &f->errors), 2);
	assert_fault(f, 4, "only its last hint may say 'Type: LINE'");
	assert_fault(f, 4, "its last hint must say 'Type: LINE'");
	assert_int_equal(load(f, HEAD "recap: r\nstep: S\ntext: t\ncheck: object pipe\nhint: a\nhint: b\nhint: Type: x\n"
				"solution: pipe new\nmistake: fork\n  p2\n"), 0);
	buf_reset(&f->errors);
	assert_int_equal(lesson_lint_teaching(&f->l, &f->errors), 0);
}

/* A recipe in a step is the step's own: 'show' names it. */
static void lesson_load__step_recipe__kept_once(void **state)
{
	struct fx *f = *state;
	assert_int_equal(load(f, SOUND "recipe: pipe4.c\n"), 0);
	assert_int_equal(f->l.nrecipes, 1);
	assert_string_equal(f->l.steps[0].recipe, "pipe4.c");
	assert_only_fault(f, SOUND "recipe: a\nrecipe: b\n", 9, "a second 'recipe' here");
}

static void lesson_load__recap__kept_once(void **state)
{
	struct fx *f = *state;
	assert_int_equal(load(f, HEAD "recap:\n  Pipes are one way.\n" STEP), 0);
	assert_string_equal(f->l.recap, "Pipes are one way.");
	assert_only_fault(f, HEAD "recap: a\nrecap: b\n" STEP, 4, "a second 'recap' here");
}

/* A step checked on output alone is refused, unless it says it is about output. */
static void lesson_load__output_checks_alone__refused_unless_about_output(void **state)
{
	struct fx *f = *state;
	const char *only_output = HEAD "step: S\ntext: do it\ncheck: output \"x\"\nhint: h\nsolution: pipe new\n";
	assert_only_fault(f, only_output, 3, "step 'S' is checked on output alone");
	assert_int_equal(load(f, HEAD "step: S\ntext: do it\nabout: output\ncheck: output \"x\"\nhint: h\n"
				"solution: pipe new\n"), 0);
	assert_int_equal(load(f, SOUND "check: output \"x\"\n"), 0);	/* beside a check on what it does */
	assert_only_fault(f, SOUND "about: input\n", 8, "about: the only value is 'output'");
}

static void lesson_load__check_two_on_a_line_or_unsplittable__reported(void **state)
{
	struct fx *f = *state;
	assert_only_fault(f, SOUND "check: object pipe; objects pipe 1\n", 8, "check: one check per line");
	assert_only_fault(f, SOUND "check: output \"unterminated\n", 8, "check: unterminated double quote");
	assert_only_fault(f, SOUND "check: output 'unterminated\n", 8, "check: unterminated single quote");
	assert_only_fault(f, SOUND "check: # only a comment\n", 8, "check: a check needs a kind and its words");
}

/* ---- faults: values ---- */

static void lesson_load__empty_required_value__reported(void **state)
{
	struct fx *f = *state;
	/* A second, empty title next to a good one: only the empty value is wrong. */
	assert_only_fault(f, SOUND "title:\n", 8, "'title' needs a value on its line");
	assert_only_fault(f, SOUND "solution:\n", 8, "'solution' needs a value on its line");
	assert_only_fault(f, SOUND "check:\n", 8, "'check' needs a value on its line");
	assert_only_fault(f, SOUND "recipe:   \n", 8, "'recipe' needs a value on its line");
	assert_only_fault(f, SOUND "order:\n", 8, "'order' needs a value on its line");
	assert_only_fault(f, SOUND "file:\n", 8, "'file' needs a value on its line");
	/* The only title empty: that, and no title at all. */
	assert_int_equal(load(f, "title:\nrecipe: R\n" STEP), 2);
	assert_fault(f, 1, "'title' needs a value on its line");
	assert_fault(f, 1, "no 'title'");
	/* An empty step has no title and starts no step. */
	assert_int_equal(load(f, SOUND "step:\ntext: x\n"), 2);
	assert_fault(f, 8, "'step' needs a value on its line");
	assert_fault(f, 9, "a second 'text' here");
}

static void lesson_load__solution_unknown_command__reported(void **state)
{
	struct fx *f = *state;
	assert_only_fault(f, SOUND "solution: frobnicate\n", 8, "solution: unknown command 'frobnicate'");
	assert_only_fault(f, SOUND "solution: fork; @p2 frob x\n", 8, "solution: unknown command 'frob'");
	assert_only_fault(f, SOUND "solution: pipe frob\n", 8, "unknown verb 'frob'");
	assert_only_fault(f, SOUND "solution: pipe\n", 8, "solution: ");
	assert_fault(f, 8, "verb is missing");
	/* The solution is kept all the same. */
	assert_int_equal(f->l.steps[0].nsolution, 2);
	/* @pN alone, and an empty command between ';', are no fault. */
	assert_int_equal(load(f, SOUND "solution: @p1; ; fds\n"), 0);
}

static void lesson_load__solution_unterminated_quote__reported(void **state)
{
	struct fx *f = *state;
	assert_only_fault(f, SOUND "solution: pipe write \"hello\n", 8, "solution: unterminated double quote");
	assert_only_fault(f, SOUND "solution: pipe write 'hello\n", 8, "solution: unterminated single quote");
}

static void lesson_load__order_not_a_number__reported(void **state)
{
	struct fx *f = *state;
	static const char *const bad[] = { "soon", "-1", "1000000", "12x", "1 2", "0x10", NULL };
	for (int i = 0; bad[i]; i++) {
		char text[256];
		snprintf(text, sizeof text, "order: %s\n" SOUND, bad[i]);
		assert_only_fault(f, text, 1, "order: expected a number from 0 to 999999");
		assert_int_equal(f->l.order, 1000000);
	}
}

/* ---- faults: the lesson as a whole ---- */

static void lesson_load__missing_title_recipe_step__at_line_1(void **state)
{
	struct fx *f = *state;
	assert_only_fault(f, "# no title\nrecipe: R\n" STEP, 1, "no 'title'");
	assert_only_fault(f, "title: T\n" STEP, 1, "no 'recipe'");
	assert_only_fault(f, HEAD, 1, "no 'step'");
	assert_int_equal(load(f, ""), 3);
	assert_fault(f, 1, "no 'title'");
	assert_fault(f, 1, "no 'recipe'");
	assert_fault(f, 1, "no 'step'");
}

static void lesson_load__step_missing_parts__at_the_steps_line(void **state)
{
	struct fx *f = *state;
	assert_only_fault(f, HEAD "step: S\ncheck: object pipe\nhint: h\nsolution: pipe new\n", 3, "step 'S' has no 'text'");
	assert_only_fault(f, HEAD "step: S\ntext: t\nhint: h\nsolution: pipe new\n", 3, "step 'S' has no 'check'");
	assert_only_fault(f, HEAD "step: S\ntext: t\ncheck: object pipe\nsolution: pipe new\n", 3, "step 'S' has no 'hint'");
	assert_only_fault(f, HEAD "step: S\ntext: t\ncheck: object pipe\nhint: h\n", 3, "step 'S' has no 'solution'");
	/* An empty second step: four faults, all at its line. */
	assert_int_equal(load(f, SOUND "\nstep: Empty\n"), 4);
	assert_fault(f, 9, "step 'Empty' has no 'text'");
	assert_fault(f, 9, "step 'Empty' has no 'check'");
	assert_fault(f, 9, "step 'Empty' has no 'hint'");
	assert_fault(f, 9, "step 'Empty' has no 'solution'");
	assert_int_equal(f->l.nsteps, 2);
	assert_int_equal(f->l.steps[1].line, 9);
}

/* ---- faults: files ---- */

static void lesson_load__file_after_first_step__reported(void **state)
{
	struct fx *f = *state;
	assert_only_fault(f, SOUND "file: late.dat\n", 8, "'file' belongs before the first 'step'");
	assert_int_equal(f->l.nfiles, 0);
	/* Its content lines continue nothing. */
	assert_int_equal(load(f, SOUND "file: late.dat\n  data\n"), 2);
	assert_fault(f, 8, "'file' belongs before the first 'step'");
	assert_fault(f, 9, "continues nothing");
}

static void lesson_load__duplicate_file_name__reported(void **state)
{
	struct fx *f = *state;
	assert_only_fault(f, HEAD "file: a.txt\n  one\nfile: b.txt\nfile: a.txt 0644\n  two\n" STEP, 6, "file: 'a.txt' again");
}

static void lesson_load__file_name_not_plain__reported(void **state)
{
	struct fx *f = *state;
	static const char *const bad[] = { "dir/a.txt", "/etc/passwd", "../up", ".hidden", "-rf", "a.txt 0600 extra", NULL };
	for (int i = 0; bad[i]; i++) {
		char text[256];
		snprintf(text, sizeof text, HEAD "file: %s\n" STEP, bad[i]);
		assert_only_fault(f, text, 3, "file: expected a plain file name and an optional octal mode");
		assert_int_equal(f->l.nfiles, 0);
	}
}

static void lesson_load__file_bad_mode__reported(void **state)
{
	struct fx *f = *state;
	static const char *const bad[] = { "0800", "0200", "777x", "1777", "0", "rw", "0377", NULL };
	for (int i = 0; bad[i]; i++) {
		char text[256];
		snprintf(text, sizeof text, HEAD "file: a.txt %s\n" STEP, bad[i]);
		assert_only_fault(f, text, 3, "file: the mode must be octal, 0400 to 0777");
		assert_int_equal(f->l.nfiles, 0);
	}
	/* The bounds themselves are fine; a mode is read as octal with or without its 0. */
	assert_int_equal(load(f, HEAD "file: a 0400\nfile: b 0777\nfile: c 755\n" STEP), 0);
	assert_int_equal(f->l.files[0].mode, 0400);
	assert_int_equal(f->l.files[1].mode, 0777);
	assert_int_equal(f->l.files[2].mode, 0755);
	assert_string_equal(f->l.files[2].content, "");
}

/* ---- the file itself ---- */

static void lesson_load__unopenable_file__line_0(void **state)
{
	struct fx *f = *state;
	char path[4200];
	snprintf(path, sizeof path, "%s.missing/x.lesson", f->path);
	struct lesson l;
	struct buf errors = { 0 };
	int n = lesson_load(path, &l, &errors, check_fault);
	assert_int_equal(n, 1);
	char want[4300];
	snprintf(want, sizeof want, "%s:0: cannot open: No such file or directory\n", path);
	assert_string_equal(errors.data, want);
	assert_string_equal(l.path, path);
	assert_null(l.title);
	assert_int_equal(l.nsteps, 0);
	lesson_free(&l);
	buf_free(&errors);
}

static void lesson_load__directory__cannot_open(void **state)
{
	const char *dir = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	struct lesson l;
	struct buf errors = { 0 };
	assert_int_equal(lesson_load(dir, &l, &errors, check_fault), 1);
	assert_non_null(strstr(errors.data, ":0: cannot open: Is a directory"));
	lesson_free(&l);
	buf_free(&errors);
}

static void lesson_load__errors_appended__not_reset(void **state)
{
	struct fx *f = *state;
	buf_addstr(&f->errors, "before\n");
	FILE *fp = fopen(f->path, "w");
	assert_non_null(fp);
	fputs(SOUND "colour: red\n", fp);
	fclose(fp);
	assert_int_equal(lesson_load(f->path, &f->l, &f->errors, check_fault), 1);
	f->loaded = true;
	assert_true(strncmp(f->errors.data, "before\n", 7) == 0);
	assert_true(has_fault(f->errors.data + 7, f->path, 8, "unknown directive"));
}

/* ---- lesson_free ---- */

/* Every kind of field filled, faults included (a faulty check is kept, a
 * faulty solution too): lesson_free frees them all (ASan and valgrind would
 * report a leak) and leaves an empty lesson that can be freed again. */
static void lesson_free__everything_filled__freed_and_zeroed(void **state)
{
	struct fx *f = *state;
	char *text = join(sound_lines);
	struct buf b = { 0 };
	buf_printf(&b, "%scheck: frob 1 2\ncheck: object\nsolution: nosuch\nhint: more\n  lines\n"
		       "text: second\ntitle: second\nintro: second\n", text);
	free(text);
	assert_true(load(f, b.data) > 0);
	buf_free(&b);
	assert_int_equal(f->l.steps[1].nchecks, 6);
	lesson_free(&f->l);
	assert_null(f->l.path);
	assert_null(f->l.title);
	assert_null(f->l.intro);
	assert_null(f->l.recipes);
	assert_null(f->l.files);
	assert_null(f->l.steps);
	assert_int_equal(f->l.nsteps, 0);
	assert_int_equal(f->l.nfiles, 0);
	assert_int_equal(f->l.nrecipes, 0);
	lesson_free(&f->l);	/* again, as the teardown does: harmless */
}

/* ---- check kinds ---- */

static void check_kind_find__every_kind__found_unknown_null(void **state)
{
	static const char *const names[] = { "object", "objects", "process", "output", "fd", NULL };
	for (int i = 0; names[i]; i++) {
		const struct check_kind *k = check_kind_find(names[i]);
		assert_non_null(k);
		assert_string_equal(k->name, names[i]);
		assert_true(k->min <= k->max);
		assert_true(strncmp(k->usage, names[i], strlen(names[i])) == 0);
	}
	assert_null(check_kind_find("frob"));
	assert_null(check_kind_find(""));
	assert_null(check_kind_find("obj"));
}

#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(lesson_load__sound_lesson__no_faults_and_every_field),
		T(lesson_load__no_order__order_one_million),
		T(lesson_load__order_bounds__zero_and_999999),
		T(lesson_load__crlf_line_ends__stripped),
		T(lesson_load__empty_optional_values__kept_empty),
		T(lesson_load__check_states_with_a_word__accepted),
		T(lesson_load__unknown_directive__reported),
		T(lesson_load__not_a_directive_line__reported),
		T(lesson_load__step_directive_before_first_step__reported),
		T(lesson_load__second_title__reported),
		T(lesson_load__second_once_only_field__reported),
		T(lesson_load__continuation_of_nothing__reported),
		T(lesson_load__unknown_check_kind__reported),
		T(lesson_load__check_wrong_number_of_words__reported_with_usage),
		T(lesson_load__check_bad_object_kind__reported),
		T(lesson_load__check_count_not_a_number__reported),
		T(lesson_load__check_bad_attribute__reported),
		T(lesson_load__check_fd_without_open_or_closed__reported),
		T(lesson_load__check_fd_ref_bad__reported),
		T(lesson_load__check_unknown_process_state__reported),
		T(lesson_load__check_bad_exit_code_or_signal__reported),
		T(lesson_load__check_word_after_state_that_takes_none__reported),
		T(lesson_load__check_parent_without_a_process__reported),
		T(lesson_load__check_holds_words__judged),
		T(lesson_load__check_call_words__judged),
		T(lesson_load__output_checks_alone__refused_unless_about_output),
		T(lesson_load__deadends__lesson_and_step),
		T(lesson_load__mistakes__kept_and_linted),
		T(lesson_load__recap__kept_once),
		T(lesson_load__step_recipe__kept_once),
		T(lesson_load__empty_attribute__reported_not_hung),
		T(lesson_lint_teaching__shortfalls__each_reported),
		T(lesson_load__check_not__judged_inside),
		T(lesson_missing_programs__names_with_commas__each_once),
		T(lesson_load__check_two_on_a_line_or_unsplittable__reported),
		T(lesson_load__empty_required_value__reported),
		T(lesson_load__solution_unknown_command__reported),
		T(lesson_load__solution_unterminated_quote__reported),
		T(lesson_load__order_not_a_number__reported),
		T(lesson_load__missing_title_recipe_step__at_line_1),
		T(lesson_load__step_missing_parts__at_the_steps_line),
		T(lesson_load__file_after_first_step__reported),
		T(lesson_load__duplicate_file_name__reported),
		T(lesson_load__file_name_not_plain__reported),
		T(lesson_load__file_bad_mode__reported),
		T(lesson_load__unopenable_file__line_0),
		T(lesson_load__directory__cannot_open),
		T(lesson_load__errors_appended__not_reset),
		T(lesson_free__everything_filled__freed_and_zeroed),
		cmocka_unit_test(check_kind_find__every_kind__found_unknown_null),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
