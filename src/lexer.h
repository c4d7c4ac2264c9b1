/* lexer.h - splits a command line into commands and words (DESIGN section 2). */
#ifndef IPCSH_LEXER_H
#define IPCSH_LEXER_H

#include <stdbool.h>
#include <stddef.h>

struct lex_partial;

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

/* What lex_line makes of a line cut short at the cursor, for completion and
 * hints: the words of the command being typed and how the line ends.
 * Nothing is an error there: an open quote, a final backslash or a bad
 * escape are what a line looks like while it is typed. */
struct lex_partial {
	struct word *w;		/* the words of the last command, the one being typed included */
	int n;
	bool in_word;		/* the line ends inside a word: w[n - 1] is being typed */
	size_t word_start;	/* where the word being typed starts (the line's length after a blank) */
	char quote;		/* '\'' or '"' when the line ends inside quotes, else 0 */
	bool escape;		/* the line ends just after a backslash */
	bool comment;		/* the line ends in a comment */
	bool first;		/* the command is the first of the line */
};
void lex_partial(const char *line, size_t len, struct lex_partial *out);
void lex_partial_free(struct lex_partial *p);

/* Does WORD contain a NUL byte? */
bool word_has_nul(const struct word *w);

struct buf;
/* Appends S as one double-quoted word that lex_line reads back as S, whatever
 * bytes it holds (quotes, spaces, ';', '#', newlines...). */
void lex_quote(struct buf *b, const char *s);

#endif
