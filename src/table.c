/* table.c - a thin layer over libsmartcols for every table ipcsh shows: the
 * options util-linux's lsipc and lsfd take, the terminal's width, long text
 * wrapped at word boundaries, and JSON cells (arrays of objects). */
#include "table.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <libsmartcols.h>

#include "buf.h"
#include "cmd.h"
#include "out.h"
#include "settings.h"

enum col_mark { COL_NUMBER = 1, COL_WRAP = 2, COL_JSON_ONLY = 4 };

struct column {
	char *name;
	unsigned marks;
	int fixed;		/* table_column_width's width, or 0 */
	struct libscols_column *cl;
};

/* A cell whose --json value is JSON text, not a string. */
struct json_cell {
	struct libscols_line *ln;
	int col;
	char *json;
};

struct table {
	struct libscols_table *tb;
	struct column *cols;
	int ncols;
	struct libscols_line *last;
	struct json_cell *json;
	int njson;
	int indent;	/* blanks before each line of the aligned text */
};

/* ---- options ---- */

const char *const table_option_names[] = {
	"-J", "--json", "-r", "--raw", "-n", "--noheadings", "-o", "--output", NULL
};

/* Puts word I among the command's own arguments.  Swapped, not copied:
 * every word stays in the array once, so the lexer frees each once (the
 * options end up after argc). */
static void keep_word(struct cmd_ctx *c, int i, int *kept)
{
	struct word w = c->argv[*kept];
	c->argv[(*kept)++] = c->argv[i];
	c->argv[i] = w;
}

/* One word of bundled short options ("-Jn", "-oPID"); I moves on when -o
 * takes the next word. */
static bool short_opts(struct cmd_ctx *c, int *i, struct table_opts *o)
{
	for (const char *p = c->argv[*i].s + 1; *p; p++) {
		switch (*p) {
		case 'J': o->json = true; break;
		case 'r': o->raw = true; break;
		case 'n': o->noheadings = true; break;
		case 'o':
			if (p[1]) {
				o->columns = p + 1;
			} else if (*i + 1 < c->argc) {
				o->columns = c->argv[++*i].s;
			} else {
				cmd_usage_error(c, "option '-o' needs a list of columns");
				return false;
			}
			return true;
		default:
			cmd_usage_error(c, "unknown option '-%c'", *p);
			return false;
		}
	}
	return true;
}

static bool long_opt(struct cmd_ctx *c, int *i, struct table_opts *o)
{
	const char *a = c->argv[*i].s;
	if (strcmp(a, "--json") == 0)
		o->json = true;
	else if (strcmp(a, "--raw") == 0)
		o->raw = true;
	else if (strcmp(a, "--noheadings") == 0)
		o->noheadings = true;
	else if (strncmp(a, "--output=", 9) == 0)
		o->columns = a + 9;
	else if (strcmp(a, "--output") == 0 && *i + 1 < c->argc)
		o->columns = c->argv[++*i].s;
	else if (strcmp(a, "--output") == 0) {
		cmd_usage_error(c, "option '--output' needs a list of columns");
		return false;
	} else {
		cmd_usage_error(c, "unknown option '%s'", a);
		return false;
	}
	return true;
}

bool table_parse_opts(struct cmd_ctx *c, struct table_opts *o)
{
	*o = (struct table_opts){ .cmd = c };
	int kept = 0;
	for (int i = 0; i < c->argc; i++) {
		const char *a = c->argv[i].s;
		bool ok = true;
		if (a[0] == '-' && a[1] == '-')
			ok = long_opt(c, &i, o);
		else if (a[0] == '-' && a[1])
			ok = short_opts(c, &i, o);
		else
			keep_word(c, i, &kept);
		if (!ok)
			return false;
	}
	c->argc = kept;
	if (o->json)
		o->raw = false;	/* as lsfd: JSON wins */
	return true;
}

bool table_parse_args(struct cmd_ctx *c, struct table_opts *o, int max)
{
	if (!table_parse_opts(c, o))
		return false;
	if (c->argc > max) {
		cmd_usage_error(c, "unexpected argument '%s'", c->argv[max].s);
		return false;
	}
	return true;
}

/* ---- building ---- */

static unsigned mark_of(char c)
{
	return c == '#' ? COL_NUMBER : c == '~' ? COL_WRAP : c == '?' ? COL_JSON_ONLY : 0;
}

