/* lexer.c - the tokenizer: words, quotes, escapes, ';' and comments.
 *
 * Escapes (\n \t \\ \" \' \xHH, and \ ; # space) work in bare words and in
 * double quotes; single quotes take everything literally.  Pieces that touch
 * are one word: a"b c" is the word 'ab c'. */
#include "lexer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Reads the escape at *P (just after the backslash) into OUT.  Returns 0,
 * or -1 with ERR filled.  TAIL is lex_partial's: a line cut short at the
 * cursor, where nothing is an error (see bad_escape). */
static int read_escape(const char **p, const char *end, bool in_dquote, struct buf *out,
		       char *err, size_t errsz, struct lex_partial *tail)
{
	if (*p >= end) {
		if (tail) {
			tail->escape = true;
			return 0;
		}
		snprintf(err, errsz, "a backslash ends the line (nothing to escape)");
		return -1;
	}
	char c = **p;
	(*p)++;
	switch (c) {
	case 'n': buf_addch(out, '\n'); return 0;
	case 't': buf_addch(out, '\t'); return 0;
	case '\\': case '"': case '\'': buf_addch(out, c); return 0;
	case 'x': {
		int hi = *p < end ? hexval(**p) : -1;
		int lo = *p + 1 < end ? hexval((*p)[1]) : -1;
		if (hi < 0 || lo < 0) {
			if (tail) {	/* still being typed, or wrong: no byte yet */
				*p += hi >= 0 && *p < end;
				return 0;
			}
			snprintf(err, errsz, "bad escape '\\x': two hex digits must follow (as in \\x41)");
			return -1;
		}
		buf_addch(out, (char)(hi * 16 + lo));
		*p += 2;
		return 0;
	}
	case ' ': case ';': case '#': case '&':
		if (!in_dquote) {
			buf_addch(out, c);
			return 0;
		}
		break;
	}
	if (tail) {	/* the line will fail when run; for completion the character stands */
		buf_addch(out, c);
		return 0;
	}
	if ((unsigned char)c >= 0x20 && (unsigned char)c < 0x7f)
		snprintf(err, errsz, "bad escape '\\%c' (known: \\n \\t \\\\ \\\" \\' \\xHH)", c);
	else
		snprintf(err, errsz, "bad escape '\\\\x%02x' (known: \\n \\t \\\\ \\\" \\' \\xHH)",
			 (unsigned char)c);
	return -1;
}

static void push_word(struct command *c, struct buf *w, bool quoted)
{
	c->w = xrealloc(c->w, sizeof *c->w * (size_t)(c->n + 1));
	c->w[c->n].len = w->len;
	c->w[c->n].s = buf_take(w);
	c->w[c->n].quoted = quoted;
	c->n++;
}

