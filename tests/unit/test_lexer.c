/* test_lexer.c - unit tests for src/lexer.c: words, ';' and newlines,
 * comments, quotes, escapes, and the errors (which must leave nothing
 * allocated: run these under the SANITIZE=1 build too, where LeakSanitizer
 * checks that). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "lexer.h"

/* Lexes a C string; asserts success. */
static void lex_ok(const char *line, struct lexed *l)
{
	char err[256] = "";
	int rc = lex_line(line, strlen(line), l, err, sizeof err);
	if (rc != 0)
		print_error("lex_line(\"%s\") failed: %s\n", line, err);
	assert_int_equal(rc, 0);
}

/* Lexes a C string; asserts failure with a message containing WANT, and
 * that the result holds nothing. */
static void lex_bad(const char *line, const char *want)
{
	struct lexed l;
	char err[256] = "";
	memset(&l, 0x5a, sizeof l);
	assert_int_equal(lex_line(line, strlen(line), &l, err, sizeof err), -1);
	assert_non_null(strstr(err, want));
	assert_null(l.cmds);
	assert_int_equal(l.ncmds, 0);
	lex_free(&l);	/* harmless on the emptied result */
}

static void assert_word(const struct command *c, int i, const char *s, bool quoted)
{
	assert_true(i < c->n);
	assert_string_equal(c->w[i].s, s);
	assert_int_equal(c->w[i].len, strlen(s));
	assert_int_equal(c->w[i].quoted, quoted);
}

static void lex_line__blanks__split_words(void **state)
{
	struct lexed l;
	lex_ok("  pipe\twrite   hello  \r\n", &l);
	assert_int_equal(l.ncmds, 1);
	assert_int_equal(l.cmds[0].n, 3);
	assert_word(&l.cmds[0], 0, "pipe", false);
	assert_word(&l.cmds[0], 1, "write", false);
	assert_word(&l.cmds[0], 2, "hello", false);
	lex_free(&l);
}

static void lex_line__empty_line__no_commands(void **state)
{
	struct lexed l;
	lex_ok("", &l);
	assert_int_equal(l.ncmds, 0);
	lex_free(&l);
	lex_ok("   \t  ", &l);
	assert_int_equal(l.ncmds, 0);
	lex_free(&l);
}

static void lex_line__semicolons__separate_commands(void **state)
{
	struct lexed l;
	lex_ok("pipe new; fork;ps", &l);
	assert_int_equal(l.ncmds, 3);
	assert_int_equal(l.cmds[0].n, 2);
	assert_word(&l.cmds[0], 0, "pipe", false);
	assert_word(&l.cmds[0], 1, "new", false);
	assert_int_equal(l.cmds[1].n, 1);
	assert_word(&l.cmds[1], 0, "fork", false);
	assert_int_equal(l.cmds[2].n, 1);
	assert_word(&l.cmds[2], 0, "ps", false);
	lex_free(&l);
}

static void lex_line__ampersand__ends_a_command_run_at_once(void **state)
{
	struct lexed l;
	lex_ok("@p1 shm incr 9 &@p2 shm incr 9 & ps; fork", &l);
	assert_int_equal(l.ncmds, 4);
	assert_int_equal(l.cmds[0].n, 4);
	assert_true(l.cmds[0].at_once);
	assert_word(&l.cmds[1], 0, "@p2", false);
	assert_true(l.cmds[1].at_once);
	assert_false(l.cmds[2].at_once);
	assert_false(l.cmds[3].at_once);
	lex_free(&l);
	lex_ok("a\\&b \"c&d\" 'e&f'", &l);
	assert_int_equal(l.ncmds, 1);
	assert_word(&l.cmds[0], 0, "a&b", false);
	assert_word(&l.cmds[0], 1, "c&d", true);
	assert_word(&l.cmds[0], 2, "e&f", true);
	assert_false(l.cmds[0].at_once);
	lex_free(&l);
}

