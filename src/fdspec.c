/* fdspec.c - fd specs: built by the controller, resolved by the worker. */
#include "fdspec.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "family.h"
#include "objtab.h"
#include "procfs.h"
#include "worker.h"

void fd_spec_num(char *spec, size_t size, long fd)
{
	snprintf(spec, size, "%ld", fd);
}

void fd_spec_obj(char *spec, size_t size, const struct object *o, int accmode)
{
	snprintf(spec, size, "@%lu:%s:%s", o->ino, accmode == O_RDONLY ? "r" : accmode == O_WRONLY ? "w" : "any",
		 o->handle);
}

/* Is FD the pipe or file INO, open for MODE (O_RDONLY, O_WRONLY, or -1 for any)? */
static bool fd_is(int fd, unsigned long ino, int mode)
{
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0 || (unsigned long)st.st_ino != ino)
		return false;
	return mode < 0 || (fcntl(fd, F_GETFL) & O_ACCMODE) == mode;
}

/* Where the worker found objects' ends among its fds.  Only the worker's own
 * ops change its fd table, and the worker's fd epoch moves on after any op
 * not marked keeps_fds, so a hit in the same epoch needs no system call. */
static struct {
	unsigned long ino;
	int mode, fd;
} fd_cache[16];
static unsigned fd_cache_next, fd_cache_epoch;

/* An fd argument is a number, or "@INO:MODE:NAME": the fd of this process
 * that is pipe INO opened for MODE (r, w or any), so the controller need not
 * read /proc to find it. */
int fd_resolve(const char *spec)
{
	if (spec[0] != '@')
		return atoi(spec);
	char *end;
	unsigned long ino = strtoul(spec + 1, &end, 10);
	int mode = end[1] == 'r' ? O_RDONLY : end[1] == 'w' ? O_WRONLY : -1;
	const char *name = strchr(end + 1, ':');
	if (fd_cache_epoch != worker_fd_epoch()) {
		memset(fd_cache, 0, sizeof fd_cache);
		fd_cache_epoch = worker_fd_epoch();
	}
	for (unsigned i = 0; i < COUNT(fd_cache); i++)
		if (fd_cache[i].ino == ino && fd_cache[i].mode == mode)
			return fd_cache[i].fd;
	struct fdent *fds;
	int n = procfs_fds(getpid(), &fds), found = -1;
	for (int i = 0; i < n && found < 0; i++)
		if (fds[i].fd != worker_ctl_fd() && fd_is(fds[i].fd, ino, mode))
			found = fds[i].fd;
	if (n > 0)
		free(fds);
	if (found < 0) {
		w_error("holds no %s of %s (closed, or never inherited; see 'fds')",
			mode == O_RDONLY ? "read end" : mode == O_WRONLY ? "write end" : "end",
			name ? name + 1 : "it");
		return -1;
	}
	unsigned slot = fd_cache_next++ % COUNT(fd_cache);
	fd_cache[slot].ino = ino;
	fd_cache[slot].mode = mode;
	fd_cache[slot].fd = found;
	return found;
}
