/* cmd.c - the dispatcher: finds a command in the families' tables (unique
 * prefixes and aliases accepted), resolves the object reference, checks the
 * argument count and runs the handler.  Usage errors come from the table. */
#include "cmd.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "proc.h"

const char *cmd_name(const struct cmd_entry *e, char *buf, int size)
{
	snprintf(buf, (size_t)size, "%s%s%s", e->noun, e->verb ? " " : "", e->verb ? e->verb : "");
	return buf;
}

const char *cmd_usage(const struct cmd_entry *e, char *buf, int size)
{
	char name[64];
	snprintf(buf, (size_t)size, "usage: %s%s%s", cmd_name(e, name, sizeof name),
		 e->args && *e->args ? " " : "", e->args ? e->args : "");
	return buf;
}

static bool has_alias(const char *aliases, const char *w, size_t n, bool exact)
{
	for (const char *a = aliases; a && *a;) {
		size_t len = strcspn(a, " ");
		if (exact ? (len == n && strncmp(a, w, n) == 0) : (len >= n && strncmp(a, w, n) == 0))
			return true;
		a += len;
		while (*a == ' ')
			a++;
	}
	return false;
}

/* Edit distance, for "did you mean". */
static int distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 30 || lb > 30)
		return 99;
	int d[32][32];
	for (size_t i = 0; i <= la; i++)
		d[i][0] = (int)i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = (int)j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			int c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			int del = d[i - 1][j] + 1, ins = d[i][j - 1] + 1;
			d[i][j] = c < del ? (c < ins ? c : ins) : (del < ins ? del : ins);
		}
	return d[la][lb];
}

/* strcmp(A, B) == 0 and strncmp(S, P, N) == 0, cheaper for the many
 * names that differ in their first letter (a lookup runs for every line). */
static bool same_name(const char *a, const char *b)
{
	return a[0] == b[0] && strcmp(a, b) == 0;
}

static bool begins_with(const char *s, const char *p, size_t n)
{
	return n == 0 || (s[0] == p[0] && strncmp(s, p, n) == 0);
}

