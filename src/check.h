/* check.h - a lesson's checks: judged when it is loaded, evaluated on the live state. */
#ifndef IPCSH_CHECK_H
#define IPCSH_CHECK_H

#include <stdbool.h>

#include "buf.h"
#include "lesson.h"

/* The kinds of checks a lesson may use: how each kind's words are judged
 * when a lesson is loaded, and how it is evaluated on the live state. */
struct check_kind {
	const char *name;
	int min, max;		/* words after the kind */
	const char *usage;
	bool (*fault)(char **words, int n, struct buf *fault);
	bool (*holds)(char **words, int n, struct buf *why);
};
extern const struct check_kind check_kinds[];	/* ends with a NULL name */
const struct check_kind *check_kind_find(const char *name);

/* What is wrong with check C's words (for lesson_load): false when nothing. */
bool check_fault(const struct lcheck *c, struct buf *fault);
/* 'call' checks look at the calls made after sequence number SEQ
 * (proc_call_seq): the tutor sets it when a step begins. */
void check_calls_since(unsigned long seq);
/* Does check C hold now?  If not, WHY says what the state is instead. */
bool check_holds(const struct lcheck *c, struct buf *why);

#endif
