/* ipcsfmt.c - names, times, sizes, marks and tables for ipcs (ipcsfmt.h). */
#include "ipcsfmt.h"

#include <grp.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "objtab.h"
#include "out.h"
#include "settings.h"
#include "table.h"

/* ---- names ---- */

struct name_cache {
	unsigned id;
	char *name;	/* NULL: none */
};
static struct name_cache users[16], groups[16];
static int nusers, ngroups;

static const char *cached(struct name_cache *c, int *n, unsigned id, bool user)
{
	for (int i = 0; i < *n; i++)
		if (c[i].id == id)
			return c[i].name;
	const char *name = NULL;
	if (user) {
		struct passwd *pw = getpwuid(id);
		name = pw ? pw->pw_name : NULL;
	} else {
		struct group *gr = getgrgid(id);
		name = gr ? gr->gr_name : NULL;
	}
	if (*n == 16) {	/* full: the oldest goes */
		free(c[0].name);
		memmove(c, c + 1, sizeof *c * 15);
		--*n;
	}
	c[*n] = (struct name_cache){ id, name ? xstrdup(name) : NULL };
	return c[(*n)++].name;
}

const char *ipcs_user_name(unsigned uid)
{
	return cached(users, &nusers, uid, true);
}

const char *ipcs_group_name(unsigned gid)
{
	return cached(groups, &ngroups, gid, false);
}

bool ipcs_user(const char *name, unsigned *uid)
{
	struct passwd *pw = getpwnam(name);
	if (pw) {
		*uid = pw->pw_uid;
		return true;
	}
	char *end;
	unsigned long v = strtoul(name, &end, 10);
	if (!*name || *end || v > UINT32_MAX - 1)
		return false;
	*uid = (unsigned)v;
	return true;
}

void ipcs_add_user(struct buf *b, const char *namefmt, const char *numfmt, unsigned uid)
{
	const char *name = ipcs_user_name(uid);
	if (name)
		buf_printf(b, namefmt, name);
	else
		buf_printf(b, numfmt, uid);
}

void ipcs_add_group(struct buf *b, const char *namefmt, const char *numfmt, unsigned gid)
{
	const char *name = ipcs_group_name(gid);
	if (name)
		buf_printf(b, namefmt, name);
	else
		buf_printf(b, numfmt, gid);
}

/* ---- times ---- */

const char *ipcs_ctime(long long t)
{
	static char text[64];
	time_t tt = (time_t)t;
	if (!t || !ctime_r(&tt, text))
		return NULL;
	text[strcspn(text, "\n")] = '\0';
	if (settings.mask) {
		out_mask_text(text, "<time>");
		if (strlen(text) > 4) {	/* -t shows "Dec  3 22:00:55": ctime + 4, 15 characters */
			char part[16];
			snprintf(part, sizeof part, "%.15s", text + 4);
			out_mask_text(part, "<time>");
		}
	}
	return text;
}

const char *ipcs_isotime(long long t, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!t || !localtime_r(&tt, &tm) || !strftime(buf, size, "%Y-%m-%dT%H:%M:%S%z", &tm))
		return NULL;
	if (settings.mask)
		out_mask_text(buf, "<time>");
	return buf;
}

/* ---- sizes ---- */

/* The power of 1024 below BYTES, as a shift: 0 (bytes) to 60 (EiB). */
static int size_exponent(unsigned long long bytes)
{
	int shift;
	for (shift = 10; shift <= 60; shift += 10)
		if (bytes < (1ULL << shift))
			break;
	return shift - 10;
}

const char *ipcs_human(unsigned long long bytes, char *buf, size_t size)
{
	int exp = size_exponent(bytes);
	char unit = "BKMGTPE"[exp / 10];
	unsigned long long whole = exp ? bytes >> exp : bytes;
	unsigned long long frac = exp ? bytes & ((1ULL << exp) - 1) : 0;
	if (frac) {
		/* three digits of the fraction, rounded to one (4.9K), as util-linux does */
		if (frac >= UINT64_MAX / 1000)
			frac = ((frac / 1024) * 1000) / (1ULL << (exp - 10));
		else
			frac = (frac * 1000) / (1ULL << exp);
		frac = ((frac + 50) / 100) * 10;
		if (frac == 100) {
			whole++;
			frac = 0;
		}
	}
	if (frac)
		snprintf(buf, size, "%llu.%llu%c", whole, frac / 10, unit);
	else
		snprintf(buf, size, "%llu%c", whole, unit);
	return buf;
}

void ipcs_size(struct buf *b, enum ipcs_unit unit, const char *msg, unsigned long long size, const char *end,
	       int width)
{
	if (!msg)
		;
	else if (msg[strlen(msg) - 1] == '=')
		buf_addstr(b, msg);
	else if (unit == IPCS_UNIT_BYTES)
		buf_printf(b, "%s (bytes) = ", msg);
	else if (unit == IPCS_UNIT_KB)
		buf_printf(b, "%s (kbytes) = ", msg);
	else
		buf_printf(b, "%s = ", msg);
	char human[32];
	if (unit == IPCS_UNIT_HUMAN)
		buf_printf(b, "%*s", width, ipcs_human(size, human, sizeof human));
	else
		buf_printf(b, "%*llu", width, unit == IPCS_UNIT_KB ? size / 1024 : size);
	if (end)
		buf_addstr(b, end);
}

