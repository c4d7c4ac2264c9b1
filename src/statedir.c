/* statedir.c - ipcsh's state directory (lesson progress, session journals)
 * and its configuration file (the rc file that 'set --save' writes). */
#include "statedir.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"

/* mkdir -p, mode 0700, for PATH's directories; PATH itself too when WHOLE. */
static void make_dirs(char *path, bool whole)
{
	for (char *s = path + 1; *s; s++) {
		if (*s == '/') {
			*s = '\0';
			mkdir(path, 0700);
			*s = '/';
		}
	}
	if (whole)
		mkdir(path, 0700);
}

/* $VAR/ipcsh/NAME when VAR is an absolute path, else ~/FALLBACK/ipcsh/NAME. */
static char *xdg_path(const char *var, const char *fallback, const char *name)
{
	struct buf b = { 0 };
	const char *dir = getenv(var), *home = getenv("HOME");
	if (dir && *dir == '/')
		buf_printf(&b, "%s/ipcsh/%s", dir, name);
	else if (home && *home)
		buf_printf(&b, "%s/%s/ipcsh/%s", home, fallback, name);
	else
		return NULL;
	return buf_take(&b);
}

char *state_dir(const char *sub)
{
	char *dir = xdg_path("XDG_STATE_HOME", ".local/state", sub);
	if (dir)
		make_dirs(dir, true);
	return dir;
}

char *config_file(const char *name)
{
	return xdg_path("XDG_CONFIG_HOME", ".config", name);
}

static int write_all(int fd, const char *text, size_t len)
{
	while (len) {
		ssize_t n = write(fd, text, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		text += n;
		len -= (size_t)n;
	}
	return 0;
}

int file_replace(const char *path, const char *text, size_t len)
{
	char target[PATH_MAX];
	struct stat st;
	/* A link (an rc file kept with the user's other dotfiles) stays a link. */
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && realpath(path, target))
		path = target;
	struct buf tmp = { 0 };
	buf_printf(&tmp, "%s.XXXXXX", path);
	make_dirs(tmp.data, false);
	int fd = mkostemp(tmp.data, O_CLOEXEC);	/* mode 0600 */
	if (fd < 0) {
		buf_free(&tmp);
		return -1;
	}
	int r = write_all(fd, text, len) < 0 || fsync(fd) < 0 ? -1 : 0;
	int saved = errno;
	if (close(fd) < 0 && r == 0) {
		r = -1;
		saved = errno;
	}
	if (r == 0 && rename(tmp.data, path) < 0) {
		r = -1;
		saved = errno;
	}
	if (r < 0)
		unlink(tmp.data);
	buf_free(&tmp);
	errno = saved;
	return r;
}
