/* ipcsid.c - ipcs -i (ipcsid.h). */
#include "ipcsid.h"

#include <ctype.h>
#include <errno.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "buf.h"
#include "ipcsfmt.h"
#include "ipcsjson.h"
#include "out.h"
#include "procfs.h"
#include "sysv.h"
#include "sysvipc.h"

/* "%-26.24s" of ctime, or of "Not set". */
static const char *long_time(long long t)
{
	const char *s = ipcs_ctime(t);
	return s ? s : "Not set";
}

static void msg_text(struct buf *b, const struct ipcs_opts *o, const struct msg_row *m, unsigned long long qbytes)
{
	bool human = o->unit == IPCS_UNIT_HUMAN;
	buf_printf(b, "\nMessage Queue msqid=%d\nuid=%u\tgid=%u\tcuid=%u\tcgid=%u\tmode=%#o\n", m->h.id, m->h.uid, m->h.gid,
		   m->h.cuid, m->h.cgid, m->h.mode);
	ipcs_size(b, o->unit, human ? "csize=" : "cbytes=", m->cbytes, "\t", 0);
	ipcs_size(b, o->unit, human ? "qsize=" : "qbytes=", qbytes, "\t", 0);
	buf_printf(b, "qnum=%lld\tlspid=%d\tlrpid=%d\n", (long long)m->qnum, m->lspid, m->lrpid);
	buf_printf(b, "send_time=%-26.24s\n", long_time(m->stime));
	buf_printf(b, "rcv_time=%-26.24s\n", long_time(m->rtime));
	buf_printf(b, "change_time=%-26.24s\n\n", long_time(m->ctime));
}

static void shm_text(struct buf *b, const struct ipcs_opts *o, const struct shm_row *s)
{
	buf_printf(b, "\nShared memory Segment shmid=%d\nuid=%u\tgid=%u\tcuid=%u\tcgid=%u\n", s->h.id, s->h.uid, s->h.gid,
		   s->h.cuid, s->h.cgid);
	buf_printf(b, "mode=%#o\taccess_perms=%#o\n", s->h.mode, s->h.mode & 0777);
	ipcs_size(b, o->unit, o->unit == IPCS_UNIT_HUMAN ? "size=" : "bytes=", s->segsz, "\t", 0);
	buf_printf(b, "lpid=%u\tcpid=%u\tnattch=%lld\n", (unsigned)s->lpid, (unsigned)s->cpid, (long long)s->nattch);
	buf_printf(b, "att_time=%-26.24s\n", long_time(s->atime));
	buf_printf(b, "det_time=%-26.24s\n", long_time(s->dtime));
	buf_printf(b, "change_time=%-26.24s\n\n", long_time(s->ctime));
}

static void sem_text(struct buf *b, const struct sem_row *s, const struct sem_elem *e)
{
	buf_printf(b, "\nSemaphore Array semid=%d\nuid=%u\t gid=%u\t cuid=%u\t cgid=%u\n", s->h.id, s->h.uid, s->h.gid,
		   s->h.cuid, s->h.cgid);
	buf_printf(b, "mode=%#o, access_perms=%#o\nnsems = %llu\n", s->h.mode, s->h.mode & 0777, s->nsems);
	buf_printf(b, "otime = %-26.24s\n", long_time(s->otime));
	buf_printf(b, "ctime = %-26.24s\n", long_time(s->ctime));
	buf_printf(b, "%-10s %-10s %-10s %-10s %-10s\n", "semnum", "value", "ncount", "zcount", "pid");
	for (unsigned long long i = 0; i < s->nsems; i++)
		buf_printf(b, "%-10llu %-10d %-10d %-10d %-10d\n", i, e[i].val, e[i].ncount, e[i].zcount, e[i].pid);
	buf_addch(b, '\n');
}

/* Every process that has segment ID attached, from /proc/PID/maps: in TEXT
 * as "p1 (pid 4242) at 0x7f..., pid 999 (outside the session) at ...", in
 * PIDS as "4242 999"; how many. */
static int attached(int id, struct buf *text, struct buf *pids)
{
	DIR *d = opendir("/proc");
	if (!d)
		return 0;
	int n = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		pid_t pid = (pid_t)atoi(de->d_name);
		unsigned long addr = 0;
		int times = procfs_shm_attached(pid, id, &addr);
		if (times <= 0)
			continue;
		buf_addstr(text, n ? ", " : "");
		sysv_pid_text(pid, text);
		buf_printf(text, " at %#lx%s", addr, times > 1 ? " (and more)" : "");
		buf_printf(pids, "%s%d", n ? " " : "", (int)pid);
		n++;
	}
	closedir(d);
	return n;
}

static void mark_line(struct buf *b, unsigned kind, int id, const char *what)
{
	const char *handle = ipcs_mark(kind, id, NULL);
	if (handle)
		buf_printf(b, "  %s: this session's %s\n", handle, what);
}

