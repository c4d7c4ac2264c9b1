/* complete.c - what Tab offers: nouns, verbs, object references, process
 * names, fd numbers, signal names, settings, table options, choices and
 * paths; and the argument hint shown in grey while typing.  Words are split
 * by the lexer (lex_partial), as the line will be when it runs. */
#include "complete.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <readline/readline.h>

#include "cmd.h"
#include "lessondir.h"
#include "objtab.h"
#include "proc.h"
#include "procfs.h"
#include "settings.h"
#include "trace.h"
#include "topics.h"
#include "tutor.h"
#include "worker.h"

/* The options every table takes (src/table.c), as util-linux's lsipc and
 * lsfd spell them; offered for the commands whose letters hold 'T'. */
static const char *const table_options[] = {
	"-J", "--json", "-r", "--raw", "-n", "--noheadings", "-o", "--output", NULL,
};

struct cands {
	char **v;
	int n;
	const char *prefix;
	bool fold;		/* completion-ignore-case is on */
};

static bool has_prefix(const struct cands *c, const char *s)
{
	size_t n = strlen(c->prefix);
	return (c->fold ? strncasecmp(s, c->prefix, n) : strncmp(s, c->prefix, n)) == 0;
}

static void add(struct cands *c, const char *s)
{
	if (!has_prefix(c, s))
		return;
	for (int i = 0; i < c->n; i++)
		if (strcmp(c->v[i], s) == 0)
			return;
	c->v = xrealloc(c->v, sizeof *c->v * (size_t)(c->n + 2));
	c->v[c->n++] = xstrdup(s);
	c->v[c->n] = NULL;
}

/* readline's completion-ignore-case, set in the user's inputrc. */
static bool ignore_case(void)
{
	const char *v = rl_variable_value("completion-ignore-case");
	return v && strcmp(v, "on") == 0;
}

/* kill takes "SIGUSR1" or "USR1": a typed word offers the form it begins. */
static void add_sig(const char *name, void *arg)
{
	struct cands *c = arg;
	add(c, name);
	if (*c->prefix && strncmp(name, "SIG", 3) == 0)
		add(c, name + 3);
}

static void add_procs(struct cands *c, const char *pre)
{
	char s[32];
	for (int i = 1; i <= proc_count(); i++) {
		if (proc_get(i)->dead)
			continue;
		snprintf(s, sizeof s, "%sp%d", pre, i);
		add(c, s);
	}
}

static void add_fds(struct cands *c)
{
	struct proc *p = proc_current();
	struct fdent *fds;
	int n = p && !p->dead ? procfs_fds(p->pid, &fds) : -1;
	char s[16];
	for (int i = 0; i < n; i++) {
		if (fds[i].fd == worker_ctl_fd())
			continue;
		snprintf(s, sizeof s, "%d", fds[i].fd);
		add(c, s);
	}
	if (n > 0)
		free(fds);
}

static void add_refs(struct cands *c, enum obj_kind k)
{
	for (struct object *o = obj_first(); o; o = o->next)
		if (o->kind == k && !o->gone)
			add(c, o->handle);
}

/* CHOICES is "a|b|c". */
static void add_choices(struct cands *c, const char *choices)
{
	while (*choices) {
		size_t n = strcspn(choices, "|");
		char *one = xstrndup(choices, n);
		if (n)
			add(c, one);
		free(one);
		choices += n + (choices[n] == '|');
	}
}

static void add_list(struct cands *c, const char *const *list)
{
	for (; *list; list++)
		add(c, *list);
}

/* The lesson names, from every directory lessons are found in. */
static void add_lessons(struct cands *c)
{
	char *dirs[LESSON_DIRS_MAX];
	int n = lesson_dirs(dirs, LESSON_DIRS_MAX);
	for (int i = 0; i < n; i++) {
		DIR *d = opendir(dirs[i]);
		struct dirent *de;
		while (d && (de = readdir(d))) {
			size_t len = strlen(de->d_name);
			if (len > 7 && strcmp(de->d_name + len - 7, ".lesson") == 0) {
				de->d_name[len - 7] = '\0';
				add(c, de->d_name);
			}
		}
		if (d)
			closedir(d);
		free(dirs[i]);
	}
}

static void add_settings(struct cands *c)
{
	for (int i = 0; i < setting_count; i++)
		add(c, setting_table[i].name);
}