/* Is WORD one of the space-separated words of LIST? */
static bool word_in_list(const char *list, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = list; (p = strstr(p, word)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

/* Adds E to OUT's noun's commands, with a verb or the bare one. */
static void add_noun_command(struct lookup *out, const struct cmd_entry *e)
{
	if (!e->verb) {
		if (!out->bare)
			out->bare = e;
	} else if (out->nverbs < LOOKUP_MAX_VERBS)
		out->verbs[out->nverbs++] = e;
}

/* The commands of NOUN, into OUT. */
static void collect_commands(const char *noun, struct lookup *out)
{
	out->noun = noun;
	FOR_EACH_CMD(e)
		if (same_name(e->noun, noun))
			add_noun_command(out, e);
}

/* Resolves the noun, an exact name (whose commands it collects on the way,
 * as the common case) or else a unique prefix, and fills in OUT's noun and
 * its commands.  Returns the noun or NULL. */
static const char *find_noun(const char *w, struct lookup *out)
{
	const char *exact = NULL, *match = NULL;
	int nmatch = 0;
	if (!*w) {
		out->result = LOOKUP_UNKNOWN;
		snprintf(out->message, sizeof out->message, "an empty word is not a command (try 'help')");
		return NULL;
	}
	char list[256] = "";
	size_t wlen = strlen(w);
	FOR_EACH_CMD(e) {
		if (same_name(e->noun, w)) {
			exact = e->noun;
			add_noun_command(out, e);
		} else if (begins_with(e->noun, w, wlen) && !word_in_list(list, e->noun)) {
			match = e->noun;
			nmatch++;
			snprintf(list + strlen(list), sizeof list - strlen(list), " %s", e->noun);
		}
	}
	if (exact)
		return out->noun = exact;
	if (nmatch == 1) {
		collect_commands(match, out);
		return match;
	}
	if (nmatch > 1) {
		out->result = LOOKUP_AMBIGUOUS;
		snprintf(out->message, sizeof out->message, "'%s' is ambiguous: it could be%s", w, list);
		return NULL;
	}
	const char *best = NULL;
	int bestd = 3;
	FOR_EACH_CMD(e) {
		int d = distance(w, e->noun);
		if (d < bestd) {
			bestd = d;
			best = e->noun;
		}
	}
	out->result = LOOKUP_UNKNOWN;
	if (best)
		snprintf(out->message, sizeof out->message, "unknown command '%s'; did you mean '%s'? (try 'help')", w, best);
	else
		snprintf(out->message, sizeof out->message, "unknown command '%s' (try 'help')", w);
	return NULL;
}

const char *cmd_lookup_verbs(const struct lookup *lk, char *buf, size_t size)
{
	size_t len = 0;
	buf[0] = '\0';
	for (int i = 0; i < lk->nverbs && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? "|" : "", lk->verbs[i]->verb);
	return buf;
}

/* The verb entry of OUT's noun that V (a verb, alias or unique prefix of
 * one) names; *NMATCH says how many matched (0, 1, or more: ambiguous). */
static const struct cmd_entry *find_verb(const struct lookup *out, const char *v, int *nmatch)
{
	const struct cmd_entry *match = NULL;
	size_t vlen = v ? strlen(v) : 0;
	*nmatch = 0;
	for (int i = 0; i < out->nverbs && vlen; i++) {
		const struct cmd_entry *e = out->verbs[i];
		if (same_name(e->verb, v) || has_alias(e->aliases, v, vlen, true)) {
			*nmatch = 1;
			return e;
		}
		if (begins_with(e->verb, v, vlen) || has_alias(e->aliases, v, vlen, false)) {
			match = e;
			++*nmatch;
		}
	}
	return match;
}

void cmd_lookup(int n, struct word *w, struct lookup *out)
{
	memset(out, 0, sizeof *out);
	const char *noun = find_noun(w[0].s, out);
	if (!noun)
		return;
	const char *v = n > 1 ? w[1].s : NULL;
	int nmatch;
	const struct cmd_entry *match = find_verb(out, v, &nmatch), *bare = out->bare;
	if (nmatch == 1) {
		out->result = LOOKUP_FOUND;
		out->e = match;
		out->used = 2;
		return;
	}
	if (bare) {
		out->result = LOOKUP_FOUND;
		out->e = bare;
		out->used = 1;
		return;
	}
	char verbs[256];
	cmd_lookup_verbs(out, verbs, sizeof verbs);
	if (nmatch > 1) {
		out->result = LOOKUP_AMBIGUOUS;
		snprintf(out->message, sizeof out->message, "%s: '%s' is ambiguous (verbs: %s)", noun, v, verbs);
	} else if (v) {
		out->result = LOOKUP_UNKNOWN;
		snprintf(out->message, sizeof out->message, "%s: unknown verb '%s' (usage: %s %s ...)", noun, v,
			 noun, verbs);
	} else {
		out->result = LOOKUP_NOUN_ONLY;
		snprintf(out->message, sizeof out->message, "%s: a verb is missing (usage: %s %s ...)", noun,
			 noun, verbs);
	}
}

void cmd_usage_error(struct cmd_ctx *c, const char *fmt, ...)
{
	struct buf b = { 0 };
	char name[64], usage[256];
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	out_error("%s: %s (%s)", cmd_name(c->e, name, sizeof name), b.data,
		  cmd_usage(c->e, usage, sizeof usage));
	buf_free(&b);
}

bool arg_int(struct cmd_ctx *c, int i, const char *what, long lo, long hi, long *out)
{
	const char *s = c->argv[i].s;
	char *end;
	errno = 0;
	long v = strtol(s, &end, 0);
	if (!*s || *end || errno == ERANGE || v < lo || v > hi) {
		cmd_usage_error(c, "'%s' is not a valid %s (%ld to %ld)", s, what, lo, hi);
		return false;
	}
	*out = v;
	return true;
}

bool arg_enum(struct cmd_ctx *c, int i, const char *choices, int *out)
{
	const char *w = c->argv[i].s;
	size_t n = strlen(w);
	int idx = 0;
	for (const char *a = choices; *a; idx++) {
		size_t len = strcspn(a, "|");
		if (len == n && strncmp(a, w, n) == 0) {
			*out = idx;
			return true;
		}
		a += len;
		if (*a == '|')
			a++;
	}
	cmd_usage_error(c, "'%s' is not one of %s", w, choices);
	return false;
}

int cmd_request(struct cmd_ctx *c, struct wbuild *w, proc_then_fn then, void *arg)
{
	bool starts_program = c->e->flags & (CMD_RUNS_PROGRAM | CMD_RUNS_SHELL);
	return proc_request(c->proc, w, starts_program, then, arg) < 0 ? CMD_FAIL : CMD_SENT;
}

int cmd_send(struct cmd_ctx *c, const struct worker_op *op, ...)
{
	struct wbuild w;
	proc_request_start(&w, op);
	va_list ap;
	va_start(ap, op);
	const char *s;
	while ((s = va_arg(ap, const char *)) && w.argc < WIRE_MAXARGS)
		wb_str(&w, s);
	va_end(ap);
	return cmd_request(c, &w, NULL, NULL);
}

/* Takes an optional leading object reference; fills c->obj.  False on error. */
static bool resolve_ref(struct cmd_ctx *c)
{
	int num = 0;
	enum obj_kind k = c->argc > 0 ? obj_parse_ref(c->argv[0].s, &num) : OBJ_NONE;
	if (k != OBJ_NONE) {
		if (k != c->e->ref) {
			cmd_usage_error(c, "%s is %s, not %s", c->argv[0].s, obj_kind_desc(k), obj_kind_desc(c->e->ref));
			return false;
		}
		c->obj = obj_find(k, num);
		if (!c->obj) {
			cmd_usage_error(c, "there is no %s", c->argv[0].s);
			return false;
		}
		c->argv++;
		c->argc--;
	} else {
		c->obj = obj_current(c->e->ref);
		if (!c->obj) {
			cmd_usage_error(c, "there is no %s yet (make one with '%s new')", obj_noun(c->e->ref),
					obj_noun(c->e->ref));
			return false;
		}
	}
	obj_set_current(c->obj);
	return true;
}

/* A NUL byte ("\x00") is refused in a command's name and in its arguments
 * (a C string would end there), except in the data a command writes. */
static bool no_nul_bytes(struct cmd_ctx *c, const struct word *name, int nname)
{
	for (int i = 0; i < nname; i++)
		if (word_has_nul(&name[i])) {
			cmd_usage_error(c, "a command name cannot hold a NUL byte");
			return false;
		}
	for (int i = 0; i < c->argc; i++)
		if (word_has_nul(&c->argv[i]) && !(c->e->flags & CMD_BYTES_LAST && i == c->argc - 1)) {
			cmd_usage_error(c, "argument %d cannot hold a NUL byte (only the data a command writes can)", i + 1);
			return false;
		}
	return true;
}

int cmd_dispatch(int n, struct word *w, struct proc *target, unsigned *flags)
{
	struct lookup lk;
	cmd_lookup(n, w, &lk);
	if (lk.result != LOOKUP_FOUND) {
		out_error("%s", lk.message);
		return CMD_FAIL;
	}
	*flags = lk.e->flags | CMD_FOUND;
	struct cmd_ctx c = { .e = lk.e, .proc = target, .argc = n - lk.used, .argv = w + lk.used };
	if (!no_nul_bytes(&c, w, lk.used))
		return CMD_FAIL;
	if (c.e->ref != OBJ_NONE && !resolve_ref(&c))
		return CMD_FAIL;
	if (c.argc < c.e->min) {
		cmd_usage_error(&c, "an argument is missing");
		return CMD_FAIL;
	}
	if (c.e->max >= 0 && c.argc > c.e->max) {
		cmd_usage_error(&c, "too many arguments");
		return CMD_FAIL;
	}
	if (c.e->flags & CMD_IN_PROC) {
		char why[512];
		if (!target) {
			out_error("no process can take the command");
			return CMD_FAIL;
		}
		if (!proc_ready(target, why, sizeof why)) {
			out_error("%s", why);
			return CMD_FAIL;
		}
	}
	return c.e->run(&c);
}
