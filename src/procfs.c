/* procfs.c - reading /proc/PID/{fd,fdinfo,stat,syscall}. */
#include "procfs.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "buf.h"

static int read_small(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return (int)n;
}

int procfs_fd_accmode(pid_t pid, int fd)
{
	char path[64], text[512];
	snprintf(path, sizeof path, "/proc/%d/fdinfo/%d", (int)pid, fd);
	if (read_small(path, text, sizeof text) < 0)
		return -1;
	char *f = strstr(text, "flags:");
	return f ? (int)(strtol(f + 6, NULL, 8) & O_ACCMODE) : -1;
}

static int cmp_fd(const void *a, const void *b)
{
	return ((const struct fdent *)a)->fd - ((const struct fdent *)b)->fd;
}

/* fds at or above the soft RLIMIT_NOFILE cannot be the program's own: tools
 * such as valgrind keep theirs there. */
static int fd_limit(void)
{
	static int limit;
	struct rlimit rl;
	if (!limit)
		limit = getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < (rlim_t)INT_MAX ? (int)rl.rlim_cur : INT_MAX;
	return limit;
}

int procfs_fds(pid_t pid, struct fdent **out)
{
	return procfs_fds_modes(pid, out, true);
}

int procfs_fds_modes(pid_t pid, struct fdent **out, bool modes)
{
	char dir[64];
	snprintf(dir, sizeof dir, "/proc/%d/fd", (int)pid);
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	struct fdent *v = NULL;
	int n = 0;
	struct dirent *de;
	/* Listing our own fds, the one reading the directory is not one of them. */
	int own = pid == getpid() ? dirfd(d) : -1;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || atoi(de->d_name) == own || atoi(de->d_name) >= fd_limit())
			continue;
		struct fdent e = { .fd = atoi(de->d_name) };
		char path[400];
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		ssize_t len = readlink(path, e.target, sizeof e.target - 1);
		if (len < 0)
			continue;	/* closed while we looked */
		e.target[len] = '\0';
		const char *br = strchr(e.target, '[');
		if (br && (strncmp(e.target, "pipe:", 5) == 0 || strncmp(e.target, "socket:", 7) == 0))
			e.ino = strtoul(br + 1, NULL, 10);
		else {
			struct stat st;
			if (stat(path, &st) == 0)
				e.ino = st.st_ino;
		}
		e.accmode = modes ? procfs_fd_accmode(pid, e.fd) : PROCFS_MODE_UNREAD;
		v = xrealloc(v, sizeof *v * (size_t)(n + 1));
		v[n++] = e;
	}
	closedir(d);
	if (n > 0)
		qsort(v, (size_t)n, sizeof *v, cmp_fd);
	*out = v;
	return n;
}

/* The fields after "(comm)": field 3 is at index 0. */
static char *stat_fields(pid_t pid, char *buf, size_t size)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if (read_small(path, buf, size) < 0)
		return NULL;
	char *rp = strrchr(buf, ')');
	return rp && rp[1] == ' ' ? rp + 2 : NULL;
}

static long stat_field(pid_t pid, int field)
{
	char buf[1024];
	char *p = stat_fields(pid, buf, sizeof buf);
	if (!p)
		return -1;
	for (int i = 3; i < field && p; i++) {
		p = strchr(p, ' ');
		if (p)
			p++;
	}
	return p ? strtol(p, NULL, 10) : -1;
}

char procfs_state(pid_t pid)
{
	char buf[1024];
	char *p = stat_fields(pid, buf, sizeof buf);
	return p ? *p : 0;
}

