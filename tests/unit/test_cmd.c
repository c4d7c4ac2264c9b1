/* test_cmd.c - unit tests for src/cmd.c and the command tables of
 * commands/ (reached through 'families'): the table is complete and
 * consistent, and cmd_lookup resolves names, prefixes and mistakes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "lexer.h"

#define FOR_EACH_ENTRY(e) FOR_EACH_CMD(e)

/* Looks up LINE (split on blanks by the real lexer). */
static void lookup(const char *line, struct lookup *lk)
{
	struct lexed l;
	char err[128];
	assert_int_equal(lex_line(line, strlen(line), &l, err, sizeof err), 0);
	assert_int_equal(l.ncmds, 1);
	cmd_lookup(l.cmds[0].n, l.cmds[0].w, lk);
	lex_free(&l);	/* the lookup keeps no pointer into the words */
}

static const char *name_of(const struct cmd_entry *e)
{
	static char buf[64];
	return cmd_name(e, buf, sizeof buf);
}

/* Does the space separated LIST hold WORD as a whole word? */
static bool has_word(const char *list, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = list; (p = strstr(p, word)); p += n) {
		bool starts = p == list || p[-1] == ' ' || p[-1] == '|';
		bool ends = p[n] == '\0' || p[n] == ' ' || p[n] == '|' || p[n] == ')' || p[n] == '\'';
		if (starts && ends)
			return true;
	}
	return false;
}

/* ---- the table ---- */

static void families__every_entry__has_its_text_fields(void **state)
{
	int n = 0;
	FOR_EACH_ENTRY(e) {
		n++;
		assert_non_null(e->noun);
		assert_true(e->noun[0] != '\0');
		if (e->verb)
			assert_true(e->verb[0] != '\0');
		if (e->args)	/* NULL: it takes no arguments */
			assert_true(e->args[0] != '\0');
		else
			assert_int_equal(e->max, 0);
		assert_non_null(e->summary);
		assert_true(e->summary[0] != '\0');
		assert_non_null(e->calls);
		assert_true(e->calls[0] != '\0');
		assert_non_null(e->man);
		assert_true(e->man[0] != '\0');
		assert_non_null(e->example);
		assert_true(e->example[0] != '\0');
		if (e->complete)	/* NULL: nothing completes */
			assert_true(e->complete[0] != '\0');
		assert_non_null(e->run);
	}
	assert_true(n > 0);
}

static void families__every_family__has_name_and_summary(void **state)
{
	FOR_EACH_FAMILY(f) {
		assert_non_null(f->name);
		assert_non_null(f->summary);
		assert_true(f->ncmds > 0);
		assert_non_null(f->cmds);
		if (f->nops > 0)
			assert_non_null(f->ops);
	}
}

static void families__summaries__one_line_no_final_period(void **state)
{
	FOR_EACH_ENTRY(e) {
		size_t n = strlen(e->summary);
		if (strchr(e->summary, '\n') || e->summary[n - 1] == '.')
			fail_msg("'%s': summary is not one line without a final period", name_of(e));
	}
}

static void families__arity__min_not_above_max(void **state)
{
	FOR_EACH_ENTRY(e) {
		assert_true(e->min >= 0);
		if (e->max != -1 && e->min > e->max)
			fail_msg("'%s': min %d > max %d", name_of(e), e->min, e->max);
		assert_true(e->max >= -1);
	}
}

static void families__names__unique(void **state)
{
	FOR_EACH_ENTRY(a) {
		FOR_EACH_ENTRY(b) {
			if (a == b || strcmp(a->noun, b->noun) != 0)
				continue;
			const char *va = a->verb ? a->verb : "", *vb = b->verb ? b->verb : "";
			if (strcmp(va, vb) == 0)
				fail_msg("'%s' is in the table twice", name_of(a));
		}
	}
}

