/* watchdog.c - the process that ends a session's processes when ipcsh is gone. */
#include "watchdog.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "procfs.h"
#include "rmtree.h"

enum { ROUNDS = 150, ROUND_MS = 20 };	/* gives up after 3 s of finding more */

static int to_watchdog = -1;	/* ipcsh's end: closing it (or dying) starts the sweep */
static int from_watchdog = -1;	/* end of file once the watchdog has exited */

/* ---- in the watchdog ---- */

/* What ipcsh told of: a worker (pid and start time), or a session p1 leads. */
struct known {
	pid_t pid;
	unsigned long long start;	/* 0 for a session */
	bool confirmed;			/* a session: a member was seen to be ours */
};

struct watch {
	pid_t ipcsh, self;
	char tag[48];		/* "PID-START" of ipcsh */
	char mark[64];		/* "IPCSH_SESSION=PID-START" */
	struct known *workers, *sessions;
	int nworkers, nsessions;
	struct buf dirs;	/* NUL-separated: where scratch directories may be */
	bool all_ended;		/* ipcsh ended everything itself: no sweep */
};

/* A process on the machine, as one round of the sweep saw it. */
struct seen {
	pid_t pid, sid;
	bool ours;		/* marked, or a worker ipcsh told of */
	bool zombie;		/* dead: not to kill, but still a member of its session */
};

/* Does PID carry the mark in the environment it was exec'd with? */
static bool marked(pid_t pid, const char *mark)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/environ", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	struct buf env = { 0 };
	char chunk[4096];
	ssize_t n;
	while ((n = read(fd, chunk, sizeof chunk)) > 0)
		buf_add(&env, chunk, (size_t)n);
	close(fd);
	bool found = false;
	size_t len = strlen(mark) + 1;	/* with its NUL: the whole variable */
	for (size_t i = 0; !found && i + len <= env.len; i += strlen(env.data + i) + 1)
		found = memcmp(env.data + i, mark, len) == 0;
	buf_free(&env);
	return found;
}

static bool known(const struct known *v, int n, pid_t pid, unsigned long long start)
{
	for (int i = 0; i < n; i++)
		if (v[i].pid == pid && v[i].start == start)
			return true;
	return false;
}

/* Every process but the watchdog and ipcsh itself. */
static int look_around(const struct watch *w, struct seen **out)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	int n = 0;
	*out = NULL;
	while (d && (de = readdir(d))) {
		pid_t pid = (pid_t)atoi(de->d_name);
		char st = pid > 1 ? procfs_state(pid) : 0;
		if (!st || pid == w->self || pid == w->ipcsh)
			continue;
		unsigned long long start = procfs_start_time(pid);
		*out = xrealloc(*out, sizeof **out * (size_t)(n + 1));
		(*out)[n++] = (struct seen){ pid, getsid(pid),
					     known(w->workers, w->nworkers, pid, start) || marked(pid, w->mark),
					     st == 'Z' };
	}
	if (d)
		closedir(d);
	return n;
}

/* A session p1 led is ours once one of its members has been seen to be (a
 * worker, a marked program), and stays so: a session's id is not given out
 * again while any process is in it.  (A child between fork and exec, whose
 * parent the last round killed, is such a member.) */
static void confirm_sessions(struct watch *w, const struct seen *v, int n)
{
	for (int i = 0; i < n; i++)
		for (int k = 0; v[i].ours && k < w->nsessions; k++)
			if (w->sessions[k].pid == v[i].sid)
				w->sessions[k].confirmed = true;
}

static bool session_confirmed(const struct watch *w, pid_t sid)
{
	for (int k = 0; k < w->nsessions; k++)
		if (w->sessions[k].pid == sid && w->sessions[k].confirmed)
			return true;
	return false;
}

/* Kills every process of the session still there; returns how many. */
static int kill_round(struct watch *w)
{
	struct seen *v;
	int n = look_around(w, &v), killed = 0;
	confirm_sessions(w, v, n);
	for (int i = 0; i < n; i++)
		if (!v[i].zombie && (v[i].ours || session_confirmed(w, v[i].sid))) {
			kill(v[i].pid, SIGKILL);
			killed++;
		}
	free(v);
	return killed;
}

/* Removes this session's scratch directories in DIR ("ipcsh-scratch-TAG-*"). */
static void remove_scratch(const struct watch *w, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct buf prefix = { 0 };
	buf_printf(&prefix, "%s%s-", SCRATCH_PREFIX, w->tag);
	while (d && (de = readdir(d))) {
		if (strncmp(de->d_name, prefix.data, prefix.len) != 0)
			continue;
		struct buf path = { 0 };
		buf_printf(&path, "%s/%s", dir, de->d_name);
		rm_tree(path.data);
		buf_free(&path);
	}
	if (d)
		closedir(d);
	buf_free(&prefix);
}

static void add_known(struct known **v, int *n, const char *text)
{
	struct known k = { 0 };
	if (sscanf(text, "%d %llu", &k.pid, &k.start) < 1 || k.pid <= 0)
		return;
	*v = xrealloc(*v, sizeof **v * (size_t)(*n + 1));
	(*v)[(*n)++] = k;
}

/* Reads what ipcsh says until the pipe closes: "w PID START" a worker,
 * "s SID" a session p1 leads, "d DIR" where scratch directories are made,
 * "q" all ended. */
