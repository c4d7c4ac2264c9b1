/* test_complete.c - unit tests for src/complete.c without a terminal: the
 * candidates Tab offers and the argument hints, as far as they come from the
 * command table and the lesson files (no session is started). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <readline/readline.h>

#include "complete.h"

static bool offers(const char *line, const char *want)
{
	int files;
	char **v = complete_candidates(line, (int)strlen(line), &files);
	bool found = false;
	for (char **p = v; *p; p++)
		found |= strcmp(*p, want) == 0;
	complete_free(v);
	return found;
}

static void complete_candidates__lesson_arg__lesson_names(void **state)
{
	/* make check runs the tests from the top of the source tree. */
	setenv("IPCSH_LESSONS", "lessons", 1);
	assert_true(offers("lesson ", "pipe-one"));
	assert_true(offers("lesson pipe-", "pipe-fork"));
	assert_false(offers("lesson pipe-", "fork-wait"));
}

static void complete_candidates__noun__its_verbs(void **state)
{
	assert_true(offers("pipe ", "write"));
	assert_true(offers("pipe w", "write"));
	assert_false(offers("pipe w", "read"));
}

static void complete_hint__noun_alone__its_verbs(void **state)
{
	char hint[128];
	assert_true(complete_hint("pipe ", hint, sizeof hint));
	assert_string_equal(hint, "new|write|read|close|info|fill");
	assert_true(complete_hint("lesson ", hint, sizeof hint));
	assert_string_equal(hint, "[NAME] [-J|-r] [-n] [-o COLS]");
}

static void complete_hint__command__args_left(void **state)
{
	char hint[128];
	assert_true(complete_hint("pipe write ", hint, sizeof hint));
	assert_string_equal(hint, "[REF] TEXT");
	assert_true(complete_hint("fd dup2 3 ", hint, sizeof hint));
	assert_string_equal(hint, "NEW");
	assert_false(complete_hint("fork ", hint, sizeof hint));	/* it takes no arguments */
	assert_false(complete_hint("pipe", hint, sizeof hint));	/* only after a space */
}

static int count(const char *line)
{
	int files, n = 0;
	char **v = complete_candidates(line, (int)strlen(line), &files);
	while (v[n])
		n++;
	complete_free(v);
	return n;
}

static void complete_candidates__help_noun__its_verbs(void **state)
{
	assert_true(offers("help ", "pipe"));
	assert_true(offers("help pipe ", "write"));
	assert_false(offers("help pipe ", "pipe"));	/* nouns again was the bug */
	assert_true(offers("help pipe w", "write"));
	assert_false(offers("help pipe w", "wait"));	/* a noun starting with w */
	assert_true(offers("help pi w", "write"));	/* a unique prefix names the noun */
	assert_int_equal(count("help pipe write "), 0);
	assert_int_equal(count("help fork "), 0);	/* no verbs */
	assert_true(offers("help qu", "quoting"));	/* topics */
	assert_true(offers("help ", "@"));
	assert_true(offers("help proc", "process"));	/* families */
	assert_true(offers("help ins", "inspect"));
}

static void complete_hint__help_noun__one_bracket_pair(void **state)
{
	char hint[128];
	assert_true(complete_hint("help ", hint, sizeof hint));
	assert_string_equal(hint, "[NOUN [VERB] | FAMILY | TOPIC]");
	assert_true(complete_hint("help pipe ", hint, sizeof hint));
	assert_string_equal(hint, "[VERB]");
	assert_false(complete_hint("help pipe write ", hint, sizeof hint));
}

static void complete_candidates__lesson_prefix__lesson_names(void **state)
{
	setenv("IPCSH_LESSONS", "lessons", 1);
	assert_true(offers("lesson p", "pipe-one"));
	assert_true(offers("lesson p", "popen"));
	assert_false(offers("lesson p", "fork-wait"));
	assert_true(offers("lesson ", "quit"));	/* its verbs as well */
	assert_true(offers("lesson \"pipe-", "pipe-fork"));	/* in quotes */
}

static void complete_candidates__set_and_show__setting_names(void **state)
{
	assert_true(offers("set ", "trace"));
	assert_true(offers("set h", "hints"));
	assert_false(offers("set ", "on"));
	assert_true(offers("set trace ", "on"));
	assert_true(offers("set trace ", "off"));
	assert_false(offers("set trace ", "trace"));
	assert_true(offers("show ", "mask"));
	assert_int_equal(count("show trace "), 0);
}

