/* holders.c - scanning /proc/PID/fd of the session's processes for an inode. */
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

int holders_list(unsigned long ino, unsigned modes, struct proc *except, struct buf *out)
{
	int found = 0;
	int ctl = worker_ctl_fd();
	for (int i = 1; i <= proc_count(); i++) {
		struct proc *p = proc_get(i);
		if (!p || p->dead || p == except)
			continue;
		struct fdent *fds;
		int n = procfs_fds(p->pid, &fds);
		for (int k = 0; k < n; k++) {
			if (fds[k].fd == ctl || fds[k].ino != ino || !(mode_bits(fds[k].accmode) & modes))
				continue;
			if (out)
				buf_printf(out, "%sp%d fd %d", found ? ", " : "", p->num, fds[k].fd);
			found++;
		}
		if (n > 0)
			free(fds);
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
	struct fdent *fds;
	unsigned long ino = 0;
	int n = procfs_fds(p->pid, &fds);
	for (int k = 0; k < n; k++) {
		if (fds[k].fd == fd) {
			ino = fds[k].ino;
			if (accmode)
				*accmode = fds[k].accmode;
		}
	}
	if (n > 0)
		free(fds);
	return ino;
}