int procfs_shm_attached(pid_t pid, int shmid, unsigned long *addr)
{
	char path[64], line[512];
	snprintf(path, sizeof path, "/proc/%d/maps", (int)pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return 0;
	int n = 0;
	while (fgets(line, sizeof line, f)) {
		unsigned long start, ino;
		int name = 0;
		/* start-end perms offset dev inode path */
		if (sscanf(line, "%lx-%*x %*s %*x %*x:%*x %lu %n", &start, &ino, &name) < 2 || !name)
			continue;
		if (ino != (unsigned long)shmid || strncmp(line + name, "/SYSV", 5) != 0)
			continue;
		if (n++ == 0 && addr)
			*addr = start;
	}
	fclose(f);
	return n;
}

bool procfs_signal_pending(pid_t pid)
{
	char path[64], text[4096];
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	if (read_small(path, text, sizeof text) < 0)
		return false;
	static const char *const fields[] = { "\nSigPnd:", "\nShdPnd:", "\nSigBlk:" };
	unsigned long long mask[3] = { 0 };
	for (int i = 0; i < 3; i++) {
		const char *f = strstr(text, fields[i]);
		mask[i] = f ? strtoull(f + strlen(fields[i]), NULL, 16) : 0;
	}
	return ((mask[0] | mask[1]) & ~mask[2]) != 0;	/* a blocked one waits for good */
}

long procfs_syscall(pid_t pid)
{
	long arg0;
	return procfs_syscall_arg0(pid, &arg0);
}

long procfs_syscall_args(pid_t pid, long args[6])
{
	char path[64], text[256];
	snprintf(path, sizeof path, "/proc/%d/syscall", (int)pid);
	memset(args, 0, 6 * sizeof *args);
	if (read_small(path, text, sizeof text) < 0)
		return -3;
	if (strncmp(text, "running", 7) == 0)
		return -2;
	char *end;
	long nr = strtol(text, &end, 10);
	/* Each register in hex ("0xffffffffffffffff" for -1) */
	for (int i = 0; i < 6 && *end; i++)
		args[i] = (long)strtoull(end, &end, 16);
	return nr;
}

long procfs_syscall_arg0(pid_t pid, long *arg0)
{
	long args[6];
	long nr = procfs_syscall_args(pid, args);
	*arg0 = (int)args[0];	/* an int argument */
	return nr;
}

int procfs_exit_code(pid_t pid)
{
	return (int)stat_field(pid, 52);
}

bool procfs_comm(pid_t pid, char *out, size_t size)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/comm", (int)pid);
	if (read_small(path, out, size) < 0)
		return false;
	out[strcspn(out, "\n")] = '\0';
	return true;
}

int procfs_children(pid_t pid, pid_t *out, int max)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/task/%d/children", (int)pid, (int)pid);
	FILE *f = fopen(path, "re");
	int n = 0, child;
	while (f && n < max && fscanf(f, "%d", &child) == 1)
		out[n++] = (pid_t)child;
	if (f)
		fclose(f);
	return n;
}

/* Is zombie Z's parent asleep in a wait that collects it (and so about to
 * wake)?  A zombie whose parent is not waiting stays as it is. */
static bool zombie_awaited(pid_t z)
{
	long arg0;
	long nr = procfs_syscall_arg0(procfs_ppid(z), &arg0);
	if (nr == SYS_waitid)
		return true;
	return nr == SYS_wait4 && (arg0 <= 0 || arg0 == z);	/* -1: any child; 0, < -1: a group */
}

bool procfs_active(pid_t pid)
{
	char st = procfs_state(pid);
	if (st == 'Z')
		return zombie_awaited(pid);
	return st == 'R' || st == 'D' || procfs_syscall(pid) == -2;
}

static bool descendant_running(pid_t pid, int depth)
{
	pid_t kids[64];
	int n = depth < 8 ? procfs_children(pid, kids, 64) : 0;
	for (int i = 0; i < n; i++)
		if (procfs_active(kids[i]) || descendant_running(kids[i], depth + 1))
			return true;
	return false;
}

bool procfs_child_running(pid_t pid)
{
	return descendant_running(pid, 0);
}

unsigned long long procfs_start_time(pid_t pid)
{
	long t = stat_field(pid, 22);
	return t > 0 ? (unsigned long long)t : 0;
}

pid_t procfs_ppid(pid_t pid)
{
	return (pid_t)stat_field(pid, 4);
}