static void families__aliases__never_another_verb_of_the_noun(void **state)
{
	FOR_EACH_ENTRY(a) {
		if (!a->aliases)
			continue;
		FOR_EACH_ENTRY(b) {
			if (strcmp(a->noun, b->noun) != 0)
				continue;
			if (a != b && b->verb && has_word(a->aliases, b->verb))
				fail_msg("alias '%s' of '%s' is the verb of '%s'", b->verb, name_of(a), name_of(b));
			if (a != b && b->aliases) {
				/* no alias shared by two entries either */
				char copy[128];
				snprintf(copy, sizeof copy, "%s", b->aliases);
				for (char *t = strtok(copy, " "); t; t = strtok(NULL, " "))
					if (has_word(a->aliases, t))
						fail_msg("alias '%s' is on '%s' and '%s'", t, name_of(a), name_of(b));
			}
		}
	}
}

/* An example may be several commands ("fork; @p2 exit 3; wait"): each must
 * be a known command, and the last one (after an "@pN") is the entry's own. */
static void families__every_example__looks_up_its_own_entry(void **state)
{
	FOR_EACH_ENTRY(e) {
		struct lexed l;
		char err[128];
		if (lex_line(e->example, strlen(e->example), &l, err, sizeof err) < 0)
			fail_msg("example '%s' of '%s' does not lex: %s", e->example, name_of(e), err);
		assert_true(l.ncmds > 0);
		struct lookup lk;
		for (int i = 0; i < l.ncmds; i++) {
			struct word *w = l.cmds[i].w;
			int n = l.cmds[i].n;
			if (w[0].s[0] == '@') {
				w++;
				n--;
			}
			assert_true(n > 0);
			cmd_lookup(n, w, &lk);
			if (lk.result != LOOKUP_FOUND)
				fail_msg("example '%s' of '%s': %s", e->example, name_of(e), lk.message);
		}
		lex_free(&l);
		if (lk.e != e)
			fail_msg("example '%s' of '%s' ends with '%s'", e->example, name_of(e), name_of(lk.e));
	}
}

static void families__every_name__looks_up_its_own_entry(void **state)
{
	FOR_EACH_ENTRY(e) {
		struct lookup lk;
		lookup(name_of(e), &lk);
		assert_int_equal(lk.result, LOOKUP_FOUND);
		assert_ptr_equal(lk.e, e);
		assert_int_equal(lk.used, e->verb ? 2 : 1);
	}
}

/* ---- cmd_lookup ---- */

static void cmd_lookup__exact_name__found(void **state)
{
	struct lookup lk;
	lookup("pipe write hello", &lk);
	assert_int_equal(lk.result, LOOKUP_FOUND);
	assert_non_null(lk.e);
	assert_string_equal(lk.e->noun, "pipe");
	assert_string_equal(lk.e->verb, "write");
	assert_int_equal(lk.used, 2);
}

static void cmd_lookup__unique_verb_prefix__found(void **state)
{
	struct lookup lk;
	lookup("pipe wr", &lk);
	assert_int_equal(lk.result, LOOKUP_FOUND);
	assert_string_equal(lk.e->noun, "pipe");
	assert_string_equal(lk.e->verb, "write");
	assert_int_equal(lk.used, 2);
}

static void cmd_lookup__unique_noun_and_verb_prefix__found(void **state)
{
	struct lookup lk;
	lookup("pip wr x", &lk);
	assert_int_equal(lk.result, LOOKUP_FOUND);
	assert_string_equal(lk.e->noun, "pipe");
	assert_string_equal(lk.e->verb, "write");
	assert_int_equal(lk.used, 2);
}

static void cmd_lookup__noun_only_command__found_one_word(void **state)
{
	struct lookup lk;
	lookup("fork", &lk);
	assert_int_equal(lk.result, LOOKUP_FOUND);
	assert_string_equal(lk.e->noun, "fork");
	assert_null(lk.e->verb);
	assert_int_equal(lk.used, 1);
}

static void cmd_lookup__noun_only_command_with_args__args_not_taken_as_verb(void **state)
{
	struct lookup lk;
	lookup("kill p2 SIGTERM", &lk);
	assert_int_equal(lk.result, LOOKUP_FOUND);
	assert_string_equal(lk.e->noun, "kill");
	assert_int_equal(lk.used, 1);
}

