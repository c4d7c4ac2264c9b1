/* leftovers.h - what sessions that died left behind, read from their
 * journals (src/journal.h): found at start, offered for removal, removed by
 * 'ipcsh --cleanup'.  An object is removed only while it is still the one
 * the journal recorded (its kind's still_same hook): an object that now
 * belongs to someone else under the same key or name is never touched. */
#ifndef IPCSH_LEFTOVERS_H
#define IPCSH_LEFTOVERS_H

#include <stdbool.h>
#include <stdio.h>

/* Names on OUT what dead sessions left, one line each, and what they were
 * making when they died; returns how many objects there are to remove.
 * Journals with nothing left in them are deleted on the way. */
int leftovers_list(FILE *out);
/* Removes what leftovers_list names, saying so on OUT (with VERBOSE, also
 * what is left alone and why); the journals go.  Returns how many removals
 * failed. */
int leftovers_remove(FILE *out, bool verbose);

#endif
