/* scratch.c - the session's private scratch directory. */
#include "scratch.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lessondir.h"
#include "lexer.h"
#include "out.h"
#include "procfs.h"
#include "rmtree.h"
#include "session.h"
#include "watchdog.h"

/* The directory is named after the session that owns it: ipcsh's pid and
 * start time, so that a later start can tell a dead session's directory. */
#define PREFIX SCRATCH_PREFIX

static char *dir;

/* $TMPDIR (made absolute: p1 may be anywhere), else /tmp; NULL after an error. */
static char *temp_dir(void)
{
	const char *tmp = getenv("TMPDIR");
	if (!tmp || !*tmp)
		tmp = "/tmp";
	char *abs = realpath(tmp, NULL);
	if (!abs)
		out_error("cannot make a scratch directory in TMPDIR '%s': %s", tmp, strerror(errno));
	return abs;
}

const char *scratch_dir(void)
{
	if (dir)
		return dir;
	char *tmp = temp_dir();
	if (!tmp)
		return NULL;
	watchdog_scratch_in(tmp);	/* first: it removes the directory if ipcsh is killed */
	struct buf b = { 0 };
	buf_printf(&b, "%s/" PREFIX "%d-%llu-XXXXXX", tmp, (int)getpid(), procfs_start_time(getpid()));
	if (!mkdtemp(b.data)) {
		out_error("cannot make a scratch directory in %s: %s", tmp, strerror(errno));
		buf_free(&b);
	} else {
		dir = buf_take(&b);
		out_mask_text(dir, "<scratch>");
	}
	free(tmp);
	return dir;
}

/* Is NAME the scratch directory of a session that has ended? */
static bool stale(const char *name)
{
	int pid;
	unsigned long long start;
	if (sscanf(name, PREFIX "%d-%llu-", &pid, &start) != 2 || pid <= 0)
		return false;	/* not ours to judge */
	return procfs_start_time(pid) != start;
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

/* Copies the built program NAME of lessons/programs/ into the directory DFD. */
static int copy_program(int dfd, const char *name)
{
	char *path = lesson_program_path(name);
	if (!path) {
		out_error("the lesson's program %s is not built: run make (it is made from lessons/programs/%s.c)",
			  name, name);
		return -1;
	}
	int in = open(path, O_RDONLY | O_CLOEXEC), out = -1;
	unlinkat(dfd, name, 0);
	if (in >= 0)
		out = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0700);
	char buf[65536];
	ssize_t n = 0;
	bool ok = in >= 0 && out >= 0;
	while (ok && (n = read(in, buf, sizeof buf)) > 0)
		ok = write(out, buf, (size_t)n) == n;
	ok = ok && n == 0 && fchmod(out, 0700) == 0;
	if (!ok)
		out_error("cannot copy %s into the scratch directory: %s", path, strerror(errno));
	if (in >= 0)
		close(in);
	if (out >= 0 && close(out) < 0)
		ok = false;
	free(path);
	return ok ? 0 : -1;
}

int scratch_lesson_files(const struct lesson *l)
{
	if (l->nfiles == 0 && l->nprograms == 0)
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
	for (int i = 0; i < l->nprograms && !failed; i++) {
		failed = copy_program(dfd, l->programs[i]);
		buf_printf(&names, "%s%s", names.len ? ", " : "", l->programs[i]);
	}
	close(dfd);
	if (!failed) {
		out_printf("This lesson's files (%s) are in a private scratch directory; p1 works there:", names.data);
		struct buf cmd = { 0 };
		if (strpbrk(d, "'\n\r\t"))
			buf_addstr(&cmd, "@p1 cd "), lex_quote(&cmd, d);
		else
			buf_printf(&cmd, "@p1 cd '%s'", d);
		out_printf("> %s", cmd.data);
		failed = session_run_line(cmd.data, cmd.len) ? -1 : 0;
		buf_free(&cmd);
	}
	buf_free(&names);
	return failed;
}

void scratch_remove(void)
{
	if (!dir)
		return;
	rm_tree(dir);
	free(dir);
	dir = NULL;
}

void scratch_sweep(void)
{
	char *tmp = getenv("TMPDIR") && *getenv("TMPDIR") ? realpath(getenv("TMPDIR"), NULL) : strdup("/tmp");
	DIR *d = tmp ? opendir(tmp) : NULL;
	struct dirent *de;
	while (d && (de = readdir(d))) {
		struct stat st;
		struct buf path = { 0 };
		buf_printf(&path, "%s/%s", tmp, de->d_name);
		if (strncmp(de->d_name, PREFIX, strlen(PREFIX)) == 0 && lstat(path.data, &st) == 0 &&
		    S_ISDIR(st.st_mode) && st.st_uid == getuid() && stale(de->d_name))
			rm_tree(path.data);
		buf_free(&path);
	}
	if (d)
		closedir(d);
	free(tmp);
}
