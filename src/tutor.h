/* tutor.h - following a lesson interactively (or in a script): the current
 * step is checked after every input line that ran a command. */
#ifndef IPCSH_TUTOR_H
#define IPCSH_TUTOR_H

#include <stdbool.h>
#include <stddef.h>

bool tutor_active(void);
/* "[pipe-fork 3/9] " while a lesson runs, else "". */
void tutor_prompt(char *buf, size_t size);
/* Starts lesson NAME, resuming at its saved step (earlier solutions replayed). */
int tutor_start(const char *name);
int tutor_next(void);
int tutor_back(void);
int tutor_hint(void);
int tutor_solution(void);	/* asks first, then shows the step's solution */
/* The answers of the step's question while it waits ("returns|blocks"), or "". */
const char *tutor_choices(void);
void tutor_show(void);
int tutor_skip(void);
int tutor_reset(void);		/* step 1 on a fresh session */
/* Restarts the session and replays the solutions before STEP (-1: the current one). */
int tutor_rebuild(int step);
void tutor_quit(void);		/* progress saved */
void tutor_quit_quietly(void);	/* frees everything */

#endif
