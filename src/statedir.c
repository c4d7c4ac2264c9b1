/* statedir.c - ipcsh's state directory (lesson progress, session journals). */
#include "statedir.h"

#include <stdlib.h>
#include <sys/stat.h>

#include "buf.h"

char *state_dir(const char *sub)
{
	struct buf b = { 0 };
	const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	if (state && *state == '/')
		buf_printf(&b, "%s/ipcsh/%s", state, sub);
	else if (home && *home)
		buf_printf(&b, "%s/.local/state/ipcsh/%s", home, sub);
	else
		return NULL;
	for (char *s = b.data + 1; *s; s++) {
		if (*s == '/') {
			*s = '\0';
			mkdir(b.data, 0700);
			*s = '/';
		}
	}
	mkdir(b.data, 0700);
	return buf_take(&b);
}
