/* lesson.c - the lesson family: lesson [NAME], next, back, hint, solution, skip,
 * lesson quit, lesson reset ('show' lives with the settings, in general.c). */
#include "cmd.h"
#include "lessondir.h"
#include "out.h"
#include "table.h"
#include "tutor.h"

static bool need_lesson(void)
{
	if (!tutor_active())
		out_error("no lesson is running ('lesson' lists them, 'lesson NAME' starts one)");
	return tutor_active();
}

static int lesson_start(struct cmd_ctx *c)
{
	struct table_opts o;
	if (!table_parse_opts(c, &o))
		return CMD_FAIL;
	if (c->argc == 0)
		return lesson_list(&o) ? CMD_OK : CMD_FAIL;
	if (c->argc > 1 || o.json || o.raw || o.noheadings || o.columns) {
		cmd_usage_error(c, "%s", c->argc > 1 ? "one lesson at a time" : "the table options go with the list of lessons, without NAME");
		return CMD_FAIL;
	}
	return tutor_start(c->argv[0].s) ? CMD_FAIL : CMD_OK;
}

static int lesson_quit(struct cmd_ctx *c)
{
	if (!need_lesson())
		return CMD_FAIL;
	tutor_quit();
	return CMD_OK;
}

static int lesson_reset(struct cmd_ctx *c)
{
	return need_lesson() && tutor_reset() == 0 ? CMD_OK : CMD_FAIL;
}

static int lesson_next(struct cmd_ctx *c)
{
	if (!need_lesson())
		return CMD_FAIL;
	tutor_next();	/* a step not done yet is news, not a failure */
	return CMD_OK;
}

static int lesson_back(struct cmd_ctx *c)
{
	return need_lesson() && tutor_back() == 0 ? CMD_OK : CMD_FAIL;
}

static int lesson_hint(struct cmd_ctx *c)
{
	return need_lesson() && tutor_hint() == 0 ? CMD_OK : CMD_FAIL;
}

static int lesson_solution(struct cmd_ctx *c)
{
	return need_lesson() && tutor_solution() == 0 ? CMD_OK : CMD_FAIL;
}

static int lesson_skip(struct cmd_ctx *c)
{
	return need_lesson() && tutor_skip() == 0 ? CMD_OK : CMD_FAIL;
}

static const struct cmd_entry lesson_cmds[] = {
	{
		.noun = "lesson",
		.args = "[NAME] " TABLE_ARGS, .max = -1,
		.flags = CMD_NO_CHECK,
		.summary = "list the lessons with your progress, or start (or resume) lesson NAME",
		.calls = "-",
		.man = "ipcsh-lessons(5)",
		.example = "lesson pipe-one",
		.complete = "l",
		.run = lesson_start,
	},
	{
		.noun = "lesson", .verb = "quit",
		.flags = CMD_NO_CHECK,
		.summary = "leave the lesson; your step is saved and 'lesson NAME' resumes it",
		.calls = "-",
		.man = "ipcsh-lessons(5)",
		.example = "lesson pipe-one; lesson quit",
		.run = lesson_quit,
	},
	{
		.noun = "lesson", .verb = "reset",
		.flags = CMD_NO_CHECK,
		.summary = "start the current lesson again from step 1, on a fresh session",
		.calls = "-",
		.man = "ipcsh-lessons(5)",
		.example = "lesson pipe-one; lesson reset",
		.run = lesson_reset,
	},
	{
		.noun = "next",
		.flags = CMD_NO_CHECK,
		.summary = "check the current step again and go on when it is done",
		.calls = "-",
		.man = "ipcsh-lessons(5)",
		.example = "lesson pipe-one; next",
		.run = lesson_next,
	},
	{
		.noun = "back",
		.flags = CMD_NO_CHECK,
		.summary = "go back to the step before, on a fresh session rebuilt up to it",
		.calls = "-",
		.man = "ipcsh-lessons(5)",
		.example = "lesson fork-wait; skip; back",
		.run = lesson_back,
	},
	{
		.noun = "hint",
		.flags = CMD_NO_CHECK,
		.summary = "a hint for the current step: a nudge first, then the command",
		.calls = "-",
		.man = "ipcsh-lessons(5)",
		.example = "lesson pipe-one; hint",
		.run = lesson_hint,
	},
	{
		.noun = "solution",
		.flags = CMD_NO_CHECK,
		.summary = "show the commands that do the current step (asks first: type it twice)",
		.calls = "-",
		.man = "ipcsh-lessons(5)",
		.example = "lesson pipe-one; solution; solution",
		.run = lesson_solution,
	},
	{
		.noun = "skip",
		.flags = CMD_NO_CHECK,
		.summary = "run the current step's solution for you and go on",
		.calls = "-",
		.man = "ipcsh-lessons(5)",
		.example = "lesson pipe-one; skip",
		.run = lesson_skip,
	},
};

const struct family family_lesson = {
	.name = "lesson",
	.summary = "guided lessons that follow the textbook recipes",
	.rank = 60,
	.cmds = lesson_cmds,
	.ncmds = COUNT(lesson_cmds),
};
