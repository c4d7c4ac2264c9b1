/* block.c - why a blocked call waits: the core's kinds, and the report. */
#include "block.h"

#include <stdio.h>

#include "out.h"
#include "proc.h"
#include "procfs.h"
#include "wire.h"
#include "worker.h"

/* A wait for a child: which children are still running. */
static void explain_wait(struct proc *p, struct buf *b)
{
	struct proc *child = p->block_fd > 0 ? proc_by_pid(p->block_fd) : NULL;
	char comm[64];
	if (p->block_fd > 0 && !child) {	/* a command popen started (pclose) */
		if (!procfs_comm(p->block_fd, comm, sizeof comm))
			snprintf(comm, sizeof comm, "?");
		buf_printf(b, "the command it waits for, %s (pid %d, not one of the session's processes), "
			   "has not exited yet", comm, p->block_fd);
		return;
	}
	struct buf who = { 0 };
	int kids = 0;
	for (int i = 1; i <= proc_count(); i++)
		if (proc_get(i)->parent == p->num && !proc_get(i)->dead)
			buf_printf(&who, "%sp%d", kids++ ? ", " : "", i);
	buf_printf(b, "no child of p%d has exited yet (%s still running)", p->num, kids ? who.data : "a child is");
	buf_free(&who);
}

void block_explain(struct proc *p, struct buf *why)
{
	if (p->block && p->block->explain)
		p->block->explain(p, why);
	else if (p->block == &block_wait)
		explain_wait(p, why);
	else
		buf_addstr(why, "the call is waiting");
}

void block_report_stopped(struct proc *p)
{
	out_linef(p->num, LINE_NOTE, "  p%d is stopped: its command waits until p%d gets SIGCONT ('kill p%d CONT')",
		  p->num, p->num, p->num);
}

void block_report(struct proc *p)
{
	struct buf b = { 0 };
	buf_printf(&b, "%s ... blocks: ", p->call_text);
	block_explain(p, &b);
	out_line(p->num, LINE_SAY, b.data);
	buf_free(&b);
}
