/* settings.c - the settings (set, show, trace), scripts (source) and history.
 *
 * The on/off settings themselves are a table in src/settings.c, so that
 * completion and the rc file can read their names too. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <readline/history.h>

#include "cmd.h"
#include "out.h"
#include "session.h"
#include "settings.h"
#include "table.h"
#include "statedir.h"
#include "tutor.h"

/* "trace color hints mask": the names, for error messages. */
static const char *setting_names(char *buf, size_t size)
{
	size_t len = 0;
	buf[0] = '\0';
	for (int i = 0; i < setting_count && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? " " : "", setting_table[i].name);
	return buf;
}

/* Why a file of status ST cannot be read whole (an errno value), or 0. */
static int unreadable(const struct stat *st, size_t max)
{
	if (S_ISDIR(st->st_mode))
		return EISDIR;
	if (!S_ISREG(st->st_mode))
		return EINVAL;	/* a FIFO or a terminal could keep ipcsh waiting */
	return (size_t)st->st_size > max ? EFBIG : 0;
}

/* Reads the whole file PATH (at most MAX bytes) into B; 0, or -1 with errno
 * set (EFBIG when larger, EISDIR or EINVAL when not a regular file). */
static int read_file(const char *path, size_t max, struct buf *b)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct stat st;
	int e = fstat(fd, &st) < 0 ? errno : unreadable(&st, max);
	char chunk[65536];
	ssize_t n = 0;
	while (!e && (n = read(fd, chunk, sizeof chunk)) > 0 && b->len + (size_t)n <= max)
		buf_add(b, chunk, (size_t)n);
	if (!e)
		e = n < 0 ? errno : n > 0 ? EFBIG : 0;	/* it grew past MAX while read */
	close(fd);
	errno = e;
	return e ? -1 : 0;
}

/* The setting LINE of an rc file sets, when it is exactly "set NAME on|off"
 * (blanks around the words) for a setting 'set --save' writes; else NULL. */
static const struct setting *saved_line(const char *line, size_t len)
{
	char copy[128], *save;
	if (len >= sizeof copy)
		return NULL;
	memcpy(copy, line, len);
	copy[len] = '\0';
	const char *words[4];
	int n = 0;
	for (char *w = strtok_r(copy, " \t\r", &save); w && n < 4; w = strtok_r(NULL, " \t\r", &save))
		words[n++] = w;
	if (n != 3 || strcmp(words[0], "set") || (strcmp(words[2], "on") && strcmp(words[2], "off")))
		return NULL;
	const struct setting *s = setting_find(words[1]);
	return s && !setting_per_run(s) ? s : NULL;
}

/* OLD, the rc file's text, with each "set NAME on|off" line of a saved
 * setting made to say its value now, and a line added for each setting it
 * lacks; the user's other lines stay as they are. */
static void rc_text(const char *old, size_t len, struct buf *out)
{
	bool *written = xcalloc((size_t)setting_count, sizeof *written);
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(old + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (old + i)) : len - i;
		const struct setting *s = saved_line(old + i, n);
		if (s) {
			buf_printf(out, "set %s %s\n", s->name, *s->value ? "on" : "off");
			written[s - setting_table] = true;
		} else {
			buf_add(out, old + i, n);
			buf_addch(out, '\n');
		}
		i += n + 1;
	}
	for (int k = 0; k < setting_count; k++)
		if (!setting_per_run(&setting_table[k]) && !written[k])
			buf_printf(out, "set %s %s\n", setting_table[k].name, *setting_table[k].value ? "on" : "off");
	free(written);
}

/* set --save: the settings into the rc file that an interactive ipcsh runs at start. */
static int save_settings(void)
{
	enum { RC_MAX = 1024 * 1024 };
	char *path = config_file("ipcshrc");
	if (!path) {
		out_error("set: cannot save: neither XDG_CONFIG_HOME nor HOME is set");
		return CMD_FAIL;
	}
	struct buf old = { 0 }, text = { 0 };
	int r = read_file(path, RC_MAX, &old);
	if (r == 0 || errno == ENOENT) {
		rc_text(old.data ? old.data : "", old.len, &text);
		r = file_replace(path, text.data, text.len);
	}
	if (r < 0)
		out_error("set: cannot save the settings in '%s': %s", path, strerror(errno));
	else
		out_printf("saved in %s: an interactive ipcsh runs it at start", path);
	buf_free(&old);
	buf_free(&text);
	free(path);
	return r < 0 ? CMD_FAIL : CMD_OK;
}

/* Takes away a "--save" that comes first or last; true if there was one. */
static bool take_save(struct cmd_ctx *c)
{
	if (c->argc && strcmp(c->argv[0].s, "--save") == 0) {
		c->argv++;
		c->argc--;
		return true;
	}
	if (c->argc && strcmp(c->argv[c->argc - 1].s, "--save") == 0) {
		c->argc--;
		return true;
	}
	return false;
}

