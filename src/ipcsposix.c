/* ipcsposix.c - the POSIX sections of ipcs (ipcsposix.h).  Names are as
 * shm_open, mq_open and sem_open take them ("/NAME"); a queue's used-bytes
 * is its QSIZE in /dev/mqueue; a semaphore's value is read from its file. */
#include "ipcsposix.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "ipcsfmt.h"
#include "sysvipc.h"

struct posix_section {
	unsigned kind;
	enum posix_kind pk;
	const char *title;	/* "POSIX Message Queues" */
	const char *size;	/* the list's size column: "used-bytes" */
};
static const struct posix_section sections[] = {
	{ IPCS_PMQ, POSIX_MQ, "POSIX Message Queues", "used-bytes" },
	{ IPCS_PSHM, POSIX_SHM, "POSIX Shared Memory Segments", "bytes" },
	{ IPCS_PSEM, POSIX_SEM, "POSIX Semaphores", NULL },
};

static void head(struct buf *b, const struct ipcs_opts *o, const struct posix_section *s)
{
	const char *size = o->unit == IPCS_UNIT_HUMAN ? "size" : s->size;
	switch (o->format) {
	case IPCS_CREATOR:
		buf_printf(b, "------ %s Owners --------\n%-20s %-10s %-10s %-10s\n", s->title, "name", "perms", "uid",
			   "gid");
		break;
	case IPCS_TIME:
		buf_printf(b, "------ %s Change Times --------\n%-20s %-10s %-20s %-20s\n", s->title, "name", "owner",
			   "modified", "changed");
		break;
	case IPCS_PID:
		buf_printf(b, "------ %s PIDs --------\n%-20s %-10s %-10s\n", s->title, "name", "owner", "notify-pid");
		break;
	default:
		if (size)
			buf_printf(b, "------ %s --------\n%-20s %-10s %-10s %-12s\n", s->title, "name", "owner", "perms",
				   size);
		else
			buf_printf(b, "------ %s --------\n%-20s %-10s %-10s %-10s %-10s\n", s->title, "name", "owner",
				   "perms", "value", "waiters");
	}
}

static void known(struct buf *b, long v, const char *fmt)
{
	if (v >= 0)
		buf_printf(b, fmt, v);
	else
		buf_printf(b, " %-10s", "?");
}

static void row(struct buf *b, const struct ipcs_opts *o, const struct posix_section *s, const struct posix_row *r)
{
	buf_printf(b, "%-20s ", r->name);
	const char *t;
	switch (o->format) {
	case IPCS_CREATOR:
		buf_printf(b, "%-10o", r->mode & 0777);
		ipcs_add_user(b, " %-10s", " %-10u", r->uid);
		ipcs_add_group(b, " %-10s\n", " %-10u\n", r->gid);
		return;
	case IPCS_TIME:
		ipcs_add_user(b, "%-10.10s", "%-10u", r->uid);
		t = ipcs_ctime(r->mtime);
		buf_printf(b, " %-20.16s", t ? t + 4 : "Not set");
		t = ipcs_ctime(r->ctime);
		buf_printf(b, " %-20.16s\n", t ? t + 4 : "Not set");
		return;
	case IPCS_PID:
		ipcs_add_user(b, "%-10.10s", "%-10u", r->uid);
		buf_printf(b, " %-10d\n", r->notify_pid);
		return;
	default:
		ipcs_add_user(b, "%-10.10s", "%-10u", r->uid);
		buf_printf(b, " %-10o ", r->mode & 0777);
		if (!s->size) {
			b->len--;
			known(b, r->value, " %-10ld");
			known(b, r->waiters, " %-10ld");
			buf_addch(b, '\n');
		} else if (o->unit == IPCS_UNIT_HUMAN)
			ipcs_size(b, o->unit, NULL, r->size, "      \n", 6);
		else
			ipcs_size(b, o->unit, NULL, r->size, "\n", -12);
	}
}

static void list(struct buf *b, const struct ipcs_opts *o, const struct posix_section *s)
{
	if (o->format == IPCS_PID && s->pk != POSIX_MQ)
		return;	/* as for System V sets: no pids to show */
	head(b, o, s);
	struct posix_row *rows;
	int n = posixipc_list(s->pk, &rows);
	if (n < 0 && s->pk == POSIX_MQ)
		buf_printf(b, "(%s is not mounted: as root, 'mkdir -p /dev/mqueue; mount -t mqueue none /dev/mqueue')\n",
			   posixipc_dir(s->pk));
	for (int i = 0; i < n; i++) {
		if (o->by_user && rows[i].uid != o->uid)
			continue;
		row(b, o, s, &rows[i]);
		ipcs_end_row(b, ipcs_mark(s->kind, -1, rows[i].name));
	}
	free(rows);
}

static void limits(struct buf *b, const struct ipcs_opts *o, const struct posix_section *s,
		   const struct ipc_limits *l)
{
	enum ipcs_unit u = o->unit == IPCS_UNIT_DEFAULT ? IPCS_UNIT_BYTES : o->unit;
	buf_printf(b, "------ %s Limits --------\n", s->title);
	if (s->pk == POSIX_MQ) {
		buf_printf(b, "max queues system wide = %lld\nmax messages per queue = %lld\n", l->mq_queues_max,
			   l->mq_msg_max);
		ipcs_size(b, u, "max size of message", (unsigned long long)l->mq_msgsize_max, "\n", 0);
	} else if (s->pk == POSIX_SHM) {
		ipcs_size(b, o->unit == IPCS_UNIT_DEFAULT ? IPCS_UNIT_KB : o->unit, "max total shared memory (/dev/shm)",
			  (unsigned long long)l->shm_total, "\n", 0);
	} else {
		buf_printf(b, "semaphore max value = %d\n", INT_MAX);
	}
}

static void summary(struct buf *b, const struct ipcs_opts *o, const struct posix_section *s)
{
	struct posix_row *rows;
	int n = posixipc_list(s->pk, &rows);
	unsigned long long bytes = 0;
	for (int i = 0; i < n; i++)
		bytes += rows[i].size;
	free(rows);
	buf_printf(b, "------ %s Status --------\n", s->title);
	if (n < 0) {
		buf_printf(b, "%s is not mounted\n", posixipc_dir(s->pk));
		return;
	}
	buf_printf(b, "%s = %d\n", s->pk == POSIX_MQ ? "queues" : s->pk == POSIX_SHM ? "segments" : "semaphores", n);
	if (s->pk != POSIX_SEM)
		ipcs_size(b, o->unit, "used space", bytes, o->unit == IPCS_UNIT_DEFAULT ? " bytes\n" : "\n", 0);
}

void ipcs_posix_text(struct buf *b, const struct ipcs_opts *o)
{
	struct ipc_limits l;
	if (o->format == IPCS_LIMITS)
		sysvipc_limits(&l);
	for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
		const struct posix_section *s = &sections[i];
		if (!(o->what & s->kind))
			continue;
		if (o->format == IPCS_LIMITS)
			limits(b, o, s, &l);
		else if (o->format == IPCS_SUMMARY)
			summary(b, o, s);
		else
			list(b, o, s);
		buf_addch(b, '\n');
	}
}
