/* test_pager.c - unit tests for src/pager.c: how many rows output takes on
 * a screen (so that only output taller than it is paged), and which pager. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "pager.h"

static int rows(const char *s, int cols)
{
	return pager_rows(s, strlen(s), cols);
}

static void pager_rows__lines__one_row_each(void **state)
{
	assert_int_equal(rows("", 80), 0);
	assert_int_equal(rows("a\nb\n", 80), 2);
	assert_int_equal(rows("a\nb", 80), 2);
	assert_int_equal(rows("\n\n", 80), 2);
}

static void pager_rows__long_line__wraps(void **state)
{
	assert_int_equal(rows("0123456789\n", 10), 1);
	assert_int_equal(rows("0123456789a\n", 10), 2);
	assert_int_equal(rows("0123456789012345678901\n", 10), 3);
}

static void pager_rows__colour_and_utf8__take_no_room(void **state)
{
	assert_int_equal(rows("\033[36m0123456789\033[0m\n", 10), 1);
	assert_int_equal(rows("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\n", 5), 1);
}

static void pager_command__pager_env__honoured(void **state)
{
	unsetenv("PAGER");
	assert_string_equal(pager_command(), "less");
	setenv("PAGER", "more -s", 1);
	assert_string_equal(pager_command(), "more -s");
	setenv("PAGER", "cat", 1);
	assert_null(pager_command());
	setenv("PAGER", "", 1);
	assert_null(pager_command());
	unsetenv("PAGER");
}

static void pager_collect__not_interactive__nothing_taken(void **state)
{
	pager_begin();	/* settings.interactive is false in a unit test */
	assert_false(pager_collect(1, "x\n", 2));
	pager_end();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pager_rows__lines__one_row_each),
		cmocka_unit_test(pager_rows__long_line__wraps),
		cmocka_unit_test(pager_rows__colour_and_utf8__take_no_room),
		cmocka_unit_test(pager_command__pager_env__honoured),
		cmocka_unit_test(pager_collect__not_interactive__nothing_taken),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
