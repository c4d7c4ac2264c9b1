/* fdspec.c - fd specs: built by the controller, resolved by the worker. */
#include "fdspec.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "family.h"
#include "objtab.h"
#include "worker.h"

void fd_spec_num(char *spec, size_t size, long fd)
{
	snprintf(spec, size, "%ld", fd);
}

/* "@INO:MODE:HINT:NAME": HINT is the fd the object was made on, where the
 * end most often still is (no dup2 or close moved it). */
void fd_spec_obj(char *spec, size_t size, const struct object *o, int accmode)
{
	snprintf(spec, size, "@%lu:%s:%d:%s", o->ino, accmode == O_RDONLY ? "r" : accmode == O_WRONLY ? "w" : "any",
		 o->fd[accmode == O_WRONLY], o->handle);
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

/* The fd of this process that is INO open for MODE, looked for among its open
 * fds (an fstat each: /proc/self/fd is only read for their numbers); -1 if none. */
static int find_fd(unsigned long ino, int mode)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	int found = -1, ctl = worker_ctl_fd(), own = d ? dirfd(d) : -1;
	while (d && found < 0 && (de = readdir(d))) {
		int fd = atoi(de->d_name);
		if (de->d_name[0] != '.' && fd != ctl && fd != own && fd_is(fd, ino, mode))
			found = fd;
	}
	if (d)
		closedir(d);
	return found;
}

/* An fd argument is a number, or "@INO:MODE:HINT:NAME" (fd_spec_obj): the fd
 * of this process that is INO open for MODE (r, w or any), so the controller
 * need not read /proc to find it. */
int fd_resolve(const char *spec)
{
	if (spec[0] != '@')
		return atoi(spec);
	char *end;
	unsigned long ino = strtoul(spec + 1, &end, 10);
	int mode = end[1] == 'r' ? O_RDONLY : end[1] == 'w' ? O_WRONLY : -1;
	const char *hint = strchr(end + 1, ':');
	const char *name = hint ? strchr(hint + 1, ':') : NULL;
	if (fd_cache_epoch != worker_fd_epoch()) {
		memset(fd_cache, 0, sizeof fd_cache);
		fd_cache_epoch = worker_fd_epoch();
	}
	for (unsigned i = 0; i < COUNT(fd_cache); i++)
		if (fd_cache[i].ino == ino && fd_cache[i].mode == mode)
			return fd_cache[i].fd;
	int found = hint && fd_is(atoi(hint + 1), ino, mode) ? atoi(hint + 1) : find_fd(ino, mode);
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