static void lex_line__double_ampersand__error(void **state)
{
	struct lexed l;
	char err[256];
	assert_int_equal(lex_line("fork && ps", 10, &l, err, sizeof err), -1);
	assert_non_null(strstr(err, "'&&' is not ipcsh's"));
}

static void lex_line__empty_commands__dropped(void **state)
{
	struct lexed l;
	lex_ok(";;fork;; ; ps;;", &l);
	assert_int_equal(l.ncmds, 2);
	assert_word(&l.cmds[0], 0, "fork", false);
	assert_word(&l.cmds[1], 0, "ps", false);
	lex_free(&l);
	lex_ok(";;;", &l);
	assert_int_equal(l.ncmds, 0);
	lex_free(&l);
}

static void lex_line__hash_at_word_start__comment(void **state)
{
	struct lexed l;
	lex_ok("fork # make a child; ps", &l);
	assert_int_equal(l.ncmds, 1);
	assert_int_equal(l.cmds[0].n, 1);
	assert_word(&l.cmds[0], 0, "fork", false);
	lex_free(&l);
	lex_ok("# only a comment", &l);
	assert_int_equal(l.ncmds, 0);
	lex_free(&l);
	lex_ok("ps;#fork", &l);
	assert_int_equal(l.ncmds, 1);
	assert_word(&l.cmds[0], 0, "ps", false);
	lex_free(&l);
}

static void lex_line__newlines__separate_commands(void **state)
{
	struct lexed l;
	lex_ok("pipe new\nfork\n\n  ps \n", &l);
	assert_int_equal(l.ncmds, 3);
	assert_int_equal(l.cmds[0].n, 2);
	assert_word(&l.cmds[0], 1, "new", false);
	assert_word(&l.cmds[1], 0, "fork", false);
	assert_word(&l.cmds[2], 0, "ps", false);
	lex_free(&l);
}

static void lex_line__comment__ends_at_newline(void **state)
{
	struct lexed l;
	lex_ok("fork # a child; ps\nps # and a list\n# only this\nexit", &l);
	assert_int_equal(l.ncmds, 3);
	assert_int_equal(l.cmds[0].n, 1);
	assert_word(&l.cmds[0], 0, "fork", false);
	assert_int_equal(l.cmds[1].n, 1);
	assert_word(&l.cmds[1], 0, "ps", false);
	assert_word(&l.cmds[2], 0, "exit", false);
	lex_free(&l);
}

static void lex_line__newline_in_quotes__literal(void **state)
{
	struct lexed l;
	lex_ok("write \"a\nb\" 'c\nd'", &l);
	assert_int_equal(l.ncmds, 1);
	assert_int_equal(l.cmds[0].n, 3);
	assert_word(&l.cmds[0], 1, "a\nb", true);
	assert_word(&l.cmds[0], 2, "c\nd", true);
	lex_free(&l);
}

static void lex_line__hash_inside_word__literal(void **state)
{
	struct lexed l;
	lex_ok("echo a#b", &l);
	assert_int_equal(l.ncmds, 1);
	assert_int_equal(l.cmds[0].n, 2);
	assert_word(&l.cmds[0], 1, "a#b", false);
	lex_free(&l);
}

static void lex_line__hash_in_quotes__literal(void **state)
{
	struct lexed l;
	lex_ok("echo \"#x\" '#y' \\#z", &l);
	assert_int_equal(l.ncmds, 1);
	assert_int_equal(l.cmds[0].n, 4);
	assert_word(&l.cmds[0], 1, "#x", true);
	assert_word(&l.cmds[0], 2, "#y", true);
	assert_word(&l.cmds[0], 3, "#z", false);
	lex_free(&l);
}

static void lex_line__semicolon_in_quotes__literal(void **state)
{
	struct lexed l;
	lex_ok("echo \"a;b\" 'c;d' e\\;f", &l);
	assert_int_equal(l.ncmds, 1);
	assert_int_equal(l.cmds[0].n, 4);
	assert_word(&l.cmds[0], 1, "a;b", true);
	assert_word(&l.cmds[0], 2, "c;d", true);
	assert_word(&l.cmds[0], 3, "e;f", false);
	lex_free(&l);
}