static void cmd_lookup__prefix_of_noun_only_command__found(void **state)
{
	struct lookup lk;
	lookup("for", &lk);
	assert_int_equal(lk.result, LOOKUP_FOUND);
	assert_string_equal(lk.e->noun, "fork");
}

static void cmd_lookup__exact_noun_that_prefixes_another__exact_wins(void **state)
{
	struct lookup lk;
	lookup("fd close 4", &lk);	/* "fd" also prefixes "fds" */
	assert_int_equal(lk.result, LOOKUP_FOUND);
	assert_string_equal(lk.e->noun, "fd");
	assert_string_equal(lk.e->verb, "close");
	lookup("set trace on", &lk);	/* "set" also prefixes "settle" */
	assert_int_equal(lk.result, LOOKUP_FOUND);
	assert_string_equal(lk.e->noun, "set");
}

static void cmd_lookup__ambiguous_noun_prefix__lists_candidates(void **state)
{
	struct lookup lk;
	lookup("se", &lk);	/* set, settle */
	assert_int_equal(lk.result, LOOKUP_AMBIGUOUS);
	assert_null(lk.e);
	assert_non_null(strstr(lk.message, "'se' is ambiguous"));
	assert_true(has_word(lk.message, "set"));
	assert_true(has_word(lk.message, "settle"));
	assert_false(has_word(lk.message, "show"));
}

/* "fd" is a substring of "fds": both must be listed (an earlier find_noun
 * deduplicated with strstr on the list and dropped "fd"). */
static void cmd_lookup__ambiguous_f__lists_fork_fds_and_fd(void **state)
{
	struct lookup lk;
	lookup("f", &lk);
	assert_int_equal(lk.result, LOOKUP_AMBIGUOUS);
	assert_true(has_word(lk.message, "fork"));
	assert_true(has_word(lk.message, "fds"));
	if (!has_word(lk.message, "fd"))
		fail_msg("ambiguous 'f' does not list 'fd': \"%s\"", lk.message);
}

static void cmd_lookup__near_miss_noun__did_you_mean(void **state)
{
	struct lookup lk;
	lookup("pipw write x", &lk);
	assert_int_equal(lk.result, LOOKUP_UNKNOWN);
	assert_null(lk.e);
	assert_non_null(strstr(lk.message, "unknown command 'pipw'"));
	assert_non_null(strstr(lk.message, "did you mean 'pipe'"));
}

static void cmd_lookup__far_miss_noun__no_suggestion(void **state)
{
	struct lookup lk;
	lookup("zzzzzzzz", &lk);
	assert_int_equal(lk.result, LOOKUP_UNKNOWN);
	assert_non_null(strstr(lk.message, "unknown command 'zzzzzzzz'"));
	assert_null(strstr(lk.message, "did you mean"));
}

static void cmd_lookup__long_unknown_word__no_crash(void **state)
{
	char line[200];
	memset(line, 'q', sizeof line - 1);
	line[sizeof line - 1] = '\0';
	struct lookup lk;
	lookup(line, &lk);
	assert_int_equal(lk.result, LOOKUP_UNKNOWN);
	assert_true(strlen(lk.message) < sizeof lk.message);
}

static void cmd_lookup__unknown_verb__lists_verbs(void **state)
{
	struct lookup lk;
	lookup("pipe frob", &lk);
	assert_int_equal(lk.result, LOOKUP_UNKNOWN);
	assert_null(lk.e);
	assert_non_null(strstr(lk.message, "unknown verb 'frob'"));
	FOR_EACH_ENTRY(e)
		if (strcmp(e->noun, "pipe") == 0 && e->verb && !has_word(lk.message, e->verb))
			fail_msg("verb '%s' missing from \"%s\"", e->verb, lk.message);
}

static void cmd_lookup__noun_without_verb__noun_only(void **state)
{
	struct lookup lk;
	lookup("pipe", &lk);
	assert_int_equal(lk.result, LOOKUP_NOUN_ONLY);
	assert_null(lk.e);
	assert_non_null(strstr(lk.message, "verb is missing"));
	assert_true(has_word(lk.message, "write"));
	assert_true(has_word(lk.message, "new"));
}

