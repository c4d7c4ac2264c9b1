/* scratch.c - the session's private scratch directory. */
#include "scratch.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "out.h"
#include "session.h"

static char *dir;

const char *scratch_dir(void)
{
	if (dir)
		return dir;
	const char *tmp = getenv("TMPDIR");
	if (!tmp || tmp[0] != '/' || strpbrk(tmp, "'\"\\ \t\n"))
		tmp = "/tmp";
	struct buf b = { 0 };
	buf_printf(&b, "%s/ipcsh-scratch-XXXXXX", tmp);
	if (!mkdtemp(b.data)) {
		out_error("cannot make a scratch directory in %s: %s", tmp, strerror(errno));
		buf_free(&b);
		return NULL;
	}
	dir = buf_take(&b);
	out_mask_text(dir, "<scratch>");
	return dir;
}

/* Writes one file, replacing what a learner may have left under its name. */
static int write_file(int dfd, const struct lfile *f)
{
	unlinkat(dfd, f->name, 0);
	int fd = openat(dfd, f->name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, f->mode);
	if (fd < 0)
		return -1;
	size_t len = strlen(f->content);
	bool ok = write(fd, f->content, len) == (ssize_t)len && (!len || write(fd, "\n", 1) == 1);
	ok = fchmod(fd, (mode_t)f->mode) == 0 && ok;	/* the umask must not take bits away */
	return close(fd) == 0 && ok ? 0 : -1;
}

int scratch_lesson_files(const struct lesson *l)
{
	if (l->nfiles == 0)
		return 0;
	const char *d = scratch_dir();
	int dfd = d ? open(d, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
	if (dfd < 0 && d && errno == ENOENT) {	/* removed behind our back: make another */
		free(dir);
		dir = NULL;
		d = scratch_dir();
		dfd = d ? open(d, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
	}
	if (dfd < 0) {
		if (d)
			out_error("cannot open the scratch directory %s: %s", d, strerror(errno));
		return -1;
	}
	struct buf names = { 0 };
	int failed = 0;
	for (int i = 0; i < l->nfiles && !failed; i++) {
		if (write_file(dfd, &l->files[i]) < 0) {
			out_error("cannot write %s/%s: %s", d, l->files[i].name, strerror(errno));
			failed = -1;
		}
		buf_printf(&names, "%s%s", i ? ", " : "", l->files[i].name);
	}
	close(dfd);
	if (!failed) {
		out_printf("This lesson's files (%s) are in a private scratch directory; p1 works there:", names.data);
		struct buf cmd = { 0 };
		buf_printf(&cmd, "@p1 cd '%s'", d);
		out_printf("> %s", cmd.data);
		failed = session_run_line(cmd.data, cmd.len) ? -1 : 0;
		buf_free(&cmd);
	}
	buf_free(&names);
	return failed;
}

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (type == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

void scratch_remove(void)
{
	if (!dir)
		return;
	nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
	dir = NULL;
}
