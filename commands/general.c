/* general.c - help (commands, families, topics), apropos, settle, restart
 * and quit.
 *
 * Help is read from the families' command tables, so it cannot drift from
 * what the dispatcher accepts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "callerrs.h"
#include "cmd.h"
#include "loop.h"
#include "out.h"
#include "proc.h"
#include "session.h"
#include "settings.h"
#include "table.h"
#include "topics.h"
#include "tutor.h"

/* Help's lists: a table of usages and summaries, made as rows come. */
struct list {
	struct table *t;
};

enum { USAGE_WIDTH = 34 };	/* the usage column, in every list alike; longer ones wrap */

static void list_row(struct list *l, const char *usage, const char *summary)
{
	if (!l->t) {
		l->t = table_new("help", "USAGE", "SUMMARY~", NULL);
		table_indent(l->t, 2);
		table_column_width(l->t, 0, USAGE_WIDTH);
	}
	table_row(l->t, usage, summary, NULL);
}

static void list_cmd(struct list *l, const struct cmd_entry *e)
{
	char name[64];
	cmd_name(e, name, sizeof name);
	struct buf u = { 0 };
	buf_printf(&u, "%s%s%s", name, e->args && *e->args ? " " : "", e->args ? e->args : "");
	list_row(l, u.data, e->summary);
	buf_free(&u);
}

static void list_topic(struct list *l, const struct topic *t)
{
	char name[48];
	snprintf(name, sizeof name, "help %s", t->name);
	list_row(l, name, t->title);
}

/* Appends the list's lines to B, each with its newline; the list is spent. */
static void list_end(struct list *l, struct buf *b)
{
	if (!l->t)
		return;
	struct table_opts o = { .noheadings = true };
	char *text = table_render(l->t, &o);
	/* no blanks at the ends of lines (a usage's further lines have no summary) */
	for (char *line = text, *end; *line; line = *end ? end + 1 : end) {
		end = line + strcspn(line, "\n");
		size_t n = (size_t)(end - line);
		while (n && line[n - 1] == ' ')
			n--;
		buf_printf(b, "%.*s\n", (int)n, line);
	}
	free(text);
	l->t = NULL;
}

/* A family's heading and its commands, into B. */
static void family_block(const struct family *f, struct buf *b)
{
	buf_printf(b, "%s - %s\n", f->name, f->summary);
	struct list l = { 0 };
	for (int i = 0; i < f->ncmds; i++)
		list_cmd(&l, &f->cmds[i]);
	list_end(&l, b);
}

static void help_overview(void)
{
	struct buf b = { 0 };
	buf_addstr(&b, "Commands, by family ('help NOUN' or 'help NOUN VERB' for more):\n");
	FOR_EACH_FAMILY(f) {
		buf_addch(&b, '\n');
		family_block(f, &b);
	}
	struct list l = { 0 };
	buf_addstr(&b, "\nTopics ('help TOPIC'):\n");
	for (int i = 0; i < topic_count; i++)
		list_topic(&l, &topics[i]);
	list_end(&l, &b);
	b.data[b.len - 1] = '\0';
	out_text(b.data);
	buf_free(&b);
}

static void help_entry(const struct cmd_entry *e)
{
	struct buf b = { 0 };
	char usage[256];
	buf_printf(&b, "%s\n  %s\n", cmd_usage(e, usage, sizeof usage), e->summary);
	if (e->aliases && *e->aliases)
		buf_printf(&b, "  also: %s\n", e->aliases);
	if (e->ref != OBJ_NONE)
		buf_printf(&b, "  REF is a %s handle such as %s1; without it, the current %s\n",
			   obj_noun(e->ref), obj_noun(e->ref), obj_noun(e->ref));
	buf_printf(&b, "  C:       %s\n  see:     %s\n", e->calls, e->man);
	struct buf errs = { 0 }, sigs = { 0 };
	callerrs_of(e->calls, &errs, &sigs);
	if (errs.len)
		buf_printf(&b, "  errors:  %s\n", errs.data);
	if (sigs.len)
		buf_printf(&b, "  signals: %s\n", sigs.data);
	buf_free(&errs);
	buf_free(&sigs);
	buf_printf(&b, "  example: %s", e->example);
	out_text(b.data);
	buf_free(&b);
}

