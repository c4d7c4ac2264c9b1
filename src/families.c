/* families.c - the list of command families (to be generated from commands/). */
#include <stddef.h>

#include "family.h"

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