/* ---- the session's objects ---- */

struct mark {
	unsigned kind;
	int id;
	const char *name;
	const char *handle;
};
static struct mark *marks;
static int nmarks;

static unsigned ipcs_kind(enum obj_kind k)
{
	switch (k) {
	case OBJ_MSG: return IPCS_MSG;
	case OBJ_SHM: return IPCS_SHM;
	case OBJ_SEM: return IPCS_SEM;
	case OBJ_PSHM: return IPCS_PSHM;
	case OBJ_MQ: return IPCS_PMQ;
	case OBJ_PSEM: return IPCS_PSEM;
	default: return 0;
	}
}

/* Under IPCSH_MASK, the id in -i's first line ("msqid=5") reads as the
 * session's name for it ("msqid=<msgid1>"), as ipcsh's own lines do. */
static void mask_id(const struct object *o, unsigned kind)
{
	if (!settings.mask || !(kind & IPCS_SYSV))
		return;
	const char *field = kind == IPCS_MSG ? "msqid" : kind == IPCS_SHM ? "shmid" : "semid";
	char id[16], name[32], text[48], masked[64];
	snprintf(id, sizeof id, "%d", o->id);
	snprintf(name, sizeof name, "<%sid%d>", obj_noun(o->kind), o->num);
	/* -i's first line, --json's id, and ipcrm's "id `5'" and "id (5)" */
	const char *forms[][2] = { { field, "=" }, { "\"id\":", " " }, { "id", " `" }, { "id", " (" } };
	const char *ends[] = { "", "", "'", ")" };
	for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++) {
		snprintf(text, sizeof text, "%s%s%s%s", forms[i][0], forms[i][1], id, ends[i]);
		snprintf(masked, sizeof masked, "%s%s%s%s", forms[i][0], forms[i][1], name, ends[i]);
		out_mask_text(text, masked);
	}
}

void ipcs_marks_load(void)
{
	ipcs_marks_free();
	for (struct object *o = obj_first(); o; o = o->next) {
		const struct obj_ops *ops = obj_ops(o->kind);
		unsigned kind = ipcs_kind(o->kind);
		if (!kind || o->gone || !ops || (ops->alive && !ops->alive(o)))
			continue;
		if ((kind & IPCS_POSIX) && !o->name)
			continue;
		marks = xrealloc(marks, sizeof *marks * (size_t)(nmarks + 1));
		marks[nmarks++] = (struct mark){ kind, o->id, o->name, o->handle };
		mask_id(o, kind);
	}
}

const char *ipcs_mark(unsigned kind, int id, const char *name)
{
	for (int i = 0; i < nmarks; i++) {
		const struct mark *m = &marks[i];
		if (m->kind == kind && ((kind & IPCS_POSIX) ? strcmp(m->name, name) == 0 : m->id == id))
			return m->handle;
	}
	return NULL;
}

void ipcs_marks_free(void)
{
	free(marks);
	marks = NULL;
	nmarks = 0;
}

void ipcs_end_row(struct buf *b, const char *handle)
{
	if (!handle)
		return;
	b->len--;	/* the newline */
	buf_printf(b, " [%s]\n", handle);
}

/* ---- tables ---- */

struct ipcs_table {
	struct table *t;
	int ncols;
};
static struct ipcs_table *tables;
static int ntables;

struct ipcs_table *ipcs_table(const char *name, const char *columns)
{
	const char *cols[32];
	char *copy = xstrdup(columns), *save = NULL;
	int n = 0;
	for (char *w = strtok_r(copy, " ", &save); w && n < 32; w = strtok_r(NULL, " ", &save))
		cols[n++] = w;
	tables = xrealloc(tables, sizeof *tables * (size_t)(ntables + 1));
	struct ipcs_table *t = &tables[ntables++];
	t->t = table_newv(name, cols, n);
	t->ncols = n;
	free(copy);
	return t;
}

void ipcs_table_row(struct ipcs_table *t, const char *const *values)
{
	table_rowv(t->t, values);
}

/* The inside of a table's JSON object: what lies between "{\n" and "\n}". */
static void json_inside(const char *s, struct buf *out)
{
	const char *open = strchr(s, '\n'), *close = strrchr(s, '}');
	if (!open || !close || close <= open)
		return;
	while (close > open && close[-1] == '\n')
		close--;
	if (out->len)
		buf_addstr(out, ",");
	buf_add(out, open, (size_t)(close - open));
}

void ipcs_tables_print(bool json)
{
	struct table_opts o = { .json = json, .raw = !json };
	struct buf all = { 0 };
	for (int i = 0; i < ntables; i++) {
		char *s = table_render(tables[i].t, &o);
		if (json)
			json_inside(s, &all);
		else
			buf_printf(&all, "%s%s", i ? "\n\n" : "", s);
		free(s);
	}
	if (json)
		out_printf("{%s\n}", all.data ? all.data : "\n");
	else if (all.len)
		out_text(all.data);
	buf_free(&all);
	free(tables);
	tables = NULL;
	ntables = 0;
}

void ipcs_tables_drop(void)
{
	for (int i = 0; i < ntables; i++)
		free(table_render(tables[i].t, &(struct table_opts){ 0 }));
	free(tables);
	tables = NULL;
	ntables = 0;
}
