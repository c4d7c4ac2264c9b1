/* sysvipc.c - reading the kernel's IPC objects, limits and usage (sysvipc.h). */
#include "sysvipc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "buf.h"

#ifndef MQUEUE_MAGIC
#define MQUEUE_MAGIC 0x19800202
#endif

/* The whole of a /proc file (they have no size to stat), NUL-terminated;
 * NULL with errno when it cannot be read. */
static char *read_file(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	size_t cap = 64 * 1024, n = 0;
	char *s = xmalloc(cap);
	for (;;) {
		if (cap - n < 4096)
			s = xrealloc(s, cap *= 2);
		ssize_t r = read(fd, s + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int err = errno;
			free(s);
			close(fd);
			errno = err;
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	s[n] = '\0';
	if (len)
		*len = n;
	return s;
}

/* Reads up to N whitespace-separated numbers of LINE into V (field OCTAL in
 * base 8, as /proc prints perms); the count read.  By hand, not strtoll:
 * 10,000 queues are 140,000 numbers, and strtoll was a fifth of ipcs -q. */
static int numbers(const char *line, long long *v, int n, int octal)
{
	const unsigned char *p = (const unsigned char *)line;
	int i;
	for (i = 0; i < n; i++) {
		while (*p == ' ' || *p == '\t')
			p++;
		bool minus = *p == '-';
		p += minus;
		if (*p < '0' || *p > '9')
			break;
		unsigned long long x = 0, base = i == octal ? 8 : 10;
		for (; *p >= '0' && *p <= '9'; p++)
			x = x * base + (unsigned long long)(*p - '0');
		v[i] = minus ? -(long long)x : (long long)x;
	}
	return i;
}

/* Calls ROW(V, ARG) for each line of /proc/sysvipc/NAME after the header
 * that has NFIELDS numbers (at least MIN); the count of rows, or -1. */
static int each_row(const char *name, int nfields, int min, void (*row)(const long long *v, void *arg), void *arg)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/sysvipc/%s", name);
	char *text = read_file(path, NULL);
	if (!text)
		return -1;
	int count = 0;
	char *line = strchr(text, '\n');
	while (line && *++line) {
		char *next = strchr(line, '\n');
		if (next)
			*next = '\0';
		long long v[16] = { 0 };
		if (numbers(line, v, nfields, 2) >= min) {
			row(v, arg);
			count++;
		}
		line = next;
	}
	free(text);
	return count;
}

static void head_of(const long long *v, struct ipc_head *h, int uid_at)
{
	h->key = (unsigned)(int)v[0];
	h->id = (int)v[1];
	h->mode = (unsigned)v[2];
	h->uid = (unsigned)v[uid_at];
	h->gid = (unsigned)v[uid_at + 1];
	h->cuid = (unsigned)v[uid_at + 2];
	h->cgid = (unsigned)v[uid_at + 3];
}

/* A growing array of rows, for each_row's callbacks. */
struct rows {
	void *v;
	size_t size;
	int n, cap;
};

static void *next_row(struct rows *r)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 64;
		r->v = xrealloc(r->v, r->size * (size_t)r->cap);
	}
	void *p = (char *)r->v + r->size * (size_t)r->n++;
	memset(p, 0, r->size);
	return p;
}

/* key msqid perms cbytes qnum lspid lrpid uid gid cuid cgid stime rtime ctime */
static void msg_line(const long long *v, void *arg)
{
	struct msg_row *m = next_row(arg);
	head_of(v, &m->h, 7);
	m->cbytes = (unsigned long long)v[3];
	m->qnum = (unsigned long long)v[4];
	m->lspid = (int)v[5];
	m->lrpid = (int)v[6];
	m->stime = v[11];
	m->rtime = v[12];
	m->ctime = v[13];
}

/* key shmid perms size cpid lpid nattch uid gid cuid cgid atime dtime ctime [rss swap] */
static void shm_line(const long long *v, void *arg)
{
	struct shm_row *s = next_row(arg);
	head_of(v, &s->h, 7);
	s->segsz = (unsigned long long)v[3];
	s->cpid = (int)v[4];
	s->lpid = (int)v[5];
	s->nattch = (unsigned long long)v[6];
	s->atime = v[11];
	s->dtime = v[12];
	s->ctime = v[13];
}

/* key semid perms nsems uid gid cuid cgid otime ctime */
static void sem_line(const long long *v, void *arg)
{
	struct sem_row *s = next_row(arg);
	head_of(v, &s->h, 4);
	s->nsems = (unsigned long long)v[3];
	s->otime = v[8];
	s->ctime = v[9];
}

