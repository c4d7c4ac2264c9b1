/* complete.c - what Tab offers: nouns, verbs, object references, process
 * names, fd numbers, signal names, choices and paths. */
#include "complete.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <readline/readline.h>

#include "cmd.h"
#include "objtab.h"
#include "lessondir.h"
#include "proc.h"
#include "procfs.h"
#include "trace.h"
#include "tutor.h"
#include "worker.h"

struct cands {
	char **v;
	int n;
	const char *prefix;
};

static void add(struct cands *c, const char *s)
{
	if (strncmp(s, c->prefix, strlen(c->prefix)) != 0)
		return;
	for (int i = 0; i < c->n; i++)
		if (strcmp(c->v[i], s) == 0)
			return;
	c->v = xrealloc(c->v, sizeof *c->v * (size_t)(c->n + 2));
	c->v[c->n++] = xstrdup(s);
	c->v[c->n] = NULL;
}

static void add_sig(const char *name, void *arg)
{
	add(arg, name);
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

static void add_choices(struct cands *c, const char *choices)
{
	char buf[128];
	snprintf(buf, sizeof buf, "%s", choices);
	for (char *t = strtok(buf, "|"); t; t = strtok(NULL, "|"))
		add(c, t);
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

const char complete_letters[] = "fpsPlwoc-";

/* Candidates for argument ARG (0-based) of entry E. */
static void complete_arg(struct cands *c, const struct cmd_entry *e, int arg, int *files)
{
	if (e->ref != OBJ_NONE && arg == 0)
		add_refs(c, e->ref);
	const char *spec = e->complete ? e->complete : "";
	size_t len = strlen(spec);
	if (!len)
		return;
	char letter = spec[(size_t)arg < len ? (size_t)arg : len - 1];
	switch (letter) {
	case 'f': add_fds(c); break;
	case 'p': add_procs(c, ""); break;
	case 's': sig_each(add_sig, c); break;
	case 'P': *files = 1; break;
	case 'l': add_lessons(c); break;
	case 'w': add_choices(c, "read|write"); break;
	case 'o': add_choices(c, "on|off"); break;
	case 'c': FOR_EACH_CMD(x) add(c, x->noun); break;
	}
}

char **complete_candidates(const char *line, int pos, int *files)
{
	/* Only the last command of the line, split on blanks. */
	const char *start = line;
	for (int i = 0; i < pos; i++)
		if (line[i] == ';' || line[i] == '&')
			start = line + i + 1;
	char *copy = xstrndup(start, (size_t)(pos - (start - line)));
	char *words[64];
	int n = 0;
	for (char *t = strtok(copy, " \t"); t && n < 63; t = strtok(NULL, " \t"))
		words[n++] = t;
	bool fresh = pos == 0 || line[pos - 1] == ' ' || line[pos - 1] == '\t' || line[pos - 1] == ';' ||
		     line[pos - 1] == '&';
	struct cands c = { .prefix = fresh || n == 0 ? "" : words[n - 1] };
	int done = fresh ? n : n - 1;	/* complete words before the one being typed */
	int skip = (done > 0 && words[0][0] == '@') ? 1 : 0;
	*files = 0;
	if (done - skip == 0) {
		if (c.prefix[0] == '@')
			add_procs(&c, "@");
		else
			FOR_EACH_CMD(e) add(&c, e->noun);
		if (skip == 0 && start == line)
			add_choices(&c, tutor_choices());	/* a lesson's question waits */
	} else {
		struct word w[2] = { { words[skip], strlen(words[skip]), false },
				     { done - skip > 1 ? words[skip + 1] : (char *)"", 0, false } };
		w[1].len = strlen(w[1].s);
		int given = done - skip;
		if (given == 1) {
			FOR_EACH_CMD(e)
				if (strcmp(e->noun, words[skip]) == 0 && e->verb)
					add(&c, e->verb);
		}
		struct lookup lk;
		cmd_lookup(given >= 2 ? 2 : 1, w, &lk);
		if (lk.result == LOOKUP_FOUND && given >= lk.used)
			complete_arg(&c, lk.e, given - lk.used, files);
	}
	free(copy);
	if (!c.v) {
		c.v = xcalloc(1, sizeof *c.v);
	}
	return c.v;
}

void complete_free(char **v)
{
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}

bool complete_hint(const char *line, char *out, size_t size)
{
	size_t len = strlen(line);
	if (len == 0 || line[len - 1] != ' ' || strchr(line, ';') || strchr(line, '"') || strchr(line, '\''))
		return false;
	char *copy = xstrdup(line);
	struct word w[64];
	int n = 0;
	for (char *t = strtok(copy, " \t"); t && n < 64; t = strtok(NULL, " \t"))
		w[n++] = (struct word){ t, strlen(t), false };
	int skip = n > 0 && w[0].s[0] == '@';
	bool found = false;
	if (n - skip > 0) {
		struct lookup lk;
		cmd_lookup(n - skip, w + skip, &lk);
		if (lk.result == LOOKUP_FOUND && lk.e->args && *lk.e->args) {
			/* Drop the argument names already given. */
			const char *a = lk.e->args;
			for (int given = n - skip - lk.used; given > 0 && *a; given--) {
				a += strcspn(a, " ");
				a += strspn(a, " ");
			}
			if (*a) {
				snprintf(out, size, "%s", a);
				found = true;
			}
		} else if (lk.result == LOOKUP_NOUN_ONLY) {
			char verbs[256];
			snprintf(out, size, "%s", cmd_lookup_verbs(&lk, verbs, sizeof verbs));
			found = true;
		}
	}
	free(copy);
	return found;
}

static char **ipcsh_complete(const char *text, int start, int end)
{
	(void)start;
	int files = 0;
	char **v = complete_candidates(rl_line_buffer, end, &files);
	rl_attempted_completion_over = !files;
	if (!v[0]) {
		free(v);
		return NULL;
	}
	/* readline wants the common prefix first. */
	int n = 0;
	while (v[n])
		n++;
	char **out = xcalloc((size_t)n + 2, sizeof *out);
	size_t common = strlen(v[0]);
	for (int i = 1; i < n; i++) {
		size_t k = 0;
		while (k < common && v[i][k] == v[0][k])
			k++;
		common = k;
	}
	out[0] = n == 1 ? xstrdup(v[0]) : xstrndup(v[0], common);
	if (strlen(out[0]) < strlen(text)) {
		free(out[0]);
		out[0] = xstrdup(text);
	}
	for (int i = 0; i < n; i++)
		out[i + 1] = n == 1 ? NULL : v[i];
	if (n == 1)
		free(v[0]);
	free(v);
	return out;
}

void complete_setup(void)
{
	rl_attempted_completion_function = ipcsh_complete;
	rl_completer_word_break_characters = " \t;";
}