static void lex_line__double_quote_escapes__decoded(void **state)
{
	struct lexed l;
	lex_ok("\"a\\nb\\tc\\\\d\\\"e\\'f\\x41\\x7a\"", &l);
	assert_int_equal(l.ncmds, 1);
	assert_int_equal(l.cmds[0].n, 1);
	assert_word(&l.cmds[0], 0, "a\nb\tc\\d\"e'fAz", true);
	assert_false(word_has_nul(&l.cmds[0].w[0]));
	lex_free(&l);
}

static void lex_line__bare_word_escapes__decoded(void **state)
{
	struct lexed l;
	lex_ok("a\\ b\\x42\\n", &l);
	assert_int_equal(l.cmds[0].n, 1);
	assert_word(&l.cmds[0], 0, "a bB\n", false);
	lex_free(&l);
}

static void lex_line__hex_nul__embedded_nul_counted(void **state)
{
	struct lexed l;
	lex_ok("\"a\\x00b\"", &l);
	assert_int_equal(l.ncmds, 1);
	assert_int_equal(l.cmds[0].n, 1);
	const struct word *w = &l.cmds[0].w[0];
	assert_int_equal(w->len, 3);
	assert_memory_equal(w->s, "a\0b", 4);	/* and still NUL-terminated */
	assert_true(w->quoted);
	assert_true(word_has_nul(w));
	lex_free(&l);
}

static void lex_line__single_quotes__no_escapes(void **state)
{
	struct lexed l;
	lex_ok("'a\\nb \\q \"x\"'", &l);
	assert_int_equal(l.cmds[0].n, 1);
	assert_word(&l.cmds[0], 0, "a\\nb \\q \"x\"", true);
	lex_free(&l);
}

static void lex_line__adjacent_pieces__one_word(void **state)
{
	struct lexed l;
	lex_ok("a\"b c\"'d' e", &l);
	assert_int_equal(l.ncmds, 1);
	assert_int_equal(l.cmds[0].n, 2);
	assert_word(&l.cmds[0], 0, "ab cd", true);
	assert_word(&l.cmds[0], 1, "e", false);
	lex_free(&l);
}

static void lex_line__empty_quotes__empty_word(void **state)
{
	struct lexed l;
	lex_ok("write \"\" '' x", &l);
	assert_int_equal(l.ncmds, 1);
	assert_int_equal(l.cmds[0].n, 4);
	assert_word(&l.cmds[0], 1, "", true);
	assert_word(&l.cmds[0], 2, "", true);
	assert_non_null(l.cmds[0].w[1].s);
	assert_word(&l.cmds[0], 3, "x", false);
	lex_free(&l);
}

static void lex_line__len_shorter_than_string__stops_at_len(void **state)
{
	struct lexed l;
	char err[64];
	assert_int_equal(lex_line("fork; ps", 4, &l, err, sizeof err), 0);
	assert_int_equal(l.ncmds, 1);
	assert_int_equal(l.cmds[0].n, 1);
	assert_word(&l.cmds[0], 0, "fork", false);
	lex_free(&l);
}

static void lex_line__unterminated_double_quote__error(void **state)
{
	lex_bad("pipe write \"hello", "unterminated double quote");
	lex_bad("a; b \"x\\\"", "unterminated double quote");
}

static void lex_line__unterminated_single_quote__error(void **state)
{
	lex_bad("pipe write 'hello", "unterminated single quote");
	lex_bad("fork; ps; 'x", "unterminated single quote");
}

static void lex_line__bad_escape__error(void **state)
{
	lex_bad("fork; echo \\q", "bad escape '\\q'");
	lex_bad("echo \"a\\qb\"", "bad escape '\\q'");
	lex_bad("echo \"a\\;b\"", "bad escape '\\;'");	/* only bare words escape ';' */
}