static int read_rows(const char *name, int nfields, int min, void (*row)(const long long *, void *), size_t size,
		     void **out)
{
	struct rows r = { .size = size };
	int n = each_row(name, nfields, min, row, &r);
	if (n < 0) {
		free(r.v);
		r.v = NULL;
	}
	*out = r.v;
	return n;
}

int sysvipc_msgs(struct msg_row **rows)
{
	return read_rows("msg", 14, 14, msg_line, sizeof **rows, (void **)rows);
}

int sysvipc_shms(struct shm_row **rows)
{
	return read_rows("shm", 16, 14, shm_line, sizeof **rows, (void **)rows);
}

int sysvipc_sems(struct sem_row **rows)
{
	return read_rows("sem", 10, 10, sem_line, sizeof **rows, (void **)rows);
}

int sysvipc_sem_values(int id, int n, struct sem_elem *out, const char **call)
{
	for (int i = 0; i < n; i++) {
		struct sem_elem *e = &out[i];
		if ((e->val = semctl(id, i, GETVAL)) < 0)
			return *call = "semctl(GETVAL)", -1;
		if ((e->ncount = semctl(id, i, GETNCNT)) < 0)
			return *call = "semctl(GETNCNT)", -1;
		if ((e->zcount = semctl(id, i, GETZCNT)) < 0)
			return *call = "semctl(GETZCNT)", -1;
		if ((e->pid = semctl(id, i, GETPID)) < 0)
			return *call = "semctl(GETPID)", -1;
	}
	return 0;
}

unsigned long long sysvipc_qbytes(int id)
{
	struct msqid_ds ds;
	return msgctl(id, IPC_STAT, &ds) < 0 ? 0 : (unsigned long long)ds.msg_qbytes;
}

/* ---- POSIX ---- */

const char *posixipc_dir(enum posix_kind k)
{
	return k == POSIX_MQ ? "/dev/mqueue" : "/dev/shm";
}

const char *posixipc_path(enum posix_kind k, const char *name, char *buf, size_t size)
{
	const char *base = name[0] == '/' ? name + 1 : name;
	snprintf(buf, size, "%s/%s%s", posixipc_dir(k), k == POSIX_SEM ? "sem." : "", base);
	return buf;
}

/* Which files of /dev/shm are of kind K: sem.NAME are semaphores. */
static bool wanted(enum posix_kind k, const char *file)
{
	if (file[0] == '.')
		return false;
	bool sem = strncmp(file, "sem.", 4) == 0;
	return k == POSIX_MQ || (k == POSIX_SEM) == sem;
}

/* "QSIZE:0          NOTIFY:0     SIGNO:0     NOTIFY_PID:0" */
static void read_queue(int dir, const char *file, struct posix_row *r)
{
	int fd = openat(dir, file, O_RDONLY | O_CLOEXEC);
	char text[256];
	ssize_t n = fd < 0 ? -1 : read(fd, text, sizeof text - 1);
	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return;
	text[n] = '\0';
	const char *q = strstr(text, "QSIZE:"), *p = strstr(text, "NOTIFY_PID:");
	r->size = q ? strtoull(q + 6, NULL, 10) : 0;
	r->notify_pid = p ? atoi(p + 11) : 0;
}

/* A named semaphore is a sem_t in its file.  glibc on 64-bit machines keeps
 * the value in the low 32 bits of its first word and the waiters in the high
 * ones; elsewhere the layout differs, and both stay unknown (-1). */
static void read_semaphore(int dir, const char *file, struct posix_row *r)
{
	r->value = r->waiters = -1;
#if UINTPTR_MAX == UINT64_MAX && defined(__GLIBC__)
	uint64_t data;
	int fd = openat(dir, file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	if (read(fd, &data, sizeof data) == (ssize_t)sizeof data) {
		r->value = (long)(data & 0xffffffffu);
		r->waiters = (long)(data >> 32);
	}
	close(fd);
#endif
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct posix_row *)a)->name, ((const struct posix_row *)b)->name);
}

static bool is_mqueue_fs(const char *dir)
{
	struct statfs fs;
	return statfs(dir, &fs) == 0 && (unsigned long)fs.f_type == MQUEUE_MAGIC;
}

static void fill_row(int dirfd, enum posix_kind k, const char *file, const struct stat *st, struct posix_row *r)
{
	snprintf(r->name, sizeof r->name, "/%s", k == POSIX_SEM ? file + 4 : file);
	r->mode = st->st_mode & 07777;
	r->uid = st->st_uid;
	r->gid = st->st_gid;
	r->size = (unsigned long long)st->st_size;
	r->mtime = st->st_mtime;
	r->ctime = st->st_ctime;
	r->value = r->waiters = -1;
	if (k == POSIX_MQ)
		read_queue(dirfd, file, r);
	else if (k == POSIX_SEM)
		read_semaphore(dirfd, file, r);
}

