/* table.c - a thin layer over libsmartcols for ps, fds, objects and ipcs. */
#include "table.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <libsmartcols.h>

#include "buf.h"
#include "cmd.h"
#include "out.h"
#include "settings.h"

struct table {
	struct libscols_table *tb;
	int ncols;
};

bool table_parse_opts(struct cmd_ctx *c, struct table_opts *o)
{
	o->json = o->raw = false;
	int keep = 0;
	for (int i = 0; i < c->argc; i++) {
		const char *a = c->argv[i].s;
		if (strcmp(a, "--json") == 0 || strcmp(a, "-J") == 0)
			o->json = true;
		else if (strcmp(a, "--raw") == 0 || strcmp(a, "-r") == 0)
			o->raw = true;
		else if (a[0] == '-' && a[1]) {
			cmd_usage_error(c, "unknown option '%s'", a);
			return false;
		} else {
			/* Swapped, not copied: every word stays in the array once, so
			 * the lexer frees each once (the options end up after argc). */
			struct word w = c->argv[keep];
			c->argv[keep++] = c->argv[i];
			c->argv[i] = w;
		}
	}
	c->argc = keep;
	return true;
}

/* A column: "PID#" holds numbers, so --json prints them without quotes. */
static void add_column(struct table *t, const char *col)
{
	size_t len = strlen(col);
	bool number = len && col[len - 1] == '#';
	char *header = xstrndup(col, number ? len - 1 : len);
	struct libscols_column *cl = scols_table_new_column(t->tb, header, 0, 0);
	if (number)
		scols_column_set_json_type(cl, SCOLS_JSON_NUMBER);
	free(header);
	t->ncols++;
}

static struct table *new_table(const char *name)
{
	struct table *t = xcalloc(1, sizeof *t);
	t->tb = scols_new_table();
	scols_table_set_name(t->tb, name);
	return t;
}

struct table *table_new(const char *name, ...)
{
	struct table *t = new_table(name);
	va_list ap;
	va_start(ap, name);
	const char *col;
	while ((col = va_arg(ap, const char *)))
		add_column(t, col);
	va_end(ap);
	return t;
}

struct table *table_newv(const char *name, const char *const *cols, int n)
{
	struct table *t = new_table(name);
	for (int i = 0; i < n; i++)
		add_column(t, cols[i]);
	return t;
}

static void set_cell(struct libscols_line *ln, int i, const char *v)
{
	struct buf m = { 0 };
	if (settings.mask)
		out_apply_masks(v, &m);
	scols_line_set_data(ln, (size_t)i, m.data ? m.data : v);
	buf_free(&m);
}

void table_row(struct table *t, ...)
{
	struct libscols_line *ln = scols_table_new_line(t->tb, NULL);
	va_list ap;
	va_start(ap, t);
	for (int i = 0; i < t->ncols; i++) {
		const char *v = va_arg(ap, const char *);
		if (!v)
			break;
		set_cell(ln, i, v);
	}
	va_end(ap);
}

void table_rowv(struct table *t, const char *const *values)
{
	struct libscols_line *ln = scols_table_new_line(t->tb, NULL);
	for (int i = 0; i < t->ncols; i++)
		if (values[i])
			set_cell(ln, i, values[i]);
}

/* JSON keys in lower case, as lsipc prints them. */
static void lower_headers(struct table *t)
{
	for (int i = 0; i < t->ncols; i++) {
		struct libscols_column *cl = scols_table_get_column(t->tb, (size_t)i);
		struct libscols_cell *h = scols_column_get_header(cl);
		char *s = xstrdup(scols_cell_get_data(h));
		for (char *p = s; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		scols_cell_set_data(h, s);
		free(s);
	}
}

char *table_render(struct table *t, const struct table_opts *o)
{
	if (o->json) {
		lower_headers(t);
		scols_table_enable_json(t->tb, 1);
	} else if (o->raw) {
		scols_table_enable_raw(t->tb, 1);
	}
	char *s = NULL;
	scols_print_table_to_string(t->tb, &s);
	scols_unref_table(t->tb);
	free(t);
	if (!s)
		return xstrdup("");
	size_t n = strlen(s);
	while (n && s[n - 1] == '\n')
		s[--n] = '\0';
	return s;
}

void table_print(struct table *t, const struct table_opts *o)
{
	char *s = table_render(t, o);
	if (*s)
		out_text(s);
	free(s);
}