static void add_column(struct table *t, const char *col)
{
	size_t len = strlen(col);
	unsigned mark = len ? mark_of(col[len - 1]) : 0;
	struct column *c;
	t->cols = xrealloc(t->cols, sizeof *t->cols * (size_t)(t->ncols + 1));
	c = &t->cols[t->ncols++];
	c->name = xstrndup(col, mark ? len - 1 : len);
	c->marks = mark;
	c->fixed = 0;
	c->cl = scols_table_new_column(t->tb, c->name, 0, 0);
	if (mark == COL_NUMBER)
		scols_column_set_json_type(c->cl, SCOLS_JSON_NUMBER);
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
	struct libscols_line *ln = t->last = scols_table_new_line(t->tb, NULL);
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
	struct libscols_line *ln = t->last = scols_table_new_line(t->tb, NULL);
	for (int i = 0; i < t->ncols; i++)
		if (values[i])
			set_cell(ln, i, values[i]);
}

void table_cell_json(struct table *t, int col, const char *json)
{
	if (!t->last || col < 0 || col >= t->ncols)
		return;
	t->json = xrealloc(t->json, sizeof *t->json * (size_t)(t->njson + 1));
	t->json[t->njson++] = (struct json_cell){ t->last, col, xstrdup(json) };
}

void table_free(struct table *t)
{
	scols_unref_table(t->tb);
	for (int i = 0; i < t->ncols; i++)
		free(t->cols[i].name);
	for (int i = 0; i < t->njson; i++)
		free(t->json[i].json);
	free(t->cols);
	free(t->json);
	free(t);
}

/* ---- columns: -o ---- */

static struct column *column_named(struct table *t, const char *name, size_t len)
{
	for (int i = 0; i < t->ncols; i++)
		if (strlen(t->cols[i].name) == len && strncasecmp(t->cols[i].name, name, len) == 0)
			return &t->cols[i];
	return NULL;
}

/* An unknown column NAME (LEN bytes), or no column at all (LEN 0). */
static void unknown_column(struct table *t, const struct table_opts *o, const char *name, size_t len)
{
	struct buf valid = { 0 }, what = { 0 };
	for (int i = 0; i < t->ncols; i++)
		buf_printf(&valid, "%s%s", i ? ", " : "", t->cols[i].name);
	if (len)
		buf_printf(&what, "unknown column '%.*s'", (int)len, name);
	else
		buf_addstr(&what, "'-o' names no column");
	if (o->cmd)
		cmd_usage_error(o->cmd, "%s (columns: %s)", what.data, valid.data);
	else
		out_error("%s (columns: %s)", what.data, valid.data);
	buf_free(&valid);
	buf_free(&what);
}

bool table_columns_ok(struct table *t, const struct table_opts *o)
{
	if (!o->columns)
		return true;
	int named = 0;
	for (const char *p = o->columns; *p;) {
		size_t len = strcspn(p, ",");
		if (len && !column_named(t, p, len)) {
			unknown_column(t, o, p, len);
			return false;
		}
		named += len > 0;
		p += len + (p[len] == ',');
	}
	if (!named)
		unknown_column(t, o, "", 0);
	return named > 0;
}

/* Shows the columns -o names, in its order, and hides the others; without
 * -o, hides the JSON-only ones unless JSON is printed. */
static bool choose_columns(struct table *t, const struct table_opts *o)
{
	if (!o->columns) {
		for (int i = 0; i < t->ncols; i++)
			if (t->cols[i].marks & COL_JSON_ONLY && !o->json)
				scols_column_set_flags(t->cols[i].cl, SCOLS_FL_HIDDEN);
		return true;
	}
	if (!table_columns_ok(t, o))
		return false;
	bool *shown = xcalloc((size_t)t->ncols, sizeof *shown);
	struct libscols_column *prev = NULL;
	for (const char *p = o->columns; *p;) {
		size_t len = strcspn(p, ",");
		struct column *c = column_named(t, p, len);
		if (c && !shown[c - t->cols]) {
			shown[c - t->cols] = true;
			scols_table_move_column(t->tb, prev, c->cl);
			prev = c->cl;
		}
		p += len + (p[len] == ',');
	}
	for (int i = 0; i < t->ncols; i++)
		scols_column_set_flags(t->cols[i].cl, shown[i] ? 0 : SCOLS_FL_HIDDEN);
	free(shown);
	return true;
}

/* ---- the terminal's width and wrapping ---- */

static int forced_width = -1;

void table_force_width(int width)
{
	forced_width = width;
}