/* 'help process': a family's commands, as the overview lists them, into B. */
static void family_text(const char *name, struct buf *b)
{
	FOR_EACH_FAMILY(f)
		if (strcmp(f->name, name) == 0)
			family_block(f, b);
}

static int general_help(struct cmd_ctx *c)
{
	if (c->argc == 0) {
		help_overview();
		return CMD_OK;
	}
	struct lookup lk;
	cmd_lookup(c->argc, c->argv, &lk);
	if (lk.result == LOOKUP_FOUND && (lk.used == c->argc || !lk.e->verb)) {
		/* 'help lesson': the bare command in full, then its noun's verbs. */
		help_entry(lk.e);
		struct buf b = { 0 };
		struct list l = { 0 };
		if (lk.used == 1 && c->argc == 1)
			FOR_EACH_CMD(e)
				if (strcmp(e->noun, lk.e->noun) == 0 && e->verb)
					list_cmd(&l, e);
		list_end(&l, &b);
		if (b.len) {
			b.data[b.len - 1] = '\0';
			out_printf("also:\n%s", b.data);
		}
		buf_free(&b);
		return CMD_OK;
	}
	if (lk.result == LOOKUP_NOUN_ONLY) {
		struct buf b = { 0 };
		struct list l = { 0 };
		FOR_EACH_CMD(e)
			if (strcmp(e->noun, c->argv[0].s) == 0 || strncmp(e->noun, c->argv[0].s, strlen(c->argv[0].s)) == 0)
				list_cmd(&l, e);
		list_end(&l, &b);
		b.data[b.len - 1] = '\0';
		out_text(b.data);
		buf_free(&b);
		return CMD_OK;
	}
	/* A family, a topic, or both when they share a name ('help settings'). */
	struct buf b = { 0 };
	const struct topic *t = c->argc == 1 ? topic_find(c->argv[0].s) : NULL;
	if (c->argc == 1)
		family_text(c->argv[0].s, &b);
	if (t) {
		buf_addstr(&b, b.len ? "\n" : "");
		topic_text(t, &b);
	} else if (b.len)
		b.data[--b.len] = '\0';
	if (b.len)
		out_text(b.data);
	bool found = b.len > 0;
	buf_free(&b);
	if (found)
		return CMD_OK;
	out_error("help: %s", lk.message[0] ? lk.message : "no such command");
	return CMD_FAIL;
}

/* Whether WORD occurs in E's name, summary, calls, man pages, or the
 * errors and signals its calls can bring. */
static bool entry_mentions(const struct cmd_entry *e, const char *w)
{
	char name[64];
	cmd_name(e, name, sizeof name);
	if (strcasestr(name, w) || strcasestr(e->summary, w) || (e->calls && strcasestr(e->calls, w)) ||
	    (e->man && strcasestr(e->man, w)))
		return true;
	struct buf errs = { 0 }, sigs = { 0 };
	callerrs_of(e->calls, &errs, &sigs);
	bool found = (errs.len && strcasestr(errs.data, w)) || (sigs.len && strcasestr(sigs.data, w));
	buf_free(&errs);
	buf_free(&sigs);
	return found;
}

static int general_apropos(struct cmd_ctx *c)
{
	struct buf b = { 0 };
	const char *w = c->argv[0].s;
	struct list l = { 0 };
	FOR_EACH_CMD(e)
		if (entry_mentions(e, w))
			list_cmd(&l, e);
	for (int i = 0; i < topic_count; i++)
		if (topic_mentions(&topics[i], w))
			list_topic(&l, &topics[i]);
	list_end(&l, &b);
	if (!b.len) {
		out_error("apropos: nothing about '%s'", w);
		return CMD_FAIL;
	}
	b.data[b.len - 1] = '\0';
	out_text(b.data);
	buf_free(&b);
	return CMD_OK;
}

static bool any_program_running(void)
{
	for (int i = 1; i <= proc_count(); i++)
		if (proc_get(i)->state == PS_EXECED && !proc_get(i)->dead)
			return true;
	return false;
}

