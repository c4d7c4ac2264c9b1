/* test_table.c - unit tests for src/table.c: the table options as lsfd
 * takes them, -o's columns, JSON cells, and word wrapping on a terminal. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "lexer.h"
#include "table.h"

static const struct cmd_entry ps_entry = { .noun = "ps", .args = TABLE_ARGS, .max = -1 };

/* A command context over WORDS (a NULL-terminated list). */
struct ctx {
	struct cmd_ctx c;
	struct word w[8];
};

static void make_ctx(struct ctx *x, const char *const *words)
{
	memset(x, 0, sizeof *x);
	int n = 0;
	for (; words[n]; n++)
		x->w[n] = (struct word){ (char *)words[n], strlen(words[n]), false };
	x->c = (struct cmd_ctx){ .e = &ps_entry, .argc = n, .argv = x->w };
}

static bool parse(struct ctx *x, struct table_opts *o, const char *const *words)
{
	make_ctx(x, words);
	return table_parse_opts(&x->c, o);
}

static void table_parse_opts__bundled_json_raw__json_wins(void **state)
{
	struct ctx x;
	struct table_opts o;
	assert_true(parse(&x, &o, (const char *const[]){ "-Jr", NULL }));
	assert_true(o.json);
	assert_false(o.raw);
	assert_true(parse(&x, &o, (const char *const[]){ "--json", "--raw", NULL }));
	assert_true(o.json);
	assert_false(o.raw);
}

static void table_parse_opts__output_forms__all_read(void **state)
{
	struct ctx x;
	struct table_opts o;
	assert_true(parse(&x, &o, (const char *const[]){ "-o", "PID,STATE", NULL }));
	assert_string_equal(o.columns, "PID,STATE");
	assert_true(parse(&x, &o, (const char *const[]){ "-rnoPID", NULL }));
	assert_string_equal(o.columns, "PID");
	assert_true(o.raw && o.noheadings);
	assert_true(parse(&x, &o, (const char *const[]){ "--output=pid", "--noheadings", NULL }));
	assert_string_equal(o.columns, "pid");
	assert_true(o.noheadings);
	assert_true(parse(&x, &o, (const char *const[]){ "--output", "pid", NULL }));
	assert_string_equal(o.columns, "pid");
}

static void table_parse_opts__other_words__left_for_the_command(void **state)
{
	struct ctx x;
	struct table_opts o;
	assert_true(parse(&x, &o, (const char *const[]){ "-J", "p2", "-o", "FD", NULL }));
	assert_int_equal(x.c.argc, 1);
	assert_string_equal(x.c.argv[0].s, "p2");
}

static void table_parse_opts__bad_option__refused(void **state)
{
	struct ctx x;
	struct table_opts o;
	assert_false(parse(&x, &o, (const char *const[]){ "-Jx", NULL }));
	assert_false(parse(&x, &o, (const char *const[]){ "-o", NULL }));
	assert_false(parse(&x, &o, (const char *const[]){ "--bogus", NULL }));
}

static struct table *two_rows(void)
{
	struct table *t = table_new("processes", "PROC", "PID#", "STATE", "NOTE?", NULL);
	table_row(t, "p1", "10", "ready", "first", NULL);
	table_row(t, "p2", "11", "blocked in read", "second", NULL);
	return t;
}

static char *render(struct table *t, struct table_opts o)
{
	return table_render(t, &o);
}

static void table_render__output__chosen_columns_in_order(void **state)
{
	char *s = render(two_rows(), (struct table_opts){ .columns = "state,Proc", .noheadings = true });
	assert_string_equal(s, "ready           p1\nblocked in read p2");
	free(s);
}

static void table_render__unknown_column__null(void **state)
{
	assert_null(render(two_rows(), (struct table_opts){ .columns = "PID,NOSUCH" }));
	assert_null(render(two_rows(), (struct table_opts){ .columns = "," }));
	assert_null(render(two_rows(), (struct table_opts){ .columns = "" }));
}