int table_term_width(void)
{
	if (forced_width >= 0)
		return forced_width;
	if (!isatty(1))
		return 0;	/* a file or a pipe: COLUMNS is ignored there too, as lsblk does */
	/* At the prompt readline sets COLUMNS itself, and only once it has
	 * seen a SIGWINCH: the terminal's own size is the truth there. */
	const char *env = settings.interactive ? NULL : getenv("COLUMNS");
	int cols = env ? atoi(env) : 0;
	struct winsize ws;
	if (cols <= 0 && ioctl(1, TIOCGWINSZ, &ws) == 0)
		cols = ws.ws_col;
	return cols > 0 ? cols : 80;
}

/* Characters on the screen, not bytes (UTF-8 continuation bytes take none). */
static int text_width(const char *s, size_t n)
{
	int w = 0;
	for (size_t i = 0; i < n; i++)
		w += ((unsigned char)s[i] & 0xc0) != 0x80;
	return w;
}

char *table_wrap_text(const char *text, int width)
{
	struct buf b = { 0 };
	int col = 0;
	for (const char *p = text; *p;) {
		if (*p == ' ' || *p == '\n') {
			if (*p == '\n') {
				buf_addch(&b, '\n');
				col = 0;
			}
			p++;
			continue;
		}
		size_t n = strcspn(p, " \n");
		int w = text_width(p, n);
		if (col && col + 1 + w > width) {
			buf_addch(&b, '\n');
			col = 0;
		} else if (col) {
			buf_addch(&b, ' ');
			col++;
		}
		buf_add(&b, p, n);
		col += w;
		p += n;
	}
	return b.data ? b.data : xstrdup("");
}

/* The widest cell of column C (its header too), in characters. */
static int column_width(struct table *t, struct column *c)
{
	const char *h = scols_cell_get_data(scols_column_get_header(c->cl));
	int w = h ? text_width(h, strlen(h)) : 0;
	size_t n = scols_table_get_nlines(t->tb);
	for (size_t i = 0; i < n; i++) {
		const char *d = scols_cell_get_data(scols_line_get_cell(scols_table_get_line(t->tb, i), (size_t)(c - t->cols)));
		int dw = d ? text_width(d, strlen(d)) : 0;
		if (dw > w)
			w = dw;
	}
	return w;
}

/* S's lines after the first with HANG blanks before them (S is freed). */
static char *hang_lines(char *s, int hang)
{
	if (!hang)
		return s;
	struct buf b = { 0 };
	for (const char *p = s; *p; p++) {
		buf_addch(&b, *p);
		if (*p == '\n')
			buf_printf(&b, "%*s", hang, "");
	}
	free(s);
	return b.data ? b.data : xstrdup("");
}

/* Rewraps the cells of column C to WIDTH, one line of text a line of the
 * cell, the lines after a cell's first HANG blanks further in. */
static void wrap_column(struct table *t, struct column *c, int width, int hang)
{
	size_t n = scols_table_get_nlines(t->tb);
	for (size_t i = 0; i < n; i++) {
		struct libscols_line *ln = scols_table_get_line(t->tb, i);
		const char *d = scols_cell_get_data(scols_line_get_cell(ln, (size_t)(c - t->cols)));
		if (!d)
			continue;
		char *w = hang_lines(table_wrap_text(d, width - hang), hang);
		scols_line_refer_data(ln, (size_t)(c - t->cols), w);
	}
	scols_column_set_flags(c->cl, SCOLS_FL_WRAP);
	scols_column_set_wrapfunc(c->cl, scols_wrapnl_chunksize, scols_wrapnl_nextchunk, NULL);
	scols_column_set_safechars(c->cl, "\n");
}

enum { WRAP_MIN = 10 };	/* narrower than this, wrapped text is unreadable: it overflows instead */

/* Long text columns share what the other columns leave of WIDTH. */
static void fit_width(struct table *t, int width)
{
	int fixed = 0, nwrap = 0;
	for (int i = 0; i < t->ncols; i++) {
		struct column *c = &t->cols[i];
		if (scols_column_is_hidden(c->cl))
			continue;
		if (c->marks & COL_WRAP)
			nwrap++;
		else
			fixed += (c->fixed ? c->fixed : column_width(t, c)) + 1;
	}
	if (!nwrap)
		return;
	int room = (width - fixed) / nwrap - 1;
	if (room < WRAP_MIN)
		room = WRAP_MIN;
	for (int i = 0; i < t->ncols; i++) {
		struct column *c = &t->cols[i];
		if (c->marks & COL_WRAP && !scols_column_is_hidden(c->cl) && column_width(t, c) > room)
			wrap_column(t, c, room, 0);
	}
}

/* On a terminal, columns of a fixed width are that wide: text wider wraps
 * at word boundaries, its further lines two blanks in. */
