/* holders.c - scanning /proc/PID/fd of the session's processes for an inode.
 *
 * A worker's fds change only while it runs an op that is not keeps_fds, and
 * its "done" says so (struct proc's fd_gen): so the fd list of an idle worker
 * is read once and kept, and 'objects' or 'pipe info' in a session of 1000
 * pipes reads /proc once, not once per pipe.  Any other process (running or
 * blocked in a command, or running a program) is read afresh each time. */
#include "holders.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "proc.h"
#include "procfs.h"
#include "worker.h"

static unsigned mode_bits(int accmode)
{
	switch (accmode) {
	case O_RDONLY: return 1;
	case O_WRONLY: return 2;
	case O_RDWR: return 3;
	}
	return 0;
}

/* The kept fd list of one process. */
struct kept {
	pid_t pid;
	unsigned gen;	/* its fd_gen when read */
	struct fdent *fds;
	int n;		/* -1: none kept */
};
static struct kept *kept;	/* by process number */
static int nkept;

/* P's fds, kept or read now; N gets the count (-1 when unreadable).  The
 * list stays valid until the next call for P. */
static struct fdent *fds_of(struct proc *p, int *n)
{
	if (p->num >= nkept) {
		kept = xrealloc(kept, sizeof *kept * (size_t)(p->num + 1));
		for (int i = nkept; i <= p->num; i++)
			kept[i] = (struct kept){ .n = -1 };
		nkept = p->num + 1;
	}
	struct kept *k = &kept[p->num];
	bool idle = p->state == PS_IDLE;
	if (idle && k->n >= 0 && k->pid == p->pid && k->gen == p->fd_gen) {
		*n = k->n;
		return k->fds;
	}
	free(k->fds);
	*k = (struct kept){ .pid = p->pid, .gen = p->fd_gen };
	k->n = procfs_fds_modes(p->pid, &k->fds, false);	/* modes when wanted (mode_of) */
	if (k->n < 0)
		k->fds = NULL;
	*n = k->n;
	if (!idle)
		k->gen--;	/* read while it may change: good for this call only */
	return k->fds;
}

/* The access mode of entry E of P's fds, read the first time it is wanted. */
static int mode_of(const struct proc *p, struct fdent *e)
{
	if (e->accmode == PROCFS_MODE_UNREAD)
		e->accmode = procfs_fd_accmode(p->pid, e->fd);
	return e->accmode;
}

void holders_forget(void)
{
	for (int i = 0; i < nkept; i++)
		free(kept[i].fds);
	free(kept);
	kept = NULL;
	nkept = 0;
}

int holders_list(unsigned long ino, unsigned modes, struct proc *except, struct buf *out)
{
	int found = 0;
	int ctl = worker_ctl_fd();
	for (int i = 1; i <= proc_count(); i++) {
		struct proc *p = proc_get(i);
		if (!p || p->dead || p == except)
			continue;
		int n;
		struct fdent *fds = fds_of(p, &n);
		for (int k = 0; k < n; k++) {
			if (fds[k].fd == ctl || fds[k].ino != ino || !(mode_bits(mode_of(p, &fds[k])) & modes))
				continue;
			if (out)
				buf_printf(out, "%sp%d fd %d", found ? ", " : "", p->num, fds[k].fd);
			found++;
		}
	}
	return found;
}

bool holders_pid_holds(pid_t pid, const char *type, unsigned long ino)
{
	struct fdent *fds;
	int n = procfs_fds(pid, &fds);
	bool found = false;
	for (int k = 0; k < n; k++)
		found |= fds[k].ino == ino && strncmp(fds[k].target, type, strlen(type)) == 0;
	if (n > 0)
		free(fds);
	return found;
}

unsigned long holders_fd_ino(struct proc *p, int fd, int *accmode)
{
	int n;
	unsigned long ino = 0;
	struct fdent *fds = fds_of(p, &n);
	for (int k = 0; k < n; k++) {
		if (fds[k].fd == fd) {
			ino = fds[k].ino;
			if (accmode)
				*accmode = mode_of(p, &fds[k]);
		}
	}
	return ino;
}