static int settings_set(struct cmd_ctx *c)
{
	bool save = take_save(c);
	if (c->argc == 0)
		return save_settings();	/* 'set --save': the table asks for an argument at least */
	const struct setting *s = setting_find(c->argv[0].s);
	if (!s) {
		char names[256];
		cmd_usage_error(c, "no setting '%s' (settings: %s)", c->argv[0].s, setting_names(names, sizeof names));
		return CMD_FAIL;
	}
	if (c->argc != 2) {
		cmd_usage_error(c, "'%s' takes on or off", s->name);
		return CMD_FAIL;
	}
	int on;
	c->argv++;
	c->argc--;
	if (!arg_enum(c, 0, "on|off", &on))
		return CMD_FAIL;
	*s->value = on == 0;
	return save ? save_settings() : CMD_OK;
}

static int settings_trace(struct cmd_ctx *c)
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

static int settings_show(struct cmd_ctx *c)
{
	if (c->argc == 0 && tutor_active()) {
		tutor_show();	/* in a lesson, 'show' shows the step's C code */
		return CMD_OK;
	}
	struct table *t = table_new("settings", "NAME", "VALUE", "DESCRIPTION~", NULL);
	int rows = 0;
	for (int i = 0; i < setting_count; i++) {
		if (c->argc && strcmp(c->argv[0].s, setting_table[i].name) != 0)
			continue;
		table_row(t, setting_table[i].name, *setting_table[i].value ? "on" : "off", setting_table[i].what, NULL);
		rows++;
	}
	if (!rows) {
		table_free(t);
		cmd_usage_error(c, "no setting '%s'", c->argv[0].s);
		return CMD_FAIL;
	}
	struct table_opts o = { .noheadings = true };
	table_print(t, &o);
	return CMD_OK;
}

/* source FILE: its lines run as a script would, in this session. */
static int settings_source(struct cmd_ctx *c)
{
	enum { SOURCE_DEPTH_MAX = 16, SOURCE_MAX = 16 * 1024 * 1024 };
	const char *path = c->argv[0].s;
	if (session_script_depth() >= SOURCE_DEPTH_MAX) {
		cmd_usage_error(c, "'%s': sourced files nest %d deep at most (does one source itself?)", path,
				SOURCE_DEPTH_MAX);
		return CMD_FAIL;
	}
	/* A relative path starts where the current process is, as after 'cd'. */
	struct proc *p = proc_current();
	struct buf where = { 0 }, text = { 0 };
	if (path[0] != '/' && p && !p->dead)
		buf_printf(&where, "/proc/%d/cwd/%s", (int)p->pid, path);
	else
		buf_addstr(&where, path);
	int r = read_file(where.data, SOURCE_MAX, &text);
	buf_free(&where);
	if (r < 0) {
		cmd_usage_error(c, "cannot read '%s': %s", path,
				errno == EINVAL ? "not a regular file" : errno == EFBIG ? "larger than 16 MiB" : strerror(errno));
		buf_free(&text);
		return CMD_FAIL;
	}
	int st = session_run_script(path, text.data ? text.data : "", text.len);
	buf_free(&text);
	return st ? CMD_FAIL : CMD_OK;
}

/* history [N]: the last N lines typed (all of them without N), numbered as
 * bash numbers them, from readline's history.  Only an interactive session
 * keeps one. */
static int settings_history(struct cmd_ctx *c)
{
	long n = history_length;
	if (c->argc && !arg_int(c, 0, "number of lines", 0, 1000000, &n))
		return CMD_FAIL;
	if (!settings.interactive) {
		out_printf("no history: only an interactive session keeps one");
		return CMD_OK;
	}
	struct buf b = { 0 };
	for (int i = n < history_length ? history_length - (int)n : 0; i < history_length; i++) {
		HIST_ENTRY *h = history_get(history_base + i);
		if (h)
			buf_printf(&b, "%s%5d  %s", b.len ? "\n" : "", history_base + i, h->line);
	}
	if (b.len)
		out_text(b.data);
	buf_free(&b);
	return CMD_OK;
}

static const struct cmd_entry settings_cmds[] = {
	{
		.noun = "set",
		.args = "[--save] [NAME on|off]", .min = 1, .max = 3,
		.flags = CMD_NO_CHECK,
		.summary = "change a setting ('show' lists them); --save keeps them for the next start",
		.calls = "-",
		.man = "ipcsh(1)",
		.example = "set trace off",
		.complete = "So",
		.run = settings_set,
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
		.run = settings_show,
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
		.run = settings_trace,
	},
	{
		.noun = "source",
		.args = "FILE", .min = 1, .max = 1,
		.flags = CMD_NO_CHECK,
		.summary = "run the commands in FILE, as a script, in this session",
		.calls = "-",
		.man = "ipcsh(1)",
		.example = "source setup.ipcsh",
		.complete = "P",
		.run = settings_source,
	},
	{
		.noun = "history",
		.args = "[N]", .max = 1,
		.flags = CMD_NO_CHECK,
		.summary = "list the last N lines typed (all without N), numbered",
		.calls = "-",
		.man = "history(3)",
		.example = "history 10",
		.complete = "-",
		.run = settings_history,
	},
};

const struct family family_settings = {
	.name = "settings",
	.summary = "settings, scripts and history",
	.rank = 75,
	.cmds = settings_cmds,
	.ncmds = COUNT(settings_cmds),
};
