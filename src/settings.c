/* settings.c - the settings, their defaults and their names. */
#include "settings.h"

#include <string.h>

struct settings settings = { .trace = true, .hints = true, .pager = true };

const struct setting setting_table[] = {
	{ "trace", &settings.trace, "show the C call behind each command" },
	{ "color", &settings.color, "colour the output" },
	{ "hints", &settings.hints, "argument hints while typing" },
	{ "pager", &settings.pager, "page a command's output taller than the terminal through $PAGER" },
	{ "mask", &settings.mask, "mask pids and inodes, for output that is the same on every run" },
	{ "timing", &settings.timing, "print the time each command line took" },
};

const int setting_count = sizeof setting_table / sizeof setting_table[0];

const struct setting *setting_find(const char *name)
{
	for (int i = 0; i < setting_count; i++)
		if (strcmp(setting_table[i].name, name) == 0)
			return &setting_table[i];
	return NULL;
}

bool setting_per_run(const struct setting *s)
{
	return s->value == &settings.color || s->value == &settings.mask;
}
