/* fuzz_lexer.c - fuzz target for the lexer (src/lexer.c): lex_line on any
 * bytes, then lex_free.
 *
 * Beyond not crashing, leaking or reading past LEN (the input is copied to a
 * buffer of exactly LEN bytes, with no NUL after it), it checks that:
 *  - a failure leaves OUT empty and a NUL-terminated message in ERR, even
 *    when ERR is tiny;
 *  - every word is NUL-terminated at w.len, word_has_nul agrees with it, and
 *    the words hold no more bytes than the line;
 *  - lex_quote round-trips: the words of a command, each quoted by
 *    lex_quote, joined by blanks and the commands by ';', lex back to the
 *    same commands and words (when no word holds a NUL byte, which
 *    lex_quote cannot write). */
#include <stdbool.h>
#include <string.h>

#include "buf.h"
#include "fuzz.h"
#include "lexer.h"

static bool same_word(const struct word *a, const struct word *b)
{
	return a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
}

static void check_failure(const char *line, size_t size, const struct lexed *out, const char *err,
			  size_t errsz)
{
	FUZZ_CHECK(out->ncmds == 0 && out->cmds == NULL, "a failed lex left %d commands", out->ncmds);
	FUZZ_CHECK(memchr(err, '\0', errsz) != NULL, "the message is not NUL-terminated");
	/* The same failure with a tiny message buffer, on the heap so that ASan
	 * sees a write past it. */
	size_t small = 1 + size % 8;
	char *e = malloc(small);
	struct lexed l2;
	FUZZ_CHECK(lex_line(line, size, &l2, e, small) == -1, "lexing the same line again succeeded");
	FUZZ_CHECK(memchr(e, '\0', small) != NULL, "a %zu-byte message is not NUL-terminated", small);
	free(e);
}

static void check_words(const struct lexed *out, size_t size)
{
	size_t total = 0;
	for (int i = 0; i < out->ncmds; i++) {
		const struct command *c = &out->cmds[i];
		FUZZ_CHECK(c->n >= 1 && c->w != NULL, "command %d has %d words", i, c->n);
		for (int j = 0; j < c->n; j++) {
			const struct word *w = &c->w[j];
			FUZZ_CHECK(w->s != NULL, "word %d.%d is NULL", i, j);
			FUZZ_CHECK(w->s[w->len] == '\0', "word %d.%d is not NUL-terminated at its length", i, j);
			FUZZ_CHECK(word_has_nul(w) == (memchr(w->s, '\0', w->len) != NULL), "word_has_nul is wrong");
			total += w->len;
		}
	}
	FUZZ_CHECK(total <= size, "the words hold %zu bytes, the line %zu", total, size);
}

/* Quotes the commands of OUT back into a line and lexes it again. */
static void check_round_trip(const struct lexed *out)
{
	struct buf b = { 0 };
	for (int i = 0; i < out->ncmds; i++) {
		const struct command *c = &out->cmds[i];
		for (int j = 0; j < c->n; j++)
			if (word_has_nul(&c->w[j]))
				goto done;	/* lex_quote takes C strings */
		for (int j = 0; j < c->n; j++) {
			if (j)
				buf_addch(&b, ' ');
			lex_quote(&b, c->w[j].s);
		}
		buf_addstr(&b, i + 1 < out->ncmds ? " ; " : "");
	}
	buf_addstr(&b, "");
	struct lexed again;
	char err[256];
	int r = lex_line(b.data, b.len, &again, err, sizeof err);
	FUZZ_CHECK(r == 0, "the quoted line [%s] does not lex: %s", b.data, err);
	FUZZ_CHECK(again.ncmds == out->ncmds, "%d commands quoted, %d lexed back from [%s]", out->ncmds,
		   again.ncmds, b.data);
	for (int i = 0; i < out->ncmds; i++) {
		FUZZ_CHECK(again.cmds[i].n == out->cmds[i].n, "command %d: %d words, %d lexed back from [%s]", i,
			   out->cmds[i].n, again.cmds[i].n, b.data);
		for (int j = 0; j < out->cmds[i].n; j++)
			FUZZ_CHECK(same_word(&again.cmds[i].w[j], &out->cmds[i].w[j]),
				   "word %d.%d [%s] came back as [%s] from [%s]", i, j, out->cmds[i].w[j].s,
				   again.cmds[i].w[j].s, b.data);
	}
	lex_free(&again);
done:
	buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *line = (const char *)data;
	struct lexed out;
	char err[256];
	memset(err, 'X', sizeof err);
	int r = lex_line(line, size, &out, err, sizeof err);
	FUZZ_CHECK(r == 0 || r == -1, "lex_line returned %d", r);
	if (r < 0) {
		check_failure(line, size, &out, err, sizeof err);
		return 0;
	}
	check_words(&out, size);
	check_round_trip(&out);
	lex_free(&out);
	FUZZ_CHECK(out.ncmds == 0 && out.cmds == NULL, "lex_free left %d commands", out.ncmds);
	return 0;
}