/* The verbs of the noun WORD names (exactly or by a unique prefix). */
static void add_verbs(struct cands *c, struct word *word)
{
	struct lookup lk;
	cmd_lookup(1, word, &lk);
	if (lk.noun)
		for (int i = 0; i < lk.nverbs; i++)
			add(c, lk.verbs[i]->verb);
}

/* help's arguments: what it can explain, then the verbs of the noun given.
 * Help topics other than commands belong in the first case. */
static void add_help_subjects(struct cands *c, struct word *args, int nargs)
{
	if (nargs == 0) {
		FOR_EACH_CMD(e) add(c, e->noun);
		FOR_EACH_FAMILY(f) add(c, f->name);
		for (int i = 0; i < topic_count; i++)
			add(c, topics[i].name);
	} else if (nargs == 1)
		add_verbs(c, args);
}

const char complete_letters[] = "fpsPlwocST-";

/* What Tab found for the word before the cursor. */
struct tab {
	struct cands c;
	bool paths;		/* the word is a path, relative to PROC's directory */
	struct proc *proc;	/* the process the command runs in, if known */
};

static bool takes_columns(const char *option)
{
	return strcmp(option, "-o") == 0 || strcmp(option, "--output") == 0;
}

/* Candidates for the argument after ARGS (NARGS words) of entry E. */
static void complete_arg(struct tab *t, const struct cmd_entry *e, struct word *args, int nargs)
{
	struct cands *c = &t->c;
	const char *spec = e->complete ? e->complete : "";
	if (strchr(spec, 'T')) {
		/* Options go anywhere and hold no place; -o's column list is free text. */
		if (nargs > 0 && takes_columns(args[nargs - 1].s))
			return;
		if (c->prefix[0] == '-') {
			add_list(c, table_options);
			return;
		}
		int places = 0;
		for (int i = 0; i < nargs; i++)
			places += args[i].s[0] != '-';
		nargs = places;
	}
	if (e->ref != OBJ_NONE && nargs == 0)
		add_refs(c, e->ref);
	size_t len = strlen(spec);
	if (!len)
		return;
	switch (spec[(size_t)nargs < len ? (size_t)nargs : len - 1]) {
	case 'f': add_fds(c); break;
	case 'p': add_procs(c, ""); break;
	case 's': sig_each(add_sig, c); break;
	case 'P': t->paths = true; break;
	case 'l': add_lessons(c); break;
	case 'w': add_choices(c, "read|write"); break;
	case 'o': add_choices(c, "on|off"); break;
	case 'c': add_help_subjects(c, args, nargs); break;
	case 'S': add_settings(c); break;
	case 'T': add_list(c, table_options); break;
	}
}

/* Candidates for the word after the command's first GIVEN words W. */
static void complete_words(struct tab *t, struct word *w, int given)
{
	struct lookup lk;
	cmd_lookup(given >= 2 ? 2 : 1, w, &lk);
	if (given == 1)
		add_verbs(&t->c, w);
	if (lk.result == LOOKUP_FOUND && given >= lk.used)
		complete_arg(t, lk.e, w + lk.used, given - lk.used);
}

static void tab_find(struct tab *t, const char *line, int pos)
{
	struct lex_partial lp;
	lex_partial(line, (size_t)pos, &lp);
	memset(t, 0, sizeof *t);
	t->c.fold = ignore_case();
	t->c.prefix = lp.in_word ? lp.w[lp.n - 1].s : "";
	int given = lp.in_word ? lp.n - 1 : lp.n;	/* words before the one being typed */
	int skip = given > 0 && lp.w[0].s[0] == '@';
	t->proc = skip ? proc_parse(lp.w[0].s) : proc_current();
	if (lp.comment) {
		/* nothing completes in a comment */
	} else if (given == skip && t->c.prefix[0] == '@' && !skip) {
		add_procs(&t->c, "@");
	} else if (given == skip) {
		FOR_EACH_CMD(e) add(&t->c, e->noun);
		if (!skip && lp.first)
			add_choices(&t->c, tutor_choices());	/* a lesson's question waits */
	} else {
		complete_words(t, lp.w + skip, given - skip);
	}
	/* The prefix points into LP: no use for it after this. */
	t->c.prefix = "";
	lex_partial_free(&lp);
	if (!t->c.v)
		t->c.v = xcalloc(1, sizeof *t->c.v);
}

