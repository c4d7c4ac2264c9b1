/* settings.c - the settings (set, show, trace).
 *
 * The on/off settings themselves are a table in src/settings.c, so that
 * completion and the rc file can read their names too. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "out.h"
#include "settings.h"
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

static int settings_set(struct cmd_ctx *c)
{
	const struct setting *s = setting_find(c->argv[0].s);
	if (!s) {
		char names[256];
		cmd_usage_error(c, "no setting '%s' (settings: %s)", c->argv[0].s, setting_names(names, sizeof names));
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

static const struct cmd_entry settings_cmds[] = {
	{
		.noun = "set",
		.args = "NAME on|off", .min = 2, .max = 2,
		.flags = CMD_NO_CHECK,
		.summary = "change a setting: trace, color, hints, mask, timing",
		.calls = "-",
		.man = "ipcsh(1)",
		.example = "set trace off",
		.complete = "-o",
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
		.complete = "-",
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
};

const struct family family_settings = {
	.name = "settings",
	.summary = "settings, scripts and history",
	.rank = 75,
	.cmds = settings_cmds,
	.ncmds = COUNT(settings_cmds),
};
