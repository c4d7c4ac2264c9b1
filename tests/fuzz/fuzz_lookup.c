/* fuzz_lookup.c - fuzz target for the dispatcher's lookup and argument
 * helpers (src/cmd.c), without processes: the input is lexed as a command
 * line, and every command in it is looked up as cmd_dispatch would (after an
 * "@pN" word), then its arguments go through the helpers handlers use.
 * cmd_dispatch itself is not called: it needs live workers.
 *
 * Checks, beyond no crash, leak or overflow:
 *  - a found command used 1 or 2 words, at most the command's count, and is
 *    an entry of the table: with a verb when it used 2 words;
 *  - a command's exact noun and verb find that very entry;
 *  - otherwise the message is NUL-terminated and not empty;
 *  - cmd_name, cmd_usage and cmd_lookup_verbs stay inside small buffers;
 *  - with no process and no object, "@pN" and object references find nothing;
 *  - arg_int's value is within its bounds, arg_enum's choice is the word. */
#include <limits.h>
#include <stdbool.h>
#include <string.h>

#include "cmd.h"
#include "fuzz.h"
#include "lexer.h"
#include "objtab.h"
#include "out.h"
#include "proc.h"

/* A word holding a NUL byte (\x00) is taken today as its part before the
 * NUL: "fork\x00junk" forks, 'pipe close "read\x00x"' closes the read end,
 * "@p2\x00x" names p2; only arg_int (and cd) refuse it.  Build with
 * -DFUZZ_STRICT_NUL=1 to fail on that, once it is fixed. */
#ifndef FUZZ_STRICT_NUL
#define FUZZ_STRICT_NUL 0
#endif

static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	devnull = fopen("/dev/null", "w");
	return 0;
}

static bool in_table(const struct cmd_entry *x)
{
	FOR_EACH_CMD(e)
		if (e == x)
			return true;
	return false;
}

/* cmd_name, cmd_usage and cmd_lookup_verbs into a heap buffer of SIZE bytes. */
static void small_buffers(const struct lookup *lk, size_t size)
{
	char *b = malloc(size);
	if (lk->result == LOOKUP_FOUND) {
		cmd_name(lk->e, b, (int)size);
		FUZZ_CHECK(memchr(b, '\0', size), "cmd_name: no NUL in %zu bytes", size);
		cmd_usage(lk->e, b, (int)size);
		FUZZ_CHECK(memchr(b, '\0', size), "cmd_usage: no NUL in %zu bytes", size);
	}
	cmd_lookup_verbs(lk, b, size);
	FUZZ_CHECK(memchr(b, '\0', size), "cmd_lookup_verbs: no NUL in %zu bytes", size);
	free(b);
}

static void check_lookup(int n, struct word *w, const struct lookup *lk)
{
	FUZZ_CHECK(lk->nverbs >= 0 && lk->nverbs <= LOOKUP_MAX_VERBS, "nverbs %d", lk->nverbs);
	FUZZ_CHECK(memchr(lk->message, '\0', sizeof lk->message), "the message is not NUL-terminated");
	switch (lk->result) {
	case LOOKUP_FOUND:
		FUZZ_CHECK(lk->e && in_table(lk->e), "found an entry that is not in the table");
		FUZZ_CHECK(lk->used == 1 || lk->used == 2, "used %d words", lk->used);
		FUZZ_CHECK(lk->used <= n, "used %d words of %d", lk->used, n);
		FUZZ_CHECK(lk->used == 1 || lk->e->verb, "used 2 words for '%s', which has no verb", lk->e->noun);
		for (int i = 0; FUZZ_STRICT_NUL && i < lk->used; i++)
			FUZZ_CHECK(!word_has_nul(&w[i]), "'%s' with a NUL byte named a command", w[i].s);
		break;
	case LOOKUP_UNKNOWN:
	case LOOKUP_AMBIGUOUS:
	case LOOKUP_NOUN_ONLY:
		FUZZ_CHECK(lk->message[0] != '\0', "result %d with no message", lk->result);
		break;
	default:
		FUZZ_CHECK(0, "result %d", lk->result);
	}
	/* The exact name of a command finds that command. */
	FOR_EACH_CMD(e) {
		if (strcmp(e->noun, w[0].s) != 0 || !e->verb || n < 2 || strcmp(e->verb, w[1].s) != 0)
			continue;
		FUZZ_CHECK(lk->result == LOOKUP_FOUND && lk->e == e, "'%s %s' did not find itself", e->noun, e->verb);
	}
}

