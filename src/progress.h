/* progress.h - where a learner is in each lesson, saved between sessions. */
#ifndef IPCSH_PROGRESS_H
#define IPCSH_PROGRESS_H

#include <stdbool.h>

/* The saved step of lesson NAME (0-based), -1 when done, 0 when never started. */
int progress_load(const char *name);
void progress_save(const char *name, int step, bool done);
void progress_forget(const char *name);

#endif
