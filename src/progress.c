/* progress.c - a learner's place in each lesson, kept between sessions in
 * $XDG_STATE_HOME/ipcsh/lessons/NAME: "step N" or "done". */
#include "progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "statedir.h"

/* $XDG_STATE_HOME/ipcsh/lessons/NAME (or under ~/.local/state). */
static char *progress_path(const char *name)
{
	char *dir = state_dir("lessons");
	if (!dir)
		return NULL;
	struct buf b = { 0 };
	buf_printf(&b, "%s/%s", dir, name);
	free(dir);
	return buf_take(&b);
}

int progress_load(const char *name)
{
	char *path = progress_path(name);
	FILE *f = path ? fopen(path, "re") : NULL;
	int step = 0;
	char word[16] = "";
	if (f) {
		if (fscanf(f, "%15s %d", word, &step) < 1)
			step = 0;
		if (strcmp(word, "done") == 0)
			step = -1;
		else if (strcmp(word, "step") == 0)
			step = step > 0 ? step - 1 : 0;
		fclose(f);
	}
	free(path);
	return step;
}

void progress_save(const char *name, int step, bool done)
{
	char *path = progress_path(name);
	FILE *f = path ? fopen(path, "we") : NULL;
	if (f) {
		if (done)
			fputs("done\n", f);
		else
			fprintf(f, "step %d\n", step + 1);
		fclose(f);
	}
	free(path);
}

void progress_forget(const char *name)
{
	char *path = progress_path(name);
	if (path)
		unlink(path);
	free(path);
}
