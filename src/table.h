/* table.h - tables through libsmartcols, with --json and --raw as lsipc has them. */
#ifndef IPCSH_TABLE_H
#define IPCSH_TABLE_H

#include <stdbool.h>

struct cmd_ctx;
struct table;

struct table_opts {
	bool json, raw;
};

/* Reads --json / --raw from the command's arguments; false after a usage error.
 * Other arguments are left for the command (their count is returned in *REST). */
bool table_parse_opts(struct cmd_ctx *c, struct table_opts *o);
/* NAME names the JSON array; then the column headers, NULL-terminated; a
 * header ending in '#' ("PID#") holds numbers. */
struct table *table_new(const char *name, ...) __attribute__((sentinel));
void table_row(struct table *t, ...) __attribute__((sentinel));
/* The same with arrays: N columns, and one value for each (NULL: none). */
struct table *table_newv(const char *name, const char *const *cols, int n);
void table_rowv(struct table *t, const char *const *values);
/* The table as text (no final newline; free it), and the table freed. */
char *table_render(struct table *t, const struct table_opts *o);
/* Prints through the output sink and frees the table. */
void table_print(struct table *t, const struct table_opts *o);

#endif