static void lex_line__short_hex_escape__error(void **state)
{
	lex_bad("echo \\x4", "two hex digits");
	lex_bad("echo \"\\x4\"", "two hex digits");
	lex_bad("echo \\x", "two hex digits");
	lex_bad("echo \\x4g", "two hex digits");
	lex_bad("echo \\xg4", "two hex digits");
}

static void lex_line__trailing_backslash__error(void **state)
{
	lex_bad("pipe new; echo ab\\", "backslash ends the line");
}

static void lex_line__error_after_commands__nothing_kept(void **state)
{
	/* Several finished commands and words before the error: all freed. */
	lex_bad("pipe new; fork; pipe write hello world \"oops", "unterminated");
}

static void lex_line__error_message__truncated_to_errsz(void **state)
{
	struct lexed l;
	char err[8];
	memset(err, 'z', sizeof err);
	assert_int_equal(lex_line("\"x", 2, &l, err, sizeof err), -1);
	assert_int_equal(strlen(err), sizeof err - 1);
	assert_string_equal(err, "untermi");
}

static void lex_free__twice__harmless(void **state)
{
	struct lexed l;
	lex_ok("a b; c", &l);
	lex_free(&l);
	assert_null(l.cmds);
	assert_int_equal(l.ncmds, 0);
	lex_free(&l);
}

/* lex_partial: a line as far as the cursor, for completion. */

static void lex_partial__word_being_typed__last_word(void **state)
{
	struct lex_partial lp;
	const char *line = "@p2 pipe wr";
	lex_partial(line, strlen(line), &lp);
	assert_int_equal(lp.n, 3);
	assert_string_equal(lp.w[0].s, "@p2");
	assert_string_equal(lp.w[2].s, "wr");
	assert_true(lp.in_word);
	assert_int_equal(lp.word_start, 9);
	assert_true(lp.first);
	lex_partial_free(&lp);
}

static void lex_partial__after_blank__new_word(void **state)
{
	struct lex_partial lp;
	const char *line = "send \"a b\" ";
	lex_partial(line, strlen(line), &lp);
	assert_int_equal(lp.n, 2);
	assert_string_equal(lp.w[1].s, "a b");
	assert_true(lp.w[1].quoted);
	assert_false(lp.in_word);
	assert_int_equal(lp.word_start, strlen(line));
	assert_int_equal(lp.quote, 0);
	lex_partial_free(&lp);
}

static void lex_partial__open_quotes__no_error(void **state)
{
	struct lex_partial lp;
	const char *line = "exec cat 'my fi";
	lex_partial(line, strlen(line), &lp);
	assert_int_equal(lp.n, 3);
	assert_string_equal(lp.w[2].s, "my fi");
	assert_int_equal(lp.quote, '\'');
	assert_int_equal(lp.word_start, 9);
	lex_partial_free(&lp);

	line = "cd \"a\\\"b c";
	lex_partial(line, strlen(line), &lp);
	assert_string_equal(lp.w[1].s, "a\"b c");
	assert_int_equal(lp.quote, '"');
	assert_true(lp.in_word);
	lex_partial_free(&lp);
}

static void lex_partial__escapes_cut_short__no_error(void **state)
{
	struct lex_partial lp;
	const char *line = "cd my\\ dir\\";
	lex_partial(line, strlen(line), &lp);
	assert_int_equal(lp.n, 2);
	assert_string_equal(lp.w[1].s, "my dir");
	assert_true(lp.escape);
	lex_partial_free(&lp);

	line = "fd write 1 \\x4";	/* half a \xHH; a bad escape stands as its character */
	lex_partial(line, strlen(line), &lp);
	assert_string_equal(lp.w[3].s, "");
	lex_partial_free(&lp);
	line = "fd write 1 a\\qb";
	lex_partial(line, strlen(line), &lp);
	assert_string_equal(lp.w[3].s, "aqb");
	lex_partial_free(&lp);
}