static void complete_candidates__table_commands__table_options(void **state)
{
	static const char *const cmds[] = { "ps", "fds", "objects", "ipcs" };
	static const char *const opts[] = { "-J", "--json", "-r", "--raw", "-n", "--noheadings", "-o", "--output" };
	char line[64];
	for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++) {
		snprintf(line, sizeof line, "%s -", cmds[i]);
		for (size_t j = 0; j < sizeof opts / sizeof *opts; j++)
			assert_true(offers(line, opts[j]));
	}
	assert_true(offers("ps --n", "--noheadings"));
	assert_false(offers("ps --n", "-n"));
	assert_true(offers("ps -J -", "-r"));	/* options may be bundled one by one */
	assert_true(offers("fds p1 -", "--raw"));
	assert_int_equal(count("ps -o "), 0);	/* a column list follows */
	assert_int_equal(count("pipe write -"), 0);	/* not a table */
}

static void complete_candidates__signal_without_sig__bare_names(void **state)
{
	assert_true(offers("kill p2 US", "USR1"));
	assert_false(offers("kill p2 US", "SIGUSR1"));
	assert_true(offers("kill p2 SIGUS", "SIGUSR1"));
	assert_false(offers("kill p2 SIGUS", "USR1"));
	assert_true(offers("kill p2 ", "SIGTERM"));
	assert_false(offers("kill p2 ", "TERM"));	/* one form for the whole list */
	assert_false(offers("kill p2 us", "USR1"));	/* case counts, unless told otherwise */
}

static void complete_candidates__ignore_case__folds_prefixes(void **state)
{
	assert_false(offers("HE", "help"));
	rl_variable_bind("completion-ignore-case", "on");
	assert_true(offers("HE", "help"));
	assert_true(offers("help PI", "pipe"));
	assert_true(offers("kill p2 us", "USR1"));
	assert_true(offers("kill p2 sigus", "SIGUSR1"));
	rl_variable_bind("completion-ignore-case", "off");
	assert_false(offers("help PI", "pipe"));
}

static void complete_candidates__lexer_words__quotes_and_separators(void **state)
{
	int files;
	assert_true(offers("set \"trace\" ", "on"));	/* a quoted word is the word */
	assert_true(offers("help 'pipe' w", "write"));
	assert_true(offers("ps; pi", "pipe"));
	assert_true(offers("ps & pi", "pipe"));
	assert_true(offers("pipe new;help pipe ", "read"));
	assert_true(offers("@p2 pipe w", "write"));
	assert_int_equal(count("ps # pi"), 0);	/* a comment */
	assert_int_equal(count("help pipe\\ "), 0);	/* an escaped blank: "pipe " is still being typed */
	char **v = complete_candidates("cd 'my fi", 9, &files);
	assert_true(files);	/* paths: readline's, in the process's directory */
	complete_free(v);
}

static void complete_hint__lexer_words__quotes_and_separators(void **state)
{
	char hint[128];
	assert_true(complete_hint("fd read \"3\" ", hint, sizeof hint));
	assert_string_equal(hint, "[COUNT]");
	assert_true(complete_hint("ps; fd dup2 3 ", hint, sizeof hint));
	assert_string_equal(hint, "NEW");
	assert_false(complete_hint("fd write 1 \"a b\" ", hint, sizeof hint));	/* both words given */
	assert_false(complete_hint("fd dup2 3 # ", hint, sizeof hint));
	assert_false(complete_hint("fd dup2 \"3 ", hint, sizeof hint));	/* inside quotes */
	assert_true(complete_hint("msg send 1 \"a b\" ", hint, sizeof hint));	/* the quoted words are one */
	assert_string_equal(hint, "[nowait]");
}

static void complete_hint__reference_left_out__not_counted(void **state)
{
	char hint[128];
	assert_true(complete_hint("pipe write ", hint, sizeof hint));
	assert_string_equal(hint, "[REF] TEXT");
	assert_true(complete_hint("pipe write pipe1 ", hint, sizeof hint));
	assert_string_equal(hint, "TEXT");
	assert_false(complete_hint("pipe write hello ", hint, sizeof hint));	/* TEXT given, no REF */
	assert_true(complete_hint("@p2 msg send msg1 1 ", hint, sizeof hint));
	assert_string_equal(hint, "TEXT [nowait]");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(complete_candidates__lesson_arg__lesson_names),
		cmocka_unit_test(complete_candidates__noun__its_verbs),
		cmocka_unit_test(complete_hint__noun_alone__its_verbs),
		cmocka_unit_test(complete_hint__command__args_left),
		cmocka_unit_test(complete_candidates__help_noun__its_verbs),
		cmocka_unit_test(complete_hint__help_noun__one_bracket_pair),
		cmocka_unit_test(complete_candidates__lesson_prefix__lesson_names),
		cmocka_unit_test(complete_candidates__set_and_show__setting_names),
		cmocka_unit_test(complete_candidates__table_commands__table_options),
		cmocka_unit_test(complete_candidates__signal_without_sig__bare_names),
		cmocka_unit_test(complete_candidates__ignore_case__folds_prefixes),
		cmocka_unit_test(complete_candidates__lexer_words__quotes_and_separators),
		cmocka_unit_test(complete_hint__lexer_words__quotes_and_separators),
		cmocka_unit_test(complete_hint__reference_left_out__not_counted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