char **complete_candidates(const char *line, int pos, int *files)
{
	struct tab t;
	tab_find(&t, line, pos);
	*files = t.paths;
	return t.c.v;
}

void complete_free(char **v)
{
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}

/* ARGS ("[REF] TEXT") without its first GIVEN names, into OUT.  A group
 * opened in a name dropped closes in what is left: that ']' goes too, so
 * "[NOUN [VERB]]" less one name is "[VERB]".  Alternatives (" | ") are for
 * the first word: "[NOUN [VERB] | TOPIC]" less one name is "[VERB]" too. */
static bool args_left(const char *args, int given, char *out, size_t size)
{
	const char *a = args, *end = NULL;
	if (given > 0)
		end = strstr(args, " | ");
	int open = 0;
	for (; given > 0 && *a; given--) {
		size_t n = strcspn(a, " ");
		for (size_t i = 0; i < n; i++)
			open += (a[i] == '[') - (a[i] == ']');
		a += n;
		a += strspn(a, " ");
	}
	if (!end)
		end = a + strlen(a);
	if (a >= end || size == 0)
		return false;
	size_t o = 0;
	int depth = 0;
	for (; a < end && o + 1 < size; a++) {
		depth += (*a == '[') - (*a == ']');
		if (depth < 0 && open > 0) {
			depth = 0;
			open--;
			continue;
		}
		out[o++] = *a;
	}
	out[o] = '\0';
	return o > 0;
}

/* The hint for the command W (N words, all typed: the cursor is after a blank). */
static bool hint_for(struct word *w, int n, char *out, size_t size)
{
	int skip = n > 0 && w[0].s[0] == '@';
	if (n - skip <= 0)
		return false;
	struct lookup lk;
	cmd_lookup(n - skip, w + skip, &lk);
	if (lk.result == LOOKUP_FOUND && lk.e->args && *lk.e->args) {
		int given = n - skip - lk.used, num;
		/* An optional reference not given: its name goes with the first argument. */
		if (given > 0 && lk.e->ref != OBJ_NONE && strncmp(lk.e->args, "[REF] ", 6) == 0 &&
		    obj_parse_ref(w[skip + lk.used].s, &num) == OBJ_NONE)
			given++;
		return args_left(lk.e->args, given, out, size);
	}
	if (lk.result == LOOKUP_NOUN_ONLY) {
		char verbs[256];
		snprintf(out, size, "%s", cmd_lookup_verbs(&lk, verbs, sizeof verbs));
		return true;
	}
	return false;
}

bool complete_hint(const char *line, char *out, size_t size)
{
	struct lex_partial lp;
	lex_partial(line, strlen(line), &lp);
	bool found = !lp.in_word && !lp.comment && lp.n > 0 && hint_for(lp.w, lp.n, out, size);
	lex_partial_free(&lp);
	return found;
}

/* ---- readline's side ---- */

/* Paths complete in the directory of the process the command runs in, not
 * ipcsh's (after 'cd /usr' in p1, 'cd <Tab>' lists /usr).  A relative path
 * is looked up under "/proc/PID/cwd/", which is taken off what is found, so
 * what is inserted stays as the user typed it. */
static char *path_base;

static void set_path_base(struct proc *p)
{
	free(path_base);
	path_base = NULL;
	if (p && !p->dead) {
		struct buf b = { 0 };
		buf_printf(&b, "/proc/%d/cwd/", (int)p->pid);
		path_base = buf_take(&b);
	}
}

static bool relative(const char *path)
{
	return path_base && path[0] != '/' && path[0] != '~';
}

static char *path_entry(const char *text, int state)
{
	if (!relative(text))
		return rl_filename_completion_function(text, state);
	struct buf b = { 0 };
	buf_printf(&b, "%s%s", path_base, text);
	char *m = rl_filename_completion_function(b.data, state);
	buf_free(&b);
	size_t n = strlen(path_base);
	if (m && strncmp(m, path_base, n) == 0)
		memmove(m, m + n, strlen(m + n) + 1);
	return m;
}

