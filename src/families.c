/* families.c - the list of command families; add a family here and in commands/. */
#include "cmd.h"

extern const struct family family_process, family_fd, family_pipe, family_popen, family_inspect,
	family_lesson, family_general;

const struct family *const families[] = {
	&family_process,
	&family_fd,
	&family_pipe,
	&family_popen,
	&family_inspect,
	&family_lesson,
	&family_general,
	NULL,
};