static bool show_msg(const struct ipcs_opts *o, const struct msg_row *m, struct buf *b)
{
	unsigned long long qbytes = sysvipc_qbytes(m->h.id);
	if (o->json || o->raw) {
		ipcs_json_msg(ipcs_table("messages", IPCS_MSG_COLUMNS), IPCS_MSG_COLUMNS, m, qbytes);
		return true;
	}
	msg_text(b, o, m, qbytes);
	mark_line(b, IPCS_MSG, m->h.id, "queue");
	return true;
}

static bool show_shm(const struct ipcs_opts *o, const struct shm_row *s, struct buf *b)
{
	struct buf who = { 0 }, pids = { 0 };
	int n = attached(s->h.id, &who, &pids);
	if (o->json || o->raw)
		ipcs_json_shm(ipcs_table("sharedmemory", IPCS_SHM_COLUMNS), IPCS_SHM_COLUMNS, s, pids.data);
	else {
		shm_text(b, o, s);
		mark_line(b, IPCS_SHM, s->h.id, "segment");
		buf_printf(b, "  attached (/proc/PID/maps): %s\n", n ? who.data : "by no process");
		if ((unsigned long long)n < s->nattch)
			buf_printf(b, "  and %llu more attachment%s that /proc does not show (another user's, or "
				   "another namespace's)\n", s->nattch - (unsigned long long)n, s->nattch - (unsigned long long)n == 1 ? "" : "s");
	}
	buf_free(&who);
	buf_free(&pids);
	return true;
}

static bool show_sem(const struct ipcs_opts *o, const struct sem_row *s, struct buf *b)
{
	struct sem_elem *e = xcalloc(s->nsems ? s->nsems : 1, sizeof *e);
	const char *call = NULL;
	bool ok = sysvipc_sem_values(s->h.id, (int)s->nsems, e, &call) == 0;
	if (!ok)
		out_error("ipcs: %s failed on set %d: %s", call, s->h.id, strerror(errno));
	else if (o->json || o->raw) {
		ipcs_json_sem(ipcs_table("semaphores", IPCS_SEM_COLUMNS), IPCS_SEM_COLUMNS, s);
		struct ipcs_table *t = ipcs_table("values", "SEMNUM# VALUE# NCOUNT# ZCOUNT# PID#");
		for (unsigned long long i = 0; i < s->nsems; i++) {
			char v[5][24];
			snprintf(v[0], 24, "%llu", i);
			snprintf(v[1], 24, "%d", e[i].val);
			snprintf(v[2], 24, "%d", e[i].ncount);
			snprintf(v[3], 24, "%d", e[i].zcount);
			snprintf(v[4], 24, "%d", e[i].pid);
			ipcs_table_row(t, (const char *const[]){ v[0], v[1], v[2], v[3], v[4] });
		}
	} else {
		sem_text(b, s, e);
		mark_line(b, IPCS_SEM, s->h.id, "semaphore set");
	}
	free(e);
	return ok;
}

static bool show_one(const struct ipcs_opts *o, unsigned kind, struct buf *b)
{
	void *rows = NULL;
	bool found = false, ok = true;
	int n = kind == IPCS_MSG ? sysvipc_msgs((struct msg_row **)&rows)
		: kind == IPCS_SHM ? sysvipc_shms((struct shm_row **)&rows)
		: sysvipc_sems((struct sem_row **)&rows);
	size_t size = kind == IPCS_MSG ? sizeof(struct msg_row)
		: kind == IPCS_SHM ? sizeof(struct shm_row) : sizeof(struct sem_row);
	for (int i = 0; i < n && !found; i++) {
		const void *r = (const char *)rows + size * (size_t)i;
		if (((const struct ipc_head *)r)->id != o->id)
			continue;
		found = true;
		ok = kind == IPCS_MSG ? show_msg(o, r, b) : kind == IPCS_SHM ? show_shm(o, r, b) : show_sem(o, r, b);
	}
	free(rows);
	if (!found)
		out_error("ipcs: id %d not found: no %s has it (see 'ipcs %s')", o->id,
			  kind == IPCS_MSG ? "message queue" : kind == IPCS_SHM ? "shared memory segment" : "semaphore set",
			  kind == IPCS_MSG ? "-q" : kind == IPCS_SHM ? "-m" : "-s");
	return found && ok;
}

bool ipcs_id_show(const struct ipcs_opts *o)
{
	struct buf b = { 0 };
	bool ok = show_one(o, o->what & IPCS_SYSV, &b);
	if (ok && (o->json || o->raw))
		ipcs_tables_print(o->json);
	else if (ok)
		out_text(b.data);
	else
		ipcs_tables_drop();
	buf_free(&b);
	return ok;
}
