/* topics.c - the help topics' texts. */
#include "topics.h"

#include <string.h>

#include "settings.h"

const struct topic topics[] = {
	{
		"quoting", "quotes escapes words", "Words, quotes and escapes",
		"Words are separated by blanks.  \"...\" keeps blanks, ; & and # in a word and\n"
		"knows the escapes \\n \\t \\\\ \\\" \\' and \\xHH (the byte HH).  '...' takes\n"
		"everything literally up to the next '.  In a bare word, \\ (a space), \\;, \\&\n"
		"and \\# put that character in the word.  Pieces that touch make one word\n"
		"(a\"b c\" is the word 'ab c'), and \"\" is an empty word.\n"
		"\n"
		"';' or a newline separates commands; each runs once the one before has\n"
		"finished or blocked.  'CMD & CMD' starts the second without waiting for the\n"
		"first: two processes at once, which is what a race needs.  A '#' that starts\n"
		"a word begins a comment.  Write \\x00 for a NUL byte.",
	},
	{
		"@", "at @pN", "@pN: running a command in another process",
		"Every process of the session has a name, p1, p2, ... ('ps' lists them).\n"
		"Commands run in the current process, the one the prompt names (p1>).\n"
		"\n"
		"  @p2 CMD   runs CMD in p2; the current process stays as it is\n"
		"  @p2       makes p2 the current process (@2 works too)\n"
		"\n"
		"A process busy with a command, blocked in a call, running a program after\n"
		"exec, or dead cannot take a command, and says why.",
	},
	{
		"scripts", "script source batch", "Scripts: -c, FILE, standard input and source",
		"ipcsh runs a script from -c CMD, from -f FILE or a FILE operand, from standard\n"
		"input when it is not a terminal, and from 'source FILE' inside a session.  A\n"
		"script has no prompt and no history.  Each line runs once every process has\n"
		"settled (idle, blocked, or gone), so a script prints the same on every run.\n"
		"Errors name their place as ipcsh:FILE:LINE:.  The exit status is the last\n"
		"command's; -e stops at the first failure; -x echoes each line.  IPCSH_MASK=1\n"
		"(or 'set mask on') prints pids, inodes and ids as <pid1>, <ino1>, <msgid1>.\n"
		"A first line '#!/usr/bin/env ipcsh' makes a script runnable.",
	},
	{
		"settings", "set show options", "Settings: set NAME on|off, set --save, show",
		"'show' lists the settings and 'set NAME on|off' changes one for the session;\n"
		"'set --save' keeps them (all but color and mask, which each start decides)\n"
		"in ~/.config/ipcsh/ipcshrc ($XDG_CONFIG_HOME/ipcsh/ipcshrc).  An interactive\n"
		"session runs that file's commands when it starts; -X skips them.  The\n"
		"settings:",
	},
	{
		"lessons", "lesson tutor", "Lessons: guided steps after the textbook recipes",
		"'lesson' lists the lessons with your progress and 'lesson NAME' starts or\n"
		"resumes one.  Each step says what to do; you type the commands, and ipcsh\n"
		"checks the real processes and objects afterwards, whatever way you took.\n"
		"'hint' helps, 'solution' shows (and 'show' the C code of) the step, 'next'\n"
		"and 'back' move, 'skip' runs the solution, 'lesson quit' leaves, 'lesson\n"
		"reset' forgets.  Some steps ask you to predict what a call will do first.\n"
		"Progress is kept in $XDG_STATE_HOME/ipcsh/lessons (~/.local/state/ipcsh).\n"
		"Lessons are files (ipcsh-lessons(5)); 'ipcsh --check-lesson FILE' checks one.",
	},
	{
		"journal", "leftovers cleanup", "The journal: nothing left behind, even after kill -9",
		"Every System V or POSIX object a session makes is written to its journal\n"
		"($XDG_STATE_HOME/ipcsh/sessions) before the call that makes it, and marked\n"
		"when it is removed.  'quit' removes the session's objects; 'keep REF' leaves\n"
		"one for 'ipcs' and 'ipcrm' to find.  When a session dies without cleaning\n"
		"up, the next one lists the leftover objects and offers to remove them;\n"
		"'ipcsh --cleanup' removes them at once.  An object whose id has since been\n"
		"reused by someone else is never touched.",
	},
};

const int topic_count = sizeof topics / sizeof topics[0];

static bool word_in(const char *list, const char *word)
{
	size_t len = strlen(word);
	for (const char *s = list; s && *s;) {
		size_t n = strcspn(s, " ");
		if (n == len && strncmp(s, word, n) == 0)
			return true;
		s += n + (s[n] == ' ');
	}
	return false;
}

const struct topic *topic_find(const char *name)
{
	for (int i = 0; i < topic_count; i++)
		if (strcmp(topics[i].name, name) == 0 || word_in(topics[i].aliases, name))
			return &topics[i];
	return NULL;
}

void topic_text(const struct topic *t, struct buf *b)
{
	buf_printf(b, "%s\n\n%s", t->title, t->text);
	if (strcmp(t->name, "settings") == 0)
		for (int i = 0; i < setting_count; i++)
			buf_printf(b, "\n  %-8s %-3s  %s", setting_table[i].name,
				   *setting_table[i].value ? "on" : "off", setting_table[i].what);
}

bool topic_mentions(const struct topic *t, const char *word)
{
	return strcasestr(t->name, word) || (t->aliases && strcasestr(t->aliases, word)) ||
	       strcasestr(t->title, word) || strcasestr(t->text, word);
}
