/* recap.h - the recap at the end of a lesson: each step's C beside the
 * calls made in it and what the programs printed. */
#ifndef IPCSH_RECAP_H
#define IPCSH_RECAP_H

#include <stdbool.h>

#include "lesson.h"

/* Starts recording for lesson L (kept, not copied: it must outlive the recap). */
void recap_begin(const struct lesson *l);
/* Forgets everything recorded. */
void recap_end(void);
/* The calls made from now on are the next steps' (after replays, after a line). */
void recap_mark(void);
/* Step STEP has passed: it takes the calls made since the mark that its C
 * names (ALL: every one not taken yet), and what programs printed. */
void recap_claim(int step, bool all);
/* After the steps one line passed: the calls no step's C named go to
 * LAST_STEP (-1: none), and the mark moves on. */
void recap_claim_rest(int last_step);
/* Prints the lesson's recap text, then every step's C, calls and output. */
void recap_show(void);

#endif
