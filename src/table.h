/* table.h - tables through libsmartcols, with the options lsipc and lsfd
 * have: -J/--json, -r/--raw, -n/--noheadings, -o/--output COLS. */
#ifndef IPCSH_TABLE_H
#define IPCSH_TABLE_H

#include <stdbool.h>

struct cmd_ctx;
struct table;

struct table_opts {
	bool json, raw, noheadings;
	const char *columns;	/* -o's comma list (a word of the command), or NULL: the default ones */
	struct cmd_ctx *cmd;	/* for usage errors about -o's list; may be NULL */
};

/* The options the usage of a command with a table shows after its own. */
#define TABLE_ARGS "[-J|-r] [-n] [-o COLS]"

/* The table options' names, NULL-terminated (for completion). */
extern const char *const table_option_names[];

/* Reads the table options from the command's arguments, bundled short ones
 * too (-Jn, -oPID,STATE, --output=PID); false after a usage error.  Other
 * arguments are left for the command: c->argc is their count.  With both
 * --json and --raw, JSON wins, as in lsfd. */
bool table_parse_opts(struct cmd_ctx *c, struct table_opts *o);
/* The same for a command that takes at most MAX arguments of its own: one
 * more is a usage error. */
bool table_parse_args(struct cmd_ctx *c, struct table_opts *o, int max);

/* NAME names the JSON array; then the column headers, NULL-terminated.  A
 * header may end in one mark:
 *   '#'  the column holds numbers (--json prints them without quotes);
 *   '~'  long text: on a terminal it wraps at word boundaries to fit;
 *   '?'  shown only with --json, or when -o names it. */
struct table *table_new(const char *name, ...) __attribute__((sentinel));
void table_row(struct table *t, ...) __attribute__((sentinel));
/* The same with arrays: N columns, and one value for each (NULL: none). */
struct table *table_newv(const char *name, const char *const *cols, int n);
void table_rowv(struct table *t, const char *const *values);
/* In the aligned text, column COL is at least WIDTH wide (help's usages
 * line up from one list to the next); on a terminal it is that wide, and
 * longer text wraps at word boundaries, its further lines two blanks in. */
void table_column_width(struct table *t, int col, int width);
/* The aligned text (not --raw, not --json) starts each line with BLANKS
 * blanks, as help's lists do; the terminal's width counts them. */
void table_indent(struct table *t, int blanks);
/* In --json, column COL of the last row is JSON (an array or an object)
 * instead of its text. */
void table_cell_json(struct table *t, int col, const char *json);

/* The table as text (no final newline; free it), and the table freed.
 * NULL, with a usage error reported, when -o names an unknown column. */
char *table_render(struct table *t, const struct table_opts *o);
/* Prints through the output sink and frees the table; false after a usage error. */
bool table_print(struct table *t, const struct table_opts *o);
/* Does T have every column -o names?  If not, reports a usage error: for a
 * command that checks its options before it has the rows. */
bool table_columns_ok(struct table *t, const struct table_opts *o);
/* Frees a table that is not printed. */
void table_free(struct table *t);

/* The width tables fit on the terminal: COLUMNS (not at the prompt, where
 * readline keeps it), else the terminal's; 0 when stdout is not a terminal
 * (then tables are as wide as they are). */
int table_term_width(void);
/* For tests: tables fit WIDTH columns as on a terminal (0: as in a pipe;
 * -1: back to what stdout is). */
void table_force_width(int width);
/* Wraps TEXT at word boundaries into lines of at most WIDTH characters
 * (a longer word stands alone on its line); the lines joined by '\n'. */
char *table_wrap_text(const char *text, int width);

#endif