/* The argument helpers on every argument, with the bounds and choices handlers use. */
static void check_args(const struct lookup *lk, int n, struct word *w)
{
	static const struct { long lo, hi; } bounds[] = { { 0, INT_MAX }, { 1, 1L << 20 }, { 0, 255 }, { 0, 3600 }, { -5, 5 } };
	static const char *const choices[] = { "read|write", "r|w", "on|off", "--json|--raw", "x" };
	struct cmd_ctx c = { .e = lk->e, .argc = n - lk->used, .argv = w + lk->used };
	if (c.e->ref != OBJ_NONE && c.argc > 0) {
		int num = 0;
		enum obj_kind k = obj_parse_ref(c.argv[0].s, &num);
		if (k != OBJ_NONE) {
			FUZZ_CHECK(k > OBJ_NONE && k < OBJ_NKINDS, "obj_parse_ref: kind %d", (int)k);
			FUZZ_CHECK(obj_kind_desc(k) && obj_noun(k), "kind %d has no name", (int)k);
			FUZZ_CHECK(obj_find(k, num) == NULL, "found %s%d in an empty table", obj_noun(k), num);
		}
	}
	FILE *err = stderr;
	stderr = devnull;	/* the helpers report usage errors */
	for (int i = 0; i < c.argc && i < 8; i++) {
		for (size_t b = 0; b < sizeof bounds / sizeof *bounds; b++) {
			long v = LONG_MIN;
			if (arg_int(&c, i, "number", bounds[b].lo, bounds[b].hi, &v))
				FUZZ_CHECK(v >= bounds[b].lo && v <= bounds[b].hi, "arg_int gave %ld", v);
		}
		for (size_t k = 0; k < sizeof choices / sizeof *choices; k++) {
			int idx = -1;
			if (!arg_enum(&c, i, choices[k], &idx))
				continue;
			FUZZ_CHECK(!FUZZ_STRICT_NUL || !word_has_nul(&c.argv[i]), "arg_enum took '%s' with a NUL byte",
				   c.argv[i].s);
			const char *p = choices[k];
			for (int j = 0; j < idx && p; j++) {
				const char *bar = strchr(p, '|');
				p = bar ? bar + 1 : NULL;
			}
			size_t len = strlen(c.argv[i].s);
			FUZZ_CHECK(p && strncmp(p, c.argv[i].s, len) == 0 && (p[len] == '|' || p[len] == '\0'),
				   "arg_enum: choice %d of %s is not '%s'", idx, choices[k], c.argv[i].s);
		}
	}
	stderr = err;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lexed lx;
	char err[256];
	out_record_reset();	/* what a line printed is kept until the next, as session.c does */
	if (lex_line((const char *)data, size, &lx, err, sizeof err) < 0)
		return 0;
	for (int i = 0; i < lx.ncmds; i++) {
		struct word *w = lx.cmds[i].w;
		int n = lx.cmds[i].n;
		if (w[0].s[0] == '@' && !w[0].quoted) {	/* as session.c does */
			FUZZ_CHECK(proc_parse(w[0].s) == NULL, "found %s with no process", w[0].s);
			FUZZ_CHECK(!FUZZ_STRICT_NUL || !word_has_nul(&w[0]) || strlen(w[0].s) < 3,
				   "'%s' with a NUL byte would name a process", w[0].s);
			w++;
			n--;
		}
		if (n == 0)
			continue;
		struct lookup lk;
		cmd_lookup(n, w, &lk);
		check_lookup(n, w, &lk);
		small_buffers(&lk, 1 + (size_t)(size % 24));
		small_buffers(&lk, 64);
		if (lk.result == LOOKUP_FOUND)
			check_args(&lk, n, w);
	}
	lex_free(&lx);
	return 0;
}
