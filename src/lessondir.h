/* lessondir.h - finding lessons: the directories, one lesson's file, the
 * list of them all, and the programs a lesson runs that this machine lacks. */
#ifndef IPCSH_LESSONDIR_H
#define IPCSH_LESSONDIR_H

#include <stdbool.h>

struct lesson;

/* The directories lessons are looked for in, in order (malloc'd paths):
 * $IPCSH_LESSONS, the source tree, BINDIR/../share/ipcsh, the install's DATADIR. */
enum { LESSON_DIRS_MAX = 5 };
int lesson_dirs(char **dirs, int max);
/* The file of lesson NAME (or NAME itself when it is a path); NULL if none. */
char *lesson_path(const char *name);
/* Prints the lessons, by order then name, with the learner's progress in
 * each, as a table with options O; false when there are none, or after a
 * usage error. */
struct table_opts;
bool lesson_list(const struct table_opts *o);
/* The built program NAME of lessons/programs/ (malloc'd path), or NULL:
 * beside the binary in the build tree, else in a lessons directory's programs/. */
char *lesson_program_path(const char *name);
/* Names the programs lesson L runs that this machine lacks, if any. */
void lesson_warn_missing(const struct lesson *l);

#endif
