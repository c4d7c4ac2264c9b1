/* lesson.c - the lesson family: lesson [NAME], next, back, hint, solution, skip,
 * lesson quit, lesson reset ('show' lives with the settings, in general.c). */
#include "cmd.h"
#include "lessondir.h"
#include "out.h"
#include "tutor.h"

static bool need_lesson(void)
{
	if (!tutor_active())
		out_error("no lesson is running ('lesson' lists them, 'lesson NAME' starts one)");
	return tutor_active();
}

static int lesson_start(struct cmd_ctx *c)
{
	if (c->argc == 0) {
		lesson_list();
		return CMD_OK;
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
	{ "lesson", NULL, NULL, "[NAME]", 0, 1, OBJ_NONE, CMD_NO_CHECK,
	  "list the lessons with your progress, or start (or resume) lesson NAME",
	  "-", "ipcsh-lessons(5)", "lesson pipe-one", "l", lesson_start },
	{ "lesson", "quit", NULL, "", 0, 0, OBJ_NONE, CMD_NO_CHECK,
	  "leave the lesson; your step is saved and 'lesson NAME' resumes it",
	  "-", "ipcsh-lessons(5)", "lesson pipe-one; lesson quit", "", lesson_quit },
	{ "lesson", "reset", NULL, "", 0, 0, OBJ_NONE, CMD_NO_CHECK,
	  "start the current lesson again from step 1, on a fresh session",
	  "-", "ipcsh-lessons(5)", "lesson pipe-one; lesson reset", "", lesson_reset },
	{ "next", NULL, NULL, "", 0, 0, OBJ_NONE, CMD_NO_CHECK,
	  "check the current step again and go on when it is done",
	  "-", "ipcsh-lessons(5)", "lesson pipe-one; next", "", lesson_next },
	{ "back", NULL, NULL, "", 0, 0, OBJ_NONE, CMD_NO_CHECK,
	  "go back to the step before, on a fresh session rebuilt up to it",
	  "-", "ipcsh-lessons(5)", "lesson fork-wait; skip; back", "", lesson_back },
	{ "hint", NULL, NULL, "", 0, 0, OBJ_NONE, CMD_NO_CHECK,
	  "a hint for the current step: a nudge first, then the command",
	  "-", "ipcsh-lessons(5)", "lesson pipe-one; hint", "", lesson_hint },
	{ "solution", NULL, NULL, "", 0, 0, OBJ_NONE, CMD_NO_CHECK,
	  "show the commands that do the current step (asks first: type it twice)",
	  "-", "ipcsh-lessons(5)", "lesson pipe-one; solution; solution", "", lesson_solution },
	{ "skip", NULL, NULL, "", 0, 0, OBJ_NONE, CMD_NO_CHECK,
	  "run the current step's solution for you and go on",
	  "-", "ipcsh-lessons(5)", "lesson pipe-one; skip", "", lesson_skip },
};

const struct family family_lesson = {
	.name = "lesson",
	.summary = "guided lessons that follow the textbook recipes",
	.rank = 60,
	.cmds = lesson_cmds,
	.ncmds = COUNT(lesson_cmds),
};
