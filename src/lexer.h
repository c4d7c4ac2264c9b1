/* lexer.h - splits a command line into commands and words (DESIGN section 2). */
#ifndef IPCSH_LEXER_H
#define IPCSH_LEXER_H

#include <stdbool.h>
#include <stddef.h>

struct word {
	char *s;	/* the word's bytes, NUL-terminated (it may hold NULs from \x00) */
	size_t len;
	bool quoted;	/* some part of it was quoted */
};

struct command {
	struct word *w;
	int n;
	bool at_once;	/* ended by '&': the next command starts without waiting for it */
};

struct lexed {
	struct command *cmds;
	int ncmds;
};

/* Splits LINE (LEN bytes) into commands separated by ';', '&' or newlines
 * ('&' marks the command before it at_once).  A '#' that starts an unquoted
 * word begins a comment, to the end of the line.  Returns 0, or -1 with a
 * message in ERR (for example "unterminated double quote"; "&&", which is
 * not ipcsh's). */
int lex_line(const char *line, size_t len, struct lexed *out, char *err, size_t errsz);
void lex_free(struct lexed *l);

/* Does WORD contain a NUL byte? */
bool word_has_nul(const struct word *w);

struct buf;
/* Appends S as one double-quoted word that lex_line reads back as S, whatever
 * bytes it holds (quotes, spaces, ';', '#', newlines...). */
void lex_quote(struct buf *b, const char *s);

#endif