static void table_render__json_only_column__hidden_in_text(void **state)
{
	char *s = render(two_rows(), (struct table_opts){ .raw = true });
	assert_null(strstr(s, "first"));
	free(s);
	s = render(two_rows(), (struct table_opts){ .json = true });
	assert_non_null(strstr(s, "\"note\": \"first\""));
	free(s);
	s = render(two_rows(), (struct table_opts){ .raw = true, .columns = "note" });
	assert_string_equal(s, "NOTE\nfirst\nsecond");
	free(s);
}

static void table_cell_json__json__array_in_place(void **state)
{
	struct table *t = table_new("objects", "HANDLE", "HOLDERS", NULL);
	table_row(t, "pipe1", "p1 fd 3", NULL);
	table_cell_json(t, 1, "[{\"fd\": 3}]");
	char *s = render(t, (struct table_opts){ .json = true });
	assert_non_null(strstr(s, "\"holders\": [{\"fd\": 3}]"));
	free(s);
	t = table_new("objects", "HANDLE", "HOLDERS", NULL);
	table_row(t, "pipe1", "p1 fd 3", NULL);
	table_cell_json(t, 1, "[{\"fd\": 3}]");
	s = render(t, (struct table_opts){ .raw = true, .noheadings = true });
	assert_string_equal(s, "pipe1 p1\\x20fd\\x203");
	free(s);
}

static void table_wrap_text__long_text__breaks_between_words(void **state)
{
	char *s = table_wrap_text("the quick brown fox jumps", 10);
	assert_string_equal(s, "the quick\nbrown fox\njumps");
	free(s);
	s = table_wrap_text("averyveryverylongword x", 5);
	assert_string_equal(s, "averyveryverylongword\nx");
	free(s);
}

static void table_render__terminal__long_text_wraps_to_width(void **state)
{
	table_force_width(30);
	struct table *t = table_new("help", "NAME", "SUMMARY~", NULL);
	table_row(t, "ps", "list the session's processes with their states", NULL);
	char *s = render(t, (struct table_opts){ 0 });
	table_force_width(-1);
	for (char *line = strtok(s, "\n"); line; line = strtok(NULL, "\n"))
		assert_true(strlen(line) <= 30);
	free(s);
	table_force_width(0);
	t = table_new("help", "NAME", "SUMMARY~", NULL);
	table_row(t, "ps", "list the session's processes with their states", NULL);
	s = render(t, (struct table_opts){ 0 });
	table_force_width(-1);
	assert_string_equal(s, "NAME SUMMARY\nps   list the session's processes with their states");
	free(s);
}

static void table_indent__text__every_line_indented(void **state)
{
	struct table *t = table_new("help", "NAME", "SUMMARY~", NULL);
	table_indent(t, 2);
	table_row(t, "ps", "list processes", NULL);
	char *s = render(t, (struct table_opts){ .noheadings = true });
	assert_string_equal(s, "  ps list processes");
	free(s);
	t = table_new("help", "NAME", "SUMMARY~", NULL);
	table_indent(t, 2);
	table_row(t, "ps", "list processes", NULL);
	s = render(t, (struct table_opts){ .raw = true, .noheadings = true });
	assert_string_equal(s, "ps list\\x20processes");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_parse_opts__bundled_json_raw__json_wins),
		cmocka_unit_test(table_parse_opts__output_forms__all_read),
		cmocka_unit_test(table_parse_opts__other_words__left_for_the_command),
		cmocka_unit_test(table_parse_opts__bad_option__refused),
		cmocka_unit_test(table_render__output__chosen_columns_in_order),
		cmocka_unit_test(table_render__unknown_column__null),
		cmocka_unit_test(table_render__json_only_column__hidden_in_text),
		cmocka_unit_test(table_cell_json__json__array_in_place),
		cmocka_unit_test(table_wrap_text__long_text__breaks_between_words),
		cmocka_unit_test(table_render__terminal__long_text_wraps_to_width),
		cmocka_unit_test(table_indent__text__every_line_indented),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