static void fix_widths(struct table *t)
{
	for (int i = 0; i < t->ncols; i++) {
		struct column *c = &t->cols[i];
		if (!c->fixed)
			continue;
		scols_column_set_whint(c->cl, c->fixed);
		if (column_width(t, c) > c->fixed)
			wrap_column(t, c, c->fixed, 2);
	}
}

/* ---- printing ---- */

/* JSON keys in lower case, as lsipc prints them. */
static void lower_headers(struct table *t)
{
	for (int i = 0; i < t->ncols; i++) {
		struct libscols_cell *h = scols_column_get_header(t->cols[i].cl);
		char *s = xstrdup(scols_cell_get_data(h));
		for (char *p = s; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		scols_cell_set_data(h, s);
		free(s);
	}
}

/* JSON cells get a marker libsmartcols prints as a string; the marker,
 * quotes and all, is then replaced by the JSON.  The marker starts with a
 * control character, which libsmartcols escapes, so no text collides. */
static void mark_json_cells(struct table *t)
{
	for (int i = 0; i < t->njson; i++) {
		char m[32];
		snprintf(m, sizeof m, "\x1fjson%d", i);
		scols_line_set_data(t->json[i].ln, (size_t)t->json[i].col, m);
	}
}

static char *put_json_cells(struct table *t, char *s)
{
	for (int i = 0; i < t->njson; i++) {
		char m[40];
		snprintf(m, sizeof m, "\"\\u001fjson%d\"", i);
		char *at = strstr(s, m);
		if (!at)
			continue;
		struct buf b = { 0 };
		buf_add(&b, s, (size_t)(at - s));
		buf_addstr(&b, t->json[i].json);
		buf_addstr(&b, at + strlen(m));
		free(s);
		s = b.data;
	}
	return s;
}

static void set_format(struct table *t, const struct table_opts *o)
{
	if (o->json) {
		lower_headers(t);
		mark_json_cells(t);
		scols_table_enable_json(t->tb, 1);
		return;
	}
	if (o->raw)
		scols_table_enable_raw(t->tb, 1);
	if (o->noheadings) {
		scols_table_enable_noheadings(t->tb, 1);
		/* Headers not shown take no width either (libsmartcols counts them). */
		for (int i = 0; i < t->ncols; i++)
			scols_cell_set_data(scols_column_get_header(t->cols[i].cl), "");
	}
	int width = o->raw ? 0 : table_term_width();
	if (width)
		fix_widths(t);
	else if (!o->raw)
		for (int i = 0; i < t->ncols; i++)
			if (t->cols[i].fixed)	/* at least that wide; as wide as it is in a pipe */
				scols_column_set_whint(t->cols[i].cl, t->cols[i].fixed);
	if (width)
		width = width - t->indent > WRAP_MIN ? width - t->indent : WRAP_MIN;
	/* Not on a terminal, a table is as wide as it is (as lsblk in a pipe). */
	scols_table_set_termforce(t->tb, width ? SCOLS_TERMFORCE_ALWAYS : SCOLS_TERMFORCE_NEVER);
	if (width) {
		scols_table_set_termwidth(t->tb, (size_t)width);
		fit_width(t, width);
	}
}

void table_column_width(struct table *t, int col, int width)
{
	if (col >= 0 && col < t->ncols && width > 0)
		t->cols[col].fixed = width;
}

void table_indent(struct table *t, int blanks)
{
	t->indent = blanks > 0 ? blanks : 0;
}

/* S with INDENT blanks before each line (S is freed). */
static char *indent_lines(char *s, int indent)
{
	struct buf b = { 0 };
	for (const char *p = s; *p;) {
		size_t n = strcspn(p, "\n");
		buf_printf(&b, "%*s%.*s", n ? indent : 0, "", (int)n, p);
		p += n;
		if (*p)
			buf_addch(&b, *p++);
	}
	free(s);
	return b.data ? b.data : xstrdup("");
}

char *table_render(struct table *t, const struct table_opts *o)
{
	if (!choose_columns(t, o)) {
		table_free(t);
		return NULL;
	}
	set_format(t, o);
	char *s = NULL;
	scols_print_table_to_string(t->tb, &s);
	if (s && o->json)
		s = put_json_cells(t, s);
	else if (s && !o->raw && t->indent)
		s = indent_lines(s, t->indent);
	table_free(t);
	if (!s)
		return xstrdup("");
	size_t n = strlen(s);
	while (n && s[n - 1] == '\n')
		s[--n] = '\0';
	return s;
}

bool table_print(struct table *t, const struct table_opts *o)
{
	char *s = table_render(t, o);
	if (!s)
		return false;
	if (*s)
		out_text(s);
	free(s);
	return true;
}
