/* settings.h - what the user can set (trace, color, hints, mask, timing), how ipcsh
 * was started (interactive or not), and where the input comes from, for the
 * "ipcsh:FILE:LINE:" of error messages.  The lowest layer: everything may
 * read it, and it reads nothing. */
#ifndef IPCSH_SETTINGS_H
#define IPCSH_SETTINGS_H

#include <stdbool.h>

struct settings {
	bool trace;		/* show the C calls */
	bool color;
	bool mask;		/* mask pids and inodes (reproducible transcripts) */
	bool hints;		/* inline argument hints while typing */
	bool timing;		/* print the wall time of each command line */
	bool pager;		/* long output of a command through $PAGER (interactive only) */
	bool interactive;	/* reading from a terminal with readline */
	const char *source;	/* script name for error locations, or NULL */
	int line;		/* its current line */
};

extern struct settings settings;

/* The on/off settings 'set' and 'show' know, in the order 'show' lists them. */
struct setting {
	const char *name;
	bool *value;
	const char *what;
};

extern const struct setting setting_table[];
extern const int setting_count;

/* The setting called NAME, or NULL. */
const struct setting *setting_find(const char *name);

/* True for a setting decided afresh at each start from the options, the
 * environment and the terminal (color, mask): 'set --save' leaves it out. */
bool setting_per_run(const struct setting *s);

#endif