int posixipc_list(enum posix_kind k, struct posix_row **rows)
{
	*rows = NULL;
	const char *path = posixipc_dir(k);
	if (k == POSIX_MQ && !is_mqueue_fs(path)) {
		errno = ENODEV;
		return -1;
	}
	DIR *d = opendir(path);
	if (!d)
		return -1;
	struct rows r = { .size = sizeof **rows };
	struct dirent *de;
	while ((de = readdir(d))) {
		struct stat st;
		if (!wanted(k, de->d_name) || fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !S_ISREG(st.st_mode))
			continue;
		fill_row(dirfd(d), k, de->d_name, &st, next_row(&r));
	}
	closedir(d);
	if (r.n)
		qsort(r.v, (size_t)r.n, r.size, by_name);
	*rows = r.v;
	return r.n;
}

/* ---- limits and usage ---- */

static bool read_number(const char *path, long long *v)
{
	char *text = read_file(path, NULL);
	if (!text)
		return false;
	char *end;
	errno = 0;
	*v = strtoll(text, &end, 10);
	bool ok = end != text && !errno;
	free(text);
	return ok;
}

static bool read_unumber(const char *path, unsigned long long *v)
{
	char *text = read_file(path, NULL);
	if (!text)
		return false;
	char *end;
	errno = 0;
	*v = strtoull(text, &end, 10);
	bool ok = end != text && !errno;
	free(text);
	return ok;
}

static void msg_limits(struct ipc_limits *l)
{
	long long mni, mnb;
	l->msg = read_number("/proc/sys/kernel/msgmni", &mni) && read_number("/proc/sys/kernel/msgmnb", &mnb) &&
		 read_unumber("/proc/sys/kernel/msgmax", &l->msgmax);
	l->msgmni = (int)(l->msg ? mni : 0);
	l->msgmnb = (int)(l->msg ? mnb : 0);
}

static void shm_limits(struct ipc_limits *l)
{
	l->shmmin = 1;	/* SHMMIN: the kernel has no file for it */
	l->shm = read_unumber("/proc/sys/kernel/shmall", &l->shmall) &&
		 read_unumber("/proc/sys/kernel/shmmax", &l->shmmax) &&
		 read_unumber("/proc/sys/kernel/shmmni", &l->shmmni);
}

static void sem_limits(struct ipc_limits *l)
{
	l->semvmx = 32767;	/* SEMVMX: fixed in the kernel */
	char *text = read_file("/proc/sys/kernel/sem", NULL);
	l->sem = text && sscanf(text, "%d %d %d %d", &l->semmsl, &l->semmns, &l->semopm, &l->semmni) == 4;
	free(text);
}

static void posix_limits(struct ipc_limits *l)
{
	if (!read_number("/proc/sys/fs/mqueue/queues_max", &l->mq_queues_max))
		l->mq_queues_max = -1;
	if (!read_number("/proc/sys/fs/mqueue/msg_max", &l->mq_msg_max))
		l->mq_msg_max = -1;
	if (!read_number("/proc/sys/fs/mqueue/msgsize_max", &l->mq_msgsize_max))
		l->mq_msgsize_max = -1;
	struct statvfs vfs;
	l->shm_total = statvfs("/dev/shm", &vfs) == 0 ? (long long)vfs.f_blocks * (long long)vfs.f_frsize : -1;
}

void sysvipc_limits(struct ipc_limits *l)
{
	memset(l, 0, sizeof *l);
	msg_limits(l);
	shm_limits(l);
	sem_limits(l);
	posix_limits(l);
}

void sysvipc_usage(struct ipc_usage *u)
{
	memset(u, 0, sizeof *u);
	struct msginfo mi;
	if ((u->msg = msgctl(0, MSG_INFO, (struct msqid_ds *)(void *)&mi) >= 0)) {
		u->msgpool = mi.msgpool;
		u->msgmap = mi.msgmap;
		u->msgtql = mi.msgtql;
	}
	struct shm_info si;
	if ((u->shm = shmctl(0, SHM_INFO, (struct shmid_ds *)(void *)&si) >= 0)) {
		u->shm_ids = si.used_ids;
		u->shm_tot = si.shm_tot;
		u->shm_rss = si.shm_rss;
		u->shm_swp = si.shm_swp;
		u->swap_attempts = si.swap_attempts;
		u->swap_successes = si.swap_successes;
	}
	struct seminfo se;
	union semun {
		int val;
		struct semid_ds *buf;
		unsigned short *array;
		struct seminfo *info;
	} arg = { .info = &se };
	if ((u->sem = semctl(0, 0, SEM_INFO, arg) >= 0)) {
		u->semusz = se.semusz;
		u->semaem = se.semaem;
	}
}