static void cmd_lookup__empty_verb__unknown_verb(void **state)
{
	struct lookup lk;
	lookup("pipe \"\"", &lk);
	assert_int_equal(lk.result, LOOKUP_UNKNOWN);
	assert_null(lk.e);
	assert_non_null(strstr(lk.message, "unknown verb ''"));
	assert_true(has_word(lk.message, "write"));
}

/* Regression: an empty command word ("" typed as a command) is a prefix
 * of every noun, so it is reported as "'' is ambiguous: it could be fork exec
 * wait ..." (the whole command list) instead of an unknown command. */
static void cmd_lookup__empty_noun__unknown(void **state)
{
	struct lookup lk;
	lookup("\"\" x", &lk);
	assert_null(lk.e);
	if (lk.result != LOOKUP_UNKNOWN)
		fail_msg("empty command word gives \"%s\"", lk.message);
}

/* ---- names, usage, worker ops ---- */

static void cmd_name__verb_and_noun_only__formatted(void **state)
{
	struct lookup lk;
	char buf[64];
	lookup("pipe write", &lk);
	assert_string_equal(cmd_name(lk.e, buf, sizeof buf), "pipe write");
	lookup("fork", &lk);
	assert_string_equal(cmd_name(lk.e, buf, sizeof buf), "fork");
}

static void cmd_usage__pipe_write__usage_line(void **state)
{
	struct lookup lk;
	char buf[128];
	lookup("pipe write", &lk);
	assert_string_equal(cmd_usage(lk.e, buf, sizeof buf), "usage: pipe write [REF] TEXT");
}

static void cmd_usage__no_args__no_trailing_space(void **state)
{
	struct lookup lk;
	char buf[128];
	lookup("fork", &lk);
	assert_string_equal(cmd_usage(lk.e, buf, sizeof buf), "usage: fork");
	lookup("pipe new", &lk);
	assert_string_equal(cmd_usage(lk.e, buf, sizeof buf), "usage: pipe new");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(families__every_entry__has_its_text_fields),
		cmocka_unit_test(families__every_family__has_name_and_summary),
		cmocka_unit_test(families__summaries__one_line_no_final_period),
		cmocka_unit_test(families__arity__min_not_above_max),
		cmocka_unit_test(families__names__unique),
		cmocka_unit_test(families__aliases__never_another_verb_of_the_noun),
		cmocka_unit_test(families__every_example__looks_up_its_own_entry),
		cmocka_unit_test(families__every_name__looks_up_its_own_entry),
		cmocka_unit_test(cmd_lookup__exact_name__found),
		cmocka_unit_test(cmd_lookup__unique_verb_prefix__found),
		cmocka_unit_test(cmd_lookup__unique_noun_and_verb_prefix__found),
		cmocka_unit_test(cmd_lookup__noun_only_command__found_one_word),
		cmocka_unit_test(cmd_lookup__noun_only_command_with_args__args_not_taken_as_verb),
		cmocka_unit_test(cmd_lookup__prefix_of_noun_only_command__found),
		cmocka_unit_test(cmd_lookup__exact_noun_that_prefixes_another__exact_wins),
		cmocka_unit_test(cmd_lookup__ambiguous_noun_prefix__lists_candidates),
		cmocka_unit_test(cmd_lookup__ambiguous_f__lists_fork_fds_and_fd),
		cmocka_unit_test(cmd_lookup__near_miss_noun__did_you_mean),
		cmocka_unit_test(cmd_lookup__far_miss_noun__no_suggestion),
		cmocka_unit_test(cmd_lookup__long_unknown_word__no_crash),
		cmocka_unit_test(cmd_lookup__unknown_verb__lists_verbs),
		cmocka_unit_test(cmd_lookup__noun_without_verb__noun_only),
		cmocka_unit_test(cmd_lookup__empty_verb__unknown_verb),
		cmocka_unit_test(cmd_lookup__empty_noun__unknown),
		cmocka_unit_test(cmd_name__verb_and_noun_only__formatted),
		cmocka_unit_test(cmd_usage__pipe_write__usage_line),
		cmocka_unit_test(cmd_usage__no_args__no_trailing_space),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
