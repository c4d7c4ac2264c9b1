/* play.h - playing a lesson's solutions through, for tests and authors. */
#ifndef IPCSH_PLAY_H
#define IPCSH_PLAY_H

/* The directories lessons are looked for in, in order (malloc'd paths):
 * $IPCSH_LESSONS, the source tree, BINDIR/../share/ipcsh, the install's DATADIR. */
enum { LESSON_DIRS_MAX = 5 };
int lesson_dirs(char **dirs, int max);
/* The file of lesson NAME (or NAME itself when it is a path); NULL if none. */
char *lesson_path(const char *name);
/* ipcsh --play: 0 when every step's checks fail before and hold after its solution. */
int play_lesson(const char *name);

#endif