/* readline stats a match to mark directories with '/': in the same place. */
static int path_stat(char **name)
{
	if (!relative(*name))
		return 0;
	struct buf b = { 0 };
	buf_printf(&b, "%s%s", path_base, *name);
	free(*name);
	*name = buf_take(&b);
	return 1;
}

/* The word TEXT (which follows QUOTE, when readline found an open quote)
 * as the lexer reads it. */
static char *dequote(char *text, int quote)
{
	struct buf b = { 0 };
	if (quote)
		buf_addch(&b, (char)quote);
	buf_addstr(&b, text);
	struct lex_partial lp;
	lex_partial(b.data, b.len, &lp);
	char *s = xstrdup(lp.in_word ? lp.w[lp.n - 1].s : "");
	lex_partial_free(&lp);
	buf_free(&b);
	return s;
}

/* A path that needs quoting, for the lexer: in single quotes while nothing
 * stops them (a quote inside), else in double quotes with lex_quote's
 * escapes.  The closing quote is readline's to add once the match is whole. */
static char *quote_path(char *text, int match_type, char *quote)
{
	struct buf b = { 0 };
	if (*quote == '\'' && !strchr(text, '\'')) {
		buf_printf(&b, "'%s", text);
		return buf_take(&b);
	}
	*quote = '"';
	lex_quote(&b, text);
	b.data[--b.len] = '\0';
	return buf_take(&b);
}

/* Is LINE[INDEX] inside quotes or escaped, so that it splits no word? */
static int char_is_quoted(char *line, int index)
{
	struct lex_partial lp;
	lex_partial(line, (size_t)index, &lp);
	bool quoted = lp.quote || lp.escape;
	lex_partial_free(&lp);
	return quoted;
}

/* readline replaces TEXT, from START; the word began at the lexer's idea of
 * it, earlier when a quote opened inside it (p"i): that part stays, so it is
 * taken off the front of each candidate (those it does not begin go). */
static void drop_lead(char **v, const char *line, int start, bool fold)
{
	struct lex_partial lp;
	lex_partial(line, (size_t)start, &lp);
	const char *lead = lp.in_word ? lp.w[lp.n - 1].s : "";
	size_t n = strlen(lead);
	char **out = v;
	for (char **p = v; *p; p++) {
		if ((fold ? strncasecmp(*p, lead, n) : strncmp(*p, lead, n)) == 0) {
			memmove(*p, *p + n, strlen(*p + n) + 1);
			*out++ = *p;
		} else {
			free(*p);
		}
	}
	*out = NULL;
	lex_partial_free(&lp);
}

/* V as readline wants it: the common prefix first, then the candidates. */
static char **readline_matches(char **v, const char *text)
{
	int n = 0;
	while (v[n])
		n++;
	if (n == 0) {
		free(v);
		return NULL;
	}
	char **out = xcalloc((size_t)n + 2, sizeof *out);
	size_t common = strlen(v[0]);
	for (int i = 1; i < n; i++) {
		size_t k = 0;
		while (k < common && v[i][k] == v[0][k])
			k++;
		common = k;
	}
	out[0] = xstrndup(v[0], common);
	if (strlen(out[0]) < strlen(text)) {
		free(out[0]);
		out[0] = xstrdup(text);
	}
	for (int i = 0; n > 1 && i < n; i++)
		out[i + 1] = v[i];
	if (n == 1)
		free(v[0]);
	free(v);
	return out;
}

static char **ipcsh_complete(const char *text, int start, int end)
{
	struct tab t;
	tab_find(&t, rl_line_buffer, end);
	rl_attempted_completion_over = 1;
	if (t.paths) {
		complete_free(t.c.v);
		set_path_base(t.proc);
		return rl_completion_matches(text, path_entry);
	}
	drop_lead(t.c.v, rl_line_buffer, start, t.c.fold);
	return readline_matches(t.c.v, text);
}

void complete_setup(void)
{
	rl_attempted_completion_function = ipcsh_complete;
	/* The lexer's word breaks and quotes (src/lexer.c). */
	rl_completer_word_break_characters = " \t\n;&";
	rl_completer_quote_characters = "'\"";
	rl_filename_quote_characters = " \t\n;&#'\"\\";
	rl_char_is_quoted_p = char_is_quoted;
	rl_filename_quoting_function = quote_path;
	rl_filename_dequoting_function = dequote;
	rl_filename_stat_hook = path_stat;
}
