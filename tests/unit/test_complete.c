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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(complete_candidates__lesson_arg__lesson_names),
		cmocka_unit_test(complete_candidates__noun__its_verbs),
		cmocka_unit_test(complete_hint__noun_alone__its_verbs),
		cmocka_unit_test(complete_hint__command__args_left),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