static void push_command(struct lexed *l, struct command *c)
{
	if (c->n == 0)
		return;
	l->cmds = xrealloc(l->cmds, sizeof *l->cmds * (size_t)(l->ncmds + 1));
	l->cmds[l->ncmds++] = *c;
	c->w = NULL;
	c->n = 0;
	c->at_once = false;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* Reads one word starting at *P.  Returns 0 and advances *P, or -1.  With
 * TAIL (lex_partial), an open quote at the end is no error but noted. */
static int read_word(const char **p, const char *end, struct buf *w, bool *quoted,
		     char *err, size_t errsz, struct lex_partial *tail)
{
	while (*p < end && !is_blank(**p) && **p != ';' && **p != '&' && **p != '\n') {
		char c = *(*p)++;
		if (c == '\\') {
			if (read_escape(p, end, false, w, err, errsz, tail) < 0)
				return -1;
		} else if (c == '\'') {
			const char *close = memchr(*p, '\'', (size_t)(end - *p));
			if (!close && !tail) {
				snprintf(err, errsz, "unterminated single quote");
				return -1;
			}
			if (!close)
				tail->quote = '\'';	/* the line ends inside the quotes */
			buf_add(w, *p, (size_t)((close ? close : end) - *p));
			*p = close ? close + 1 : end;
			*quoted = true;
		} else if (c == '"') {
			*quoted = true;
			for (;;) {
				if (*p >= end && tail) {
					tail->quote = '"';	/* the line ends inside the quotes */
					break;
				}
				if (*p >= end) {
					snprintf(err, errsz, "unterminated double quote");
					return -1;
				}
				c = *(*p)++;
				if (c == '"')
					break;
				if (c == '\\') {
					if (read_escape(p, end, true, w, err, errsz, tail) < 0)
						return -1;
				} else {
					buf_addch(w, c);
				}
			}
		} else {
			buf_addch(w, c);
		}
	}
	if (!w->data)
		buf_add(w, "", 0);	/* "" is an empty word, not no word */
	return 0;
}

/* Frees everything lex_line had made so far; returns -1. */
static int lex_fail(struct lexed *out, struct command *cur, struct buf *w)
{
	buf_free(w);
	for (int i = 0; i < cur->n; i++)
		free(cur->w[i].s);
	free(cur->w);
	lex_free(out);
	return -1;
}

int lex_line(const char *line, size_t len, struct lexed *out, char *err, size_t errsz)
{
	const char *p = line, *end = line + len;
	struct command cur = { 0 };
	struct buf w = { 0 };

	memset(out, 0, sizeof *out);
	while (p < end) {
		if (is_blank(*p) && *p != '\n') {
			p++;
			continue;
		}
		if (*p == ';' || *p == '\n') {	/* a newline ends a command, as in sh */
			push_command(out, &cur);
			p++;
			continue;
		}
		if (*p == '&') {
			if (p + 1 < end && p[1] == '&') {
				snprintf(err, errsz, "'&&' is not ipcsh's: ';' runs commands one after another, "
					 "'&' runs the one before it without waiting (write \\& for the character)");
				return lex_fail(out, &cur, &w);
			}
			cur.at_once = true;
			push_command(out, &cur);
			cur.at_once = false;
			p++;
			continue;
		}
		if (*p == '#') {	/* a comment runs to the end of the line */
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			p = nl ? nl : end;
			continue;
		}
		bool quoted = false;
		if (read_word(&p, end, &w, &quoted, err, errsz, NULL) < 0)
			return lex_fail(out, &cur, &w);
		push_word(&cur, &w, quoted);
	}
	push_command(out, &cur);
	return 0;
}

static void free_words(struct command *c)
{
	for (int i = 0; i < c->n; i++)
		free(c->w[i].s);
	free(c->w);
	c->w = NULL;
	c->n = 0;
}

void lex_partial(const char *line, size_t len, struct lex_partial *out)
{
	const char *p = line, *end = line + len;
	struct command cur = { 0 };
	struct buf w = { 0 };

	memset(out, 0, sizeof *out);
	out->first = true;
	out->word_start = len;
	while (p < end) {
		if (is_blank(*p) && *p != '\n') {
			p++;
		} else if (*p == ';' || *p == '\n' || *p == '&') {
			out->first &= cur.n == 0;
			free_words(&cur);
			p++;
		} else if (*p == '#') {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			out->comment = !nl;
			p = nl ? nl : end;
		} else {
			const char *start = p;
			bool quoted = false;
			read_word(&p, end, &w, &quoted, NULL, 0, out);
			push_word(&cur, &w, quoted);
			if (p == end) {
				out->in_word = true;
				out->word_start = (size_t)(start - line);
			}
		}
	}
	out->w = cur.w;
	out->n = cur.n;
}

void lex_partial_free(struct lex_partial *p)
{
	struct command c = { .w = p->w, .n = p->n };
	free_words(&c);
	p->w = NULL;
	p->n = 0;
}

void lex_free(struct lexed *l)
{
	for (int i = 0; i < l->ncmds; i++) {
		for (int j = 0; j < l->cmds[i].n; j++)
			free(l->cmds[i].w[j].s);
		free(l->cmds[i].w);
	}
	free(l->cmds);
	l->cmds = NULL;
	l->ncmds = 0;
}

void lex_quote(struct buf *b, const char *s)
{
	buf_addch(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_printf(b, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			buf_printf(b, "\\x%02x", *p);
		else
			buf_addch(b, (char)*p);
	}
	buf_addch(b, '"');
}

bool word_has_nul(const struct word *w)
{
	return memchr(w->s, '\0', w->len) != NULL;
}
