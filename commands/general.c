/* general.c - help, apropos, trace, set, show, settle and quit.
 *
 * Help is read from the families' command tables, so it cannot drift from
 * what the dispatcher accepts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cmd.h"
#include "loop.h"
#include "out.h"
#include "proc.h"
#include "session.h"
#include "settings.h"
#include "tutor.h"

static void usage_line(struct buf *b, const struct cmd_entry *e)
{
	char name[64];
	cmd_name(e, name, sizeof name);
	struct buf u = { 0 };
	buf_printf(&u, "%s%s%s", name, e->args && *e->args ? " " : "", e->args ? e->args : "");
	/* two spaces at least between usage and summary: tests/man reads them apart */
	buf_printf(b, "  %-34s%s%s\n", u.data, u.len >= 34 ? "  " : " ", e->summary);
	buf_free(&u);
}

static void help_overview(void)
{
	struct buf b = { 0 };
	buf_addstr(&b, "Commands, by family ('help NOUN' or 'help NOUN VERB' for more):\n");
	FOR_EACH_FAMILY(f) {
		buf_printf(&b, "\n%s - %s\n", f->name, f->summary);
		for (int i = 0; i < f->ncmds; i++)
			usage_line(&b, &f->cmds[i]);
	}
	buf_addstr(&b, "\nIn any command: @pN CMD runs CMD in process pN; @pN alone switches to pN.\n"
		       "Quote with \"...\" (escapes \\n \\t \\\\ \\\" \\' \\xHH) or '...' (literal); in bare words\n"
		       "\\ (space), \\;, \\& and \\# escape too.  ';' or a newline separates commands; '#' starts a comment.\n"
		       "CMD & CMD runs the second without waiting for the first (two processes at once).");
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
	buf_printf(&b, "  C:       %s\n  see:     %s\n  example: %s", e->calls, e->man, e->example);
	out_text(b.data);
	buf_free(&b);
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
		if (lk.used == 1 && c->argc == 1)
			FOR_EACH_CMD(e)
				if (strcmp(e->noun, lk.e->noun) == 0 && e->verb)
					usage_line(&b, e);
		if (b.len) {
			b.data[b.len - 1] = '\0';
			out_printf("also:\n%s", b.data);
		}
		buf_free(&b);
		return CMD_OK;
	}
	if (lk.result == LOOKUP_NOUN_ONLY) {
		struct buf b = { 0 };
		FOR_EACH_CMD(e)
			if (strcmp(e->noun, c->argv[0].s) == 0 || strncmp(e->noun, c->argv[0].s, strlen(c->argv[0].s)) == 0)
				usage_line(&b, e);
		b.data[b.len - 1] = '\0';
		out_text(b.data);
		buf_free(&b);
		return CMD_OK;
	}
	out_error("help: %s", lk.message[0] ? lk.message : "no such command");
	return CMD_FAIL;
}

static int general_apropos(struct cmd_ctx *c)
{
	struct buf b = { 0 };
	const char *w = c->argv[0].s;
	FOR_EACH_CMD(e) {
		char name[64];
		cmd_name(e, name, sizeof name);
		if (strcasestr(name, w) || strcasestr(e->summary, w) || (e->calls && strcasestr(e->calls, w)) ||
		    (e->man && strcasestr(e->man, w)))
			usage_line(&b, e);
	}
	if (!b.len) {
		out_error("apropos: nothing about '%s'", w);
		return CMD_FAIL;
	}
	b.data[b.len - 1] = '\0';
	out_text(b.data);
	buf_free(&b);
	return CMD_OK;
}

static int general_set(struct cmd_ctx *c)
{
	const struct setting *s = setting_find(c->argv[0].s);
	if (!s) {
		cmd_usage_error(c, "no setting '%s' (settings: trace color hints mask)", c->argv[0].s);
		return CMD_FAIL;
	}
	int on;
	c->argv++;
	c->argc--;
	if (!arg_enum(c, 0, "on|off", &on))
		return CMD_FAIL;
	*s->value = on == 0;
	return CMD_OK;
}

static int general_trace(struct cmd_ctx *c)
{
	int on;
	if (c->argc == 0) {
		out_printf("trace is %s", settings.trace ? "on" : "off");
		return CMD_OK;
	}
	if (!arg_enum(c, 0, "on|off", &on))
		return CMD_FAIL;
	settings.trace = on == 0;
	return CMD_OK;
}

static int general_show(struct cmd_ctx *c)
{
	if (c->argc == 0 && tutor_active()) {
		tutor_show();	/* in a lesson, 'show' shows the step's C code */
		return CMD_OK;
	}
	struct buf b = { 0 };
	for (int i = 0; i < setting_count; i++) {
		if (c->argc && strcmp(c->argv[0].s, setting_table[i].name) != 0)
			continue;
		buf_printf(&b, "%s%-6s %-3s  %s", b.len ? "\n" : "", setting_table[i].name,
			   *setting_table[i].value ? "on" : "off", setting_table[i].what);
	}
	if (!b.len) {
		cmd_usage_error(c, "no setting '%s'", c->argv[0].s);
		return CMD_FAIL;
	}
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

static int general_settle(struct cmd_ctx *c)
{
	long secs = 0;
	if (c->argc && !arg_int(c, 0, "number of seconds", 0, 3600, &secs))
		return CMD_FAIL;
	struct timespec now, end;
	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += secs;
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
		.args = "[NOUN [VERB]]", .max = 2,
		.flags = CMD_NO_CHECK,
		.summary = "show the commands, or one command's usage, C calls, man pages and an example",
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
		.summary = "list the commands whose name, summary or C calls mention WORD",
		.calls = "-",
		.man = "ipcsh(1)",
		.example = "apropos dup2",
		.complete = "-",
		.run = general_apropos,
	},
	{
		.noun = "trace",
		.args = "[on|off]", .max = 1,
		.flags = CMD_NO_CHECK,
		.summary = "show or hide the C call line printed for every operation",
		.calls = "-",
		.man = "ipcsh(1)",
		.example = "trace off",
		.complete = "o",
		.run = general_trace,
	},
	{
		.noun = "set",
		.args = "NAME on|off", .min = 2, .max = 2,
		.flags = CMD_NO_CHECK,
		.summary = "change a setting: trace, color, hints, mask",
		.calls = "-",
		.man = "ipcsh(1)",
		.example = "set trace off",
		.complete = "So",
		.run = general_set,
	},
	{
		.noun = "show",
		.args = "[NAME]", .max = 1,
		.flags = CMD_NO_CHECK,
		.summary = "show the settings; in a lesson, with no NAME, the current step's C code",
		.calls = "-",
		.man = "ipcsh(1)",
		.example = "show",
		.complete = "S-",
		.run = general_show,
	},
	{
		.noun = "settle",
		.args = "[SECONDS]", .max = 1,
		.flags = CMD_NO_CHECK,
		.summary = "wait until no process is still running a command (blocked ones stay blocked); "
			  "with SECONDS, also wait that long for exec'd programs to end",
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
	.summary = "help and settings",
	.rank = 70,
	.cmds = general_cmds,
	.ncmds = COUNT(general_cmds),
};