/* "2", "0.5" or ".25" seconds, at most 3600, as milliseconds; -1 if it is not one. */
static long parse_seconds(const char *s)
{
	long ms = 0, scale = 1000;
	const char *p = s;
	for (; *p >= '0' && *p <= '9' && ms <= 3600000; p++)
		ms = ms * 10 + (*p - '0') * 1000;
	bool whole = p > s;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++, whole = true)
			if ((scale /= 10) > 0)
				ms += (*p - '0') * scale;
	return whole && !*p && ms <= 3600000 ? ms : -1;
}

static int general_settle(struct cmd_ctx *c)
{
	long ms = c->argc ? parse_seconds(c->argv[0].s) : 0;
	if (ms < 0) {
		cmd_usage_error(c, "'%s' is not a number of seconds (0 to 3600, such as 2 or 0.5)", c->argv[0].s);
		return CMD_FAIL;
	}
	struct timespec now, end;
	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += ms / 1000;
	end.tv_nsec += ms % 1000 * 1000000;
	if (end.tv_nsec >= 1000000000) {
		end.tv_sec++;
		end.tv_nsec -= 1000000000;
	}
	for (;;) {
		loop_settle();
		clock_gettime(CLOCK_MONOTONIC, &now);
		long left = (end.tv_sec - now.tv_sec) * 1000 + (end.tv_nsec - now.tv_nsec) / 1000000;
		if (left <= 0 || !any_program_running() || loop_quitting())
			break;
		loop_pump(left < 50 ? (int)left : 50);
	}
	return CMD_OK;
}

static int general_quit(struct cmd_ctx *c)
{
	long code = ses.last_status;
	if (c->argc && !arg_int(c, 0, "exit status", 0, 255, &code))
		return CMD_FAIL;
	loop_quit((int)code);
	return CMD_OK;
}

/* In a lesson, the current step's state is rebuilt on the fresh p1. */
static int general_restart(struct cmd_ctx *c)
{
	int failed = tutor_active() ? tutor_rebuild(-1) : session_restart();
	return failed ? CMD_FAIL : CMD_OK;
}

static const struct cmd_entry general_cmds[] = {
	{
		.noun = "help",
		.args = "[NOUN [VERB] | FAMILY | TOPIC]", .max = 2,
		.flags = CMD_NO_CHECK,
		.summary = "show the commands; a command's usage, C calls, errors, man pages and an example; a family's commands; or a topic",
		.calls = "-",
		.man = "ipcsh(1)",
		.example = "help pipe write",
		.complete = "c",
		.run = general_help,
	},
	{
		.noun = "apropos",
		.args = "WORD", .min = 1, .max = 1,
		.flags = CMD_NO_CHECK,
		.summary = "list the commands whose name, summary, C calls, errors or signals mention WORD, and the help topics that do",
		.calls = "-",
		.man = "ipcsh(1)",
		.example = "apropos dup2",
		.complete = "-",
		.run = general_apropos,
	},
	{
		.noun = "settle",
		.args = "[SECONDS]", .max = 1,
		.flags = CMD_NO_CHECK,
		.summary = "wait until no process is still running a command (blocked ones stay blocked); "
			  "with SECONDS (such as 2 or 0.5), also wait that long for exec'd programs to end",
		.calls = "-",
		.man = "ipcsh(1)",
		.example = "settle 1",
		.complete = "-",
		.run = general_settle,
	},
	{
		.noun = "restart",
		.flags = CMD_NO_CHECK,
		.summary = "end every process of the session (its pipes go with them) and start afresh with a new p1",
		.calls = "kill(pid, SIGKILL); waitpid(pid, &status, 0);",
		.man = "kill(2), wait(2)",
		.example = "restart",
		.complete = "-",
		.run = general_restart,
	},
	{
		.noun = "quit",
		.args = "[STATUS]", .max = 1,
		.flags = CMD_NO_CHECK,
		.summary = "leave ipcsh: every process of the session is ended and reaped",
		.calls = "-",
		.man = "ipcsh(1)",
		.example = "quit",
		.complete = "-",
		.run = general_quit,
	},
};

const struct family family_general = {
	.name = "general",
	.summary = "help, settle, restart and quit",
	.rank = 70,
	.cmds = general_cmds,
	.ncmds = COUNT(general_cmds),
};
