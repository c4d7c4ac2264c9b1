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

#include "objtab.h"
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

/* Calls FN for each fd on INO, in MODES, of the live session processes but
 * EXCEPT; returns how many there were. */
static int each_holder(unsigned long ino, unsigned modes, struct proc *except,
		       void (*fn)(struct proc *p, const struct fdent *e, int nth, struct buf *out), struct buf *out)
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
				fn(p, &fds[k], found, out);
			found++;
		}
	}
	return found;
}

static void holder_text(struct proc *p, const struct fdent *e, int nth, struct buf *out)
{
	buf_printf(out, "%sp%d fd %d", nth ? ", " : "", p->num, e->fd);
}

int holders_list(unsigned long ino, unsigned modes, struct proc *except, struct buf *out)
{
	return each_holder(ino, modes, except, holder_text, out);
}

static void holder_json(struct proc *p, const struct fdent *e, int nth, struct buf *out)
{
	static const char *const modes[] = { "", "r", "w", "rw" };
	buf_printf(out, "%s{\"proc\": \"p%d\", \"pid\": %d, \"fd\": %d, \"mode\": \"%s\"}", nth ? ", " : "",
		   p->num, (int)p->pid, e->fd, modes[mode_bits(e->accmode)]);
}

/* The processes of the session attached to System V segment ID. */
static int shm_attachers(int id, struct buf *out)
{
	int found = 0;
	for (int i = 1; i <= proc_count(); i++) {
		struct proc *p = proc_get(i);
		int n = p && !p->dead ? procfs_shm_attached(p->pid, id, NULL) : 0;
		if (n > 0)
			buf_printf(out, "%s{\"proc\": \"p%d\", \"pid\": %d, \"attachments\": %d}", found++ ? ", " : "",
				   p->num, (int)p->pid, n);
	}
	return found;
}

void holders_json_fds(unsigned long ino, unsigned modes, struct buf *out)
{
	buf_addch(out, '[');
	each_holder(ino, modes, NULL, holder_json, out);
	buf_addch(out, ']');
}

void holders_json(const struct object *o, struct buf *out)
{
	if (!o->gone && o->ino) {
		holders_json_fds(o->ino, 3, out);
		return;
	}
	buf_addch(out, '[');
	if (!o->gone && o->kind == OBJ_SHM && o->id >= 0)
		shm_attachers(o->id, out);
	buf_addch(out, ']');	/* nobody holds what is gone */
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
