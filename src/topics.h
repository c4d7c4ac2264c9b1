/* topics.h - help topics: what is not one command (quoting, @pN, scripts,
 * settings, lessons, the journal), for 'help TOPIC' and apropos. */
#ifndef IPCSH_TOPICS_H
#define IPCSH_TOPICS_H

#include <stdbool.h>

#include "buf.h"

struct topic {
	const char *name;	/* "quoting" */
	const char *aliases;	/* other names, space separated, or NULL */
	const char *title;	/* one line, no final period */
	const char *text;	/* the body, lines of at most 78 columns */
};

extern const struct topic topics[];
extern const int topic_count;

/* The topic called NAME or one of its aliases, or NULL. */
const struct topic *topic_find(const char *name);
/* T in full: its title, then its text (the settings topic lists the settings). */
void topic_text(const struct topic *t, struct buf *b);
/* Whether WORD occurs in T's name, aliases, title or text (any case). */
bool topic_mentions(const struct topic *t, const char *word);

#endif
