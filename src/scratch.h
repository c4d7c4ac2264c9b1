/* scratch.h - the session's private scratch directory, for the files lessons
 * need (test.dat, small helper scripts).  Made on first use with mode 0700,
 * removed with everything in it when ipcsh exits. */
#ifndef IPCSH_SCRATCH_H
#define IPCSH_SCRATCH_H

#include "lesson.h"

/* The directory (made now if need be), or NULL with an error reported. */
const char *scratch_dir(void);
/* Writes L's files afresh into the scratch directory and makes p1 work
 * there (a visible 'cd').  Returns 0, or -1 with an error reported. */
int scratch_lesson_files(const struct lesson *l);
/* Removes the directory and its contents, if it was made. */
void scratch_remove(void);
/* Removes, in $TMPDIR, the scratch directories of sessions that have ended
 * (a kill -9 leaves one behind), and no other. */
void scratch_sweep(void);

#endif
