/* block.h - saying why a call blocks, once /proc shows the process asleep in
 * it: the core explains a wait for a child; a family's block kind explains
 * its own calls (struct block_kind, worker.h). */
#ifndef IPCSH_BLOCK_H
#define IPCSH_BLOCK_H

#include "buf.h"

struct proc;

/* Appends why P's announced call waits, from live state. */
void block_explain(struct proc *p, struct buf *why);
/* Prints "CALL ... blocks: WHY" for P, which has just been seen blocked. */
void block_report(struct proc *p);
/* Says that P, just seen stopped, holds its command until it is continued. */
void block_report_stopped(struct proc *p);

#endif
