/* complete.h - tab completion from the command table and the live session. */
#ifndef IPCSH_COMPLETE_H
#define IPCSH_COMPLETE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* How an argument completes, one letter per argument (struct cmd_entry):
 * every letter this string holds is implemented. */
extern const char complete_letters[];

void complete_setup(void);
/* The candidates for the word being typed at the end of LINE (POS bytes), one
 * per string, NULL-terminated; also sets *FILES when paths should complete.
 * Exposed so tests can check completion without a terminal. */
char **complete_candidates(const char *line, int pos, int *files);
void complete_free(char **v);
/* The argument hint for LINE as typed so far ("[REF] TEXT" after "pipe write "),
 * or false when there is none. */
bool complete_hint(const char *line, char *out, size_t size);

#endif