static void lex_partial__separators__last_command_only(void **state)
{
	struct lex_partial lp;
	const char *line = "ps; pipe new & pi";
	lex_partial(line, strlen(line), &lp);
	assert_int_equal(lp.n, 1);
	assert_string_equal(lp.w[0].s, "pi");
	assert_false(lp.first);
	lex_partial_free(&lp);

	line = "pipe new;";
	lex_partial(line, strlen(line), &lp);
	assert_int_equal(lp.n, 0);
	assert_false(lp.in_word);
	assert_false(lp.first);
	lex_partial_free(&lp);

	line = "pipe write \"a;b\" x\\;y";	/* quoted and escaped ';' separate nothing */
	lex_partial(line, strlen(line), &lp);
	assert_int_equal(lp.n, 4);
	assert_string_equal(lp.w[3].s, "x;y");
	assert_true(lp.first);
	lex_partial_free(&lp);
}

static void lex_partial__comment__noted(void **state)
{
	struct lex_partial lp;
	const char *line = "ps # pi";
	lex_partial(line, strlen(line), &lp);
	assert_true(lp.comment);
	assert_false(lp.in_word);
	assert_int_equal(lp.n, 1);
	lex_partial_free(&lp);

	line = "pipe write a#b";	/* not at a word's start: no comment */
	lex_partial(line, strlen(line), &lp);
	assert_false(lp.comment);
	assert_string_equal(lp.w[2].s, "a#b");
	lex_partial_free(&lp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lex_line__blanks__split_words),
		cmocka_unit_test(lex_line__empty_line__no_commands),
		cmocka_unit_test(lex_line__semicolons__separate_commands),
		cmocka_unit_test(lex_line__ampersand__ends_a_command_run_at_once),
		cmocka_unit_test(lex_line__double_ampersand__error),
		cmocka_unit_test(lex_line__empty_commands__dropped),
		cmocka_unit_test(lex_line__hash_at_word_start__comment),
		cmocka_unit_test(lex_line__newlines__separate_commands),
		cmocka_unit_test(lex_line__comment__ends_at_newline),
		cmocka_unit_test(lex_line__newline_in_quotes__literal),
		cmocka_unit_test(lex_line__hash_inside_word__literal),
		cmocka_unit_test(lex_line__hash_in_quotes__literal),
		cmocka_unit_test(lex_line__semicolon_in_quotes__literal),
		cmocka_unit_test(lex_line__double_quote_escapes__decoded),
		cmocka_unit_test(lex_line__bare_word_escapes__decoded),
		cmocka_unit_test(lex_line__hex_nul__embedded_nul_counted),
		cmocka_unit_test(lex_line__single_quotes__no_escapes),
		cmocka_unit_test(lex_line__adjacent_pieces__one_word),
		cmocka_unit_test(lex_line__empty_quotes__empty_word),
		cmocka_unit_test(lex_line__len_shorter_than_string__stops_at_len),
		cmocka_unit_test(lex_line__unterminated_double_quote__error),
		cmocka_unit_test(lex_line__unterminated_single_quote__error),
		cmocka_unit_test(lex_line__bad_escape__error),
		cmocka_unit_test(lex_line__short_hex_escape__error),
		cmocka_unit_test(lex_line__trailing_backslash__error),
		cmocka_unit_test(lex_line__error_after_commands__nothing_kept),
		cmocka_unit_test(lex_line__error_message__truncated_to_errsz),
		cmocka_unit_test(lex_free__twice__harmless),
		cmocka_unit_test(lex_partial__word_being_typed__last_word),
		cmocka_unit_test(lex_partial__after_blank__new_word),
		cmocka_unit_test(lex_partial__open_quotes__no_error),
		cmocka_unit_test(lex_partial__escapes_cut_short__no_error),
		cmocka_unit_test(lex_partial__separators__last_command_only),
		cmocka_unit_test(lex_partial__comment__noted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
