/* check.h - evaluating a lesson's checks on the live state. */
#ifndef IPCSH_CHECK_H
#define IPCSH_CHECK_H

#include <stdbool.h>

#include "buf.h"
#include "lesson.h"

/* Does check C hold now?  If not, WHY says what the state is instead. */
bool check_holds(const struct lcheck *c, struct buf *why);

#endif
