/* ipcsjson.c - ipcs --json and --raw (ipcsjson.h).  A row is first every
 * field of its object by name, then the columns a format shows are picked
 * from them, so that -t, -p, -c and -i share one description per kind. */
#include "ipcsjson.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/shm.h>

#include "buf.h"
#include "ipcsfmt.h"
#include "out.h"
#include "sysvipc.h"

enum { MAX_FIELDS = 32, FIELD_SIZE = 96 };

struct fields {
	int n;
	const char *name[MAX_FIELDS];
	char value[MAX_FIELDS][FIELD_SIZE];	/* "" for none: null in JSON */
};

static void set(struct fields *f, const char *name, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void set(struct fields *f, const char *name, const char *fmt, ...)
{
	if (f->n == MAX_FIELDS)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(f->value[f->n], FIELD_SIZE, fmt, ap);
	va_end(ap);
	f->name[f->n++] = name;
}

static void set_time(struct fields *f, const char *name, long long t)
{
	char iso[64];
	const char *s = ipcs_isotime(t, iso, sizeof iso);
	set(f, name, "%s", s ? s : "");
}

static void set_user(struct fields *f, const char *name, unsigned uid)
{
	const char *s = ipcs_user_name(uid);
	if (s)
		set(f, name, "%s", s);
	else
		set(f, name, "%u", uid);
}

static void set_group(struct fields *f, const char *name, unsigned gid)
{
	const char *s = ipcs_group_name(gid);
	if (s)
		set(f, name, "%s", s);
	else
		set(f, name, "%u", gid);
}

/* What every System V object has. */
static void set_head(struct fields *f, unsigned kind, const struct ipc_head *h)
{
	const char *mark = ipcs_mark(kind, h->id, NULL);
	set(f, "KEY", "0x%08x", h->key);
	set(f, "ID", "%d", h->id);
	set_user(f, "OWNER", h->uid);
	set(f, "PERMS", "%o", h->mode & 0777);
	set(f, "UID", "%u", h->uid);
	set_user(f, "USER", h->uid);
	set(f, "GID", "%u", h->gid);
	set_group(f, "GROUP", h->gid);
	set(f, "CUID", "%u", h->cuid);
	set_user(f, "CUSER", h->cuid);
	set(f, "CGID", "%u", h->cgid);
	set_group(f, "CGROUP", h->cgid);
	set(f, "HANDLE", "%s", mark ? mark : "");
}

/* The row of columns COLS ("KEY ID# ..."), picked from F, into T. */
static void pick(struct ipcs_table *t, const char *cols, const struct fields *f)
{
	const char *values[MAX_FIELDS] = { 0 };
	int n = 0;
	for (const char *c = cols; *c && n < MAX_FIELDS; n++) {
		size_t len = strcspn(c, " #");
		for (int i = 0; i < f->n; i++)
			if (strlen(f->name[i]) == len && strncmp(f->name[i], c, len) == 0)
				values[n] = f->value[i];
		c += strcspn(c, " ");
		c += strspn(c, " ");
	}
	ipcs_table_row(t, values);
}

void ipcs_json_msg(struct ipcs_table *t, const char *cols, const struct msg_row *m, unsigned long long qbytes)
{
	struct fields f = { 0 };
	set_head(&f, IPCS_MSG, &m->h);
	set(&f, "USEDBYTES", "%llu", m->cbytes);
	set(&f, "MSGS", "%llu", m->qnum);
	set(&f, "QBYTES", "%llu", qbytes);
	set(&f, "LSPID", "%d", m->lspid);
	set(&f, "LRPID", "%d", m->lrpid);
	set_time(&f, "SEND", m->stime);
	set_time(&f, "RECV", m->rtime);
	set_time(&f, "CTIME", m->ctime);
	pick(t, cols, &f);
}

void ipcs_json_shm(struct ipcs_table *t, const char *cols, const struct shm_row *s, const char *attached)
{
	struct fields f = { 0 };
	set_head(&f, IPCS_SHM, &s->h);
	set(&f, "SIZE", "%llu", s->segsz);
	set(&f, "NATTCH", "%llu", s->nattch);
	set(&f, "STATUS", "%s%s%s", s->h.mode & SHM_DEST ? "dest" : "",
	    (s->h.mode & SHM_DEST) && (s->h.mode & SHM_LOCKED) ? "," : "", s->h.mode & SHM_LOCKED ? "locked" : "");
	set(&f, "CPID", "%d", s->cpid);
	set(&f, "LPID", "%d", s->lpid);
	set_time(&f, "ATTACH", s->atime);
	set_time(&f, "DETACH", s->dtime);
	set_time(&f, "CTIME", s->ctime);
	set(&f, "ATTACHED", "%s", attached ? attached : "");
	pick(t, cols, &f);
}

void ipcs_json_sem(struct ipcs_table *t, const char *cols, const struct sem_row *s)
{
	struct fields f = { 0 };
	set_head(&f, IPCS_SEM, &s->h);
	set(&f, "NSEMS", "%llu", s->nsems);
	set_time(&f, "OTIME", s->otime);
	set_time(&f, "CTIME", s->ctime);
	pick(t, cols, &f);
}

static void posix_json(struct ipcs_table *t, const char *cols, unsigned kind, const struct posix_row *r)
{
	struct fields f = { 0 };
	const char *mark = ipcs_mark(kind, -1, r->name);
	set(&f, "NAME", "%s", r->name);
	set_user(&f, "OWNER", r->uid);
	set(&f, "PERMS", "%o", r->mode & 0777);
	set(&f, "UID", "%u", r->uid);
	set(&f, "GID", "%u", r->gid);
	set_group(&f, "GROUP", r->gid);
	set(&f, "SIZE", "%llu", r->size);
	set(&f, "USEDBYTES", "%llu", r->size);
	set(&f, "NOTIFYPID", "%d", r->notify_pid);
	if (r->value >= 0)
		set(&f, "VALUE", "%ld", r->value);
	if (r->waiters >= 0)
		set(&f, "WAITERS", "%ld", r->waiters);
	set_time(&f, "MTIME", r->mtime);
	set_time(&f, "CTIME", r->ctime);
	set(&f, "HANDLE", "%s", mark ? mark : "");
	pick(t, cols, &f);
}

/* ---- the sections ---- */

/* The columns of each format (-t, -p, -c, or the list), per kind. */
struct kind_columns {
	unsigned kind;
	const char *table;
	const char *list, *time, *pid, *creator;
};
static const struct kind_columns kinds[] = {
	{ IPCS_MSG, "messages", "KEY ID# OWNER PERMS USEDBYTES# MSGS# HANDLE", "ID# OWNER SEND RECV CTIME HANDLE",
	  "ID# OWNER LSPID# LRPID# HANDLE", "ID# PERMS CUSER CGROUP USER GROUP HANDLE" },
	{ IPCS_SHM, "sharedmemory", "KEY ID# OWNER PERMS SIZE# NATTCH# STATUS HANDLE",
	  "ID# OWNER ATTACH DETACH CTIME HANDLE", "ID# OWNER CPID# LPID# HANDLE",
	  "ID# PERMS CUSER CGROUP USER GROUP HANDLE" },
	{ IPCS_SEM, "semaphores", "KEY ID# OWNER PERMS NSEMS# HANDLE", "ID# OWNER OTIME CTIME HANDLE", NULL,
	  "ID# PERMS CUSER CGROUP USER GROUP HANDLE" },
	{ IPCS_PMQ, "posix-messages", "NAME OWNER PERMS USEDBYTES# HANDLE", "NAME OWNER MTIME CTIME HANDLE",
	  "NAME OWNER NOTIFYPID# HANDLE", "NAME PERMS OWNER GROUP HANDLE" },
	{ IPCS_PSHM, "posix-sharedmemory", "NAME OWNER PERMS SIZE# HANDLE", "NAME OWNER MTIME CTIME HANDLE", NULL,
	  "NAME PERMS OWNER GROUP HANDLE" },
	{ IPCS_PSEM, "posix-semaphores", "NAME OWNER PERMS VALUE# WAITERS# HANDLE", "NAME OWNER MTIME CTIME HANDLE",
	  NULL, "NAME PERMS OWNER GROUP HANDLE" },
};

static const char *columns_of(const struct kind_columns *k, enum ipcs_format f)
{
	switch (f) {
	case IPCS_TIME: return k->time;
	case IPCS_PID: return k->pid;
	case IPCS_CREATOR: return k->creator;
	default: return k->list;
	}
}

static void sysv_rows(const struct ipcs_opts *o, const struct kind_columns *k, const char *cols)
{
	struct ipcs_table *t = ipcs_table(k->table, cols);
	void *rows = NULL;
	int n = k->kind == IPCS_MSG ? sysvipc_msgs((struct msg_row **)&rows)
		: k->kind == IPCS_SHM ? sysvipc_shms((struct shm_row **)&rows)
		: sysvipc_sems((struct sem_row **)&rows);
	size_t size = k->kind == IPCS_MSG ? sizeof(struct msg_row)
		: k->kind == IPCS_SHM ? sizeof(struct shm_row) : sizeof(struct sem_row);
	for (int i = 0; i < n; i++) {
		const void *r = (const char *)rows + size * (size_t)i;
		if (o->by_user && ((const struct ipc_head *)r)->uid != o->uid)
			continue;
		if (k->kind == IPCS_MSG)
			ipcs_json_msg(t, cols, r, 0);
		else if (k->kind == IPCS_SHM)
			ipcs_json_shm(t, cols, r, NULL);
		else
			ipcs_json_sem(t, cols, r);
	}
	free(rows);
}

static void posix_rows(const struct ipcs_opts *o, const struct kind_columns *k, const char *cols)
{
	enum posix_kind pk = k->kind == IPCS_PMQ ? POSIX_MQ : k->kind == IPCS_PSHM ? POSIX_SHM : POSIX_SEM;
	struct posix_row *rows;
	int n = posixipc_list(pk, &rows);
	if (n < 0 && pk == POSIX_MQ)
		out_warn("%s is not mounted: as root, mount -t mqueue none /dev/mqueue", posixipc_dir(pk));
	struct ipcs_table *t = ipcs_table(k->table, cols);
	for (int i = 0; i < n; i++)
		if (!o->by_user || rows[i].uid == o->uid)
			posix_json(t, cols, k->kind, &rows[i]);
	free(rows);
}

/* A row of -l's or -u's table, when SHOW. */
static void value_row(struct ipcs_table *t, bool show, const char *name, const char *desc, unsigned long long v)
{
	char text[32];
	if (!show)
		return;
	snprintf(text, sizeof text, "%llu", v);
	ipcs_table_row(t, (const char *const[]){ name, desc, text });
}

/* -l: RESOURCE DESCRIPTION LIMIT, in one table. */
static void limits_table(const struct ipcs_opts *o)
{
	struct ipc_limits l;
	sysvipc_limits(&l);
	struct ipcs_table *t = ipcs_table("limits", "RESOURCE DESCRIPTION LIMIT#");
	bool msg = (o->what & IPCS_MSG) && l.msg, shm = (o->what & IPCS_SHM) && l.shm;
	bool sem = (o->what & IPCS_SEM) && l.sem, pmq = o->what & IPCS_PMQ;
	value_row(t, msg, "MSGMNI", "max queues system wide", (unsigned long long)l.msgmni);
	value_row(t, msg, "MSGMAX", "max size of message (bytes)", l.msgmax);
	value_row(t, msg, "MSGMNB", "default max size of queue (bytes)", (unsigned long long)l.msgmnb);
	value_row(t, shm, "SHMMNI", "max number of segments", l.shmmni);
	value_row(t, shm, "SHMMAX", "max seg size (bytes)", l.shmmax);
	value_row(t, shm, "SHMALL", "max total shared memory (pages)", l.shmall);
	value_row(t, shm, "SHMMIN", "min seg size (bytes)", l.shmmin);
	value_row(t, sem, "SEMMNI", "max number of arrays", (unsigned long long)l.semmni);
	value_row(t, sem, "SEMMSL", "max semaphores per array", (unsigned long long)l.semmsl);
	value_row(t, sem, "SEMMNS", "max semaphores system wide", (unsigned long long)l.semmns);
	value_row(t, sem, "SEMOPM", "max ops per semop call", (unsigned long long)l.semopm);
	value_row(t, sem, "SEMVMX", "semaphore max value", l.semvmx);
	value_row(t, pmq && l.mq_queues_max >= 0, "QUEUES_MAX", "max POSIX queues", (unsigned long long)l.mq_queues_max);
	value_row(t, pmq && l.mq_msg_max >= 0, "MSG_MAX", "max messages per POSIX queue", (unsigned long long)l.mq_msg_max);
	value_row(t, pmq && l.mq_msgsize_max >= 0, "MSGSIZE_MAX", "max size of a POSIX message (bytes)",
		  (unsigned long long)l.mq_msgsize_max);
	value_row(t, (o->what & IPCS_PSHM) && l.shm_total >= 0, "SHM_TOTAL", "size of /dev/shm (bytes)",
		  (unsigned long long)l.shm_total);
	value_row(t, o->what & IPCS_PSEM, "SEM_VALUE_MAX", "POSIX semaphore max value", 2147483647ULL);
}

/* -u: RESOURCE DESCRIPTION USED, in one table. */
static void summary_table(const struct ipcs_opts *o)
{
	struct ipc_usage u;
	sysvipc_usage(&u);
	struct ipcs_table *t = ipcs_table("summary", "RESOURCE DESCRIPTION USED#");
	bool msg = (o->what & IPCS_MSG) && u.msg, shm = (o->what & IPCS_SHM) && u.shm, sem = (o->what & IPCS_SEM) && u.sem;
	value_row(t, msg, "MSGPOOL", "allocated queues", (unsigned long long)u.msgpool);
	value_row(t, msg, "MSGMAP", "used headers", (unsigned long long)u.msgmap);
	value_row(t, msg, "MSGTQL", "used space (bytes)", (unsigned)u.msgtql);
	value_row(t, shm, "SHMSEGS", "segments allocated", (unsigned long long)u.shm_ids);
	value_row(t, shm, "SHMTOT", "pages allocated", u.shm_tot);
	value_row(t, shm, "SHMRSS", "pages resident", u.shm_rss);
	value_row(t, shm, "SHMSWP", "pages swapped", u.shm_swp);
	value_row(t, sem, "SEMUSZ", "used arrays", (unsigned long long)u.semusz);
	value_row(t, sem, "SEMAEM", "allocated semaphores", (unsigned long long)u.semaem);
}

void ipcs_tables(const struct ipcs_opts *o)
{
	if (o->format == IPCS_LIMITS)
		limits_table(o);
	else if (o->format == IPCS_SUMMARY)
		summary_table(o);
	else
		for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
			const char *cols = columns_of(&kinds[i], o->format);
			if (!(o->what & kinds[i].kind) || !cols)
				continue;
			if (kinds[i].kind & IPCS_SYSV)
				sysv_rows(o, &kinds[i], cols);
			else
				posix_rows(o, &kinds[i], cols);
		}
	ipcs_tables_print(o->json);
}