static void listen(int fd, struct watch *w)
{
	struct buf in = { 0 };
	char chunk[4096];
	ssize_t n;
	while ((n = read(fd, chunk, sizeof chunk)) > 0 || (n < 0 && errno == EINTR)) {
		buf_add(&in, chunk, n > 0 ? (size_t)n : 0);
		char *nl;
		while (in.len && (nl = memchr(in.data, '\n', in.len))) {
			*nl = '\0';
			if (in.data[0] == 'w')
				add_known(&w->workers, &w->nworkers, in.data + 2);
			else if (in.data[0] == 's')
				add_known(&w->sessions, &w->nsessions, in.data + 2);
			else if (in.data[0] == 'd')
				buf_add(&w->dirs, in.data + 2, strlen(in.data + 2) + 1);
			else if (in.data[0] == 'q')
				w->all_ended = true;
			size_t used = (size_t)(nl - in.data) + 1;
			memmove(in.data, nl + 1, in.len - used);
			in.len -= used;
		}
	}
	buf_free(&in);
}

/* FD: the pipe from ipcsh; DONE: the pipe whose end of file tells ipcsh
 * that the watchdog has finished (it stays open until the exit). */
static void watchdog_main(int fd, int done, const char *tag, pid_t ipcsh)
{
	struct watch w = { .ipcsh = ipcsh, .self = getpid() };
	snprintf(w.tag, sizeof w.tag, "%s", tag);
	snprintf(w.mark, sizeof w.mark, "%s=%s", WATCHDOG_MARK, tag);
	setsid();	/* no group or terminal signal meant for ipcsh reaches it */
	int sigs[] = { SIGINT, SIGQUIT, SIGTSTP, SIGHUP, SIGTTIN, SIGTTOU, SIGPIPE };
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		signal(sigs[i], SIG_IGN);
	int null = open("/dev/null", O_RDWR);
	for (int i = 0; i < 3 && null >= 0; i++)
		dup2(null, i);
	unsigned lo = (unsigned)(fd < done ? fd : done), hi = (unsigned)(fd < done ? done : fd);
	close_range(3, lo - 1, 0);
	close_range(lo + 1, hi - 1, 0);
	close_range(hi + 1, ~0U, 0);
	listen(fd, &w);
	if (w.all_ended)
		_exit(0);
	/* Until two rounds in a row find nothing: a process may be between fork
	 * and exec while a round looks. */
	struct timespec pause = { 0, ROUND_MS * 1000000L };
	for (int round = 0, quiet = 0; round < ROUNDS && quiet < 2; round++) {
		quiet = kill_round(&w) ? 0 : quiet + 1;
		nanosleep(&pause, NULL);
	}
	for (const char *p = w.dirs.data; p && p < w.dirs.data + w.dirs.len; p += strlen(p) + 1)
		remove_scratch(&w, p);
	_exit(0);
}

/* ---- in ipcsh ---- */

static void tell(char what, const char *text)
{
	if (to_watchdog < 0)
		return;
	struct buf b = { 0 };
	buf_printf(&b, "%c %s\n", what, text);
	if (write(to_watchdog, b.data, b.len) < 0) {
		close(to_watchdog);	/* it is gone: nothing more to tell */
		to_watchdog = -1;
	}
	buf_free(&b);
}

int watchdog_start(void)
{
	char tag[48];
	pid_t ipcsh = getpid();
	snprintf(tag, sizeof tag, "%d-%llu", (int)ipcsh, procfs_start_time(ipcsh));
	int in[2], done[2];
	if (setenv(WATCHDOG_MARK, tag, 1) < 0 || pipe2(in, O_CLOEXEC) < 0)
		return -1;
	if (pipe2(done, O_CLOEXEC) < 0) {
		close(in[0]);
		close(in[1]);
		return -1;
	}
	fflush(NULL);
	/* Forked twice, so that it is not ipcsh's child (ipcsh reaps, and at its
	 * end kills, every child it has): the middle process exits at once. */
	pid_t mid = fork();
	if (mid == 0) {
		if (fork() == 0)
			watchdog_main(in[0], done[1], tag, ipcsh);
		_exit(0);
	}
	close(in[0]);
	close(done[1]);
	if (mid > 0)
		while (waitpid(mid, NULL, 0) < 0 && errno == EINTR)
			;
	to_watchdog = in[1];
	from_watchdog = done[0];
	return mid < 0 ? -1 : 0;
}

void watchdog_worker(pid_t pid)
{
	char s[48];
	snprintf(s, sizeof s, "%d %llu", (int)pid, procfs_start_time(pid));
	tell('w', s);
}

void watchdog_session(pid_t sid)
{
	char s[16];
	snprintf(s, sizeof s, "%d", (int)sid);
	tell('s', s);
}

void watchdog_scratch_in(const char *dir)
{
	if (!strchr(dir, '\n'))
		tell('d', dir);
}

void watchdog_stop(void)
{
	tell('q', "");
	if (to_watchdog >= 0)
		close(to_watchdog);
	to_watchdog = -1;
	char c;
	ssize_t n;
	while (from_watchdog >= 0 && ((n = read(from_watchdog, &c, 1)) > 0 || (n < 0 && errno == EINTR)))
		;
	if (from_watchdog >= 0)
		close(from_watchdog);
	from_watchdog = -1;
}
