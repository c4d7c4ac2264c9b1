/* ipcs.c - ipcs's options, and its System V sections as util-linux's ipcs
 * prints them, format for format (ipcs.h).  The POSIX sections are in
 * ipcsposix.c, one object's details (-i) in ipcsid.c. */
#include "ipcs.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/shm.h>
#include <unistd.h>

#include "buf.h"
#include "ipcsfmt.h"
#include "ipcsid.h"
#include "ipcsjson.h"
#include "ipcsposix.h"
#include "objtab.h"
#include "out.h"
#include "sysvipc.h"

/* ---- options ---- */

enum { OPT_HUMAN = 256, OPT_JSON, OPT_RAW, OPT_MESSAGES, OPT_USER };

static const struct option long_options[] = {
	{ "id", required_argument, NULL, 'i' },
	{ "queues", no_argument, NULL, 'q' },
	{ "shmems", no_argument, NULL, 'm' },
	{ "semaphores", no_argument, NULL, 's' },
	{ "posix-shmems", no_argument, NULL, 'M' },
	{ "posix-mqueues", no_argument, NULL, 'Q' },
	{ "posix-semaphores", no_argument, NULL, 'S' },
	{ "all", no_argument, NULL, 'a' },
	{ "time", no_argument, NULL, 't' },
	{ "pid", no_argument, NULL, 'p' },
	{ "creator", no_argument, NULL, 'c' },
	{ "limits", no_argument, NULL, 'l' },
	{ "summary", no_argument, NULL, 'u' },
	{ "human", no_argument, NULL, OPT_HUMAN },
	{ "bytes", no_argument, NULL, 'b' },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "raw", no_argument, NULL, OPT_RAW },
	{ "messages", no_argument, NULL, OPT_MESSAGES },
	{ "user", required_argument, NULL, OPT_USER },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

const char *ipcs_help(void)
{
	return "ipcs [-m|-q|-s|-M|-Q|-S|-a] [-t|-p|-c|-l|-u] [-b|--human] [--user NAME] [--json|--raw]\n"
	       "ipcs -m|-q|-s -i ID|REF [--messages]\n"
	       "  -q, --queues  -m, --shmems  -s, --semaphores   System V (all three by default)\n"
	       "  -Q, --posix-mqueues  -M, --posix-shmems  -S, --posix-semaphores   POSIX\n"
	       "  -a, --all     every kind, POSIX after System V\n"
	       "  -t, --time  -p, --pid  -c, --creator  -l, --limits  -u, --summary\n"
	       "  -b, --bytes  --human   sizes in bytes, or 4.9K\n"
	       "  -i, --id ID   one object's details (REF: a handle of this session, msg1)\n"
	       "  --messages    with -q -i: the queued messages, copied by the process (MSG_COPY)\n"
	       "  --user NAME   only the objects NAME owns\n"
	       "  --json, --raw the tables through libsmartcols, with lsipc's column names";
}

/* -i's argument: a number as util-linux takes it (strtol, base 10), or a
 * session handle of a System V kind. */
static bool parse_id(const char *arg, struct ipcs_opts *o, struct buf *err)
{
	int num;
	enum obj_kind k = obj_parse_ref(arg, &num);
	if (k == OBJ_MSG || k == OBJ_SHM || k == OBJ_SEM) {
		struct object *obj = obj_find(k, num);
		if (!obj || obj->gone) {
			buf_printf(err, "there is no %s (or it is gone)", arg);
			return false;
		}
		o->id = obj->id;
		o->what |= k == OBJ_MSG ? IPCS_MSG : k == OBJ_SHM ? IPCS_SHM : IPCS_SEM;
		return true;
	}
	char *end;
	errno = 0;
	long v = strtol(arg, &end, 10);
	if (!*arg || *end || errno || v < INT_MIN || v > INT_MAX) {
		buf_printf(err, "failed to parse id argument: '%s'", arg);
		return false;
	}
	o->id = (int)v;
	return true;
}

static bool take_option(int c, struct ipcs_opts *o, struct buf *err)
{
	switch (c) {
	case 'i': o->by_id = true; return parse_id(optarg, o, err);
	case 'q': o->what |= IPCS_MSG; break;
	case 'm': o->what |= IPCS_SHM; break;
	case 's': o->what |= IPCS_SEM; break;
	case 'Q': o->what |= IPCS_PMQ; break;
	case 'M': o->what |= IPCS_PSHM; break;
	case 'S': o->what |= IPCS_PSEM; break;
	case 'a': o->what |= IPCS_SYSV | IPCS_POSIX; break;
	case 't': o->format = IPCS_TIME; break;
	case 'p': o->format = IPCS_PID; break;
	case 'c': o->format = IPCS_CREATOR; break;
	case 'l': o->format = IPCS_LIMITS; break;
	case 'u': o->format = IPCS_SUMMARY; break;
	case 'b': o->unit = IPCS_UNIT_BYTES; break;
	case OPT_HUMAN: o->unit = IPCS_UNIT_HUMAN; break;
	case OPT_JSON: o->json = true; break;
	case OPT_RAW: o->raw = true; break;
	case OPT_MESSAGES: o->messages = true; break;
	case 'h': o->help = true; break;
	case OPT_USER:
		o->by_user = true;
		if (!ipcs_user(optarg, &o->uid)) {
			buf_printf(err, "no user '%s'", optarg);
			return false;
		}
		break;
	}
	return true;
}

/* What makes no sense together, as util-linux says (and ours). */
static bool check_options(struct ipcs_opts *o, struct buf *err)
{
	unsigned sysv = o->what & IPCS_SYSV;
	if (o->by_id && (o->what & IPCS_POSIX || !(sysv == IPCS_MSG || sysv == IPCS_SHM || sysv == IPCS_SEM))) {
		buf_addstr(err, "when using an ID, a single resource must be specified (-q, -m or -s)");
		return false;
	}
	if (o->messages && !(o->by_id && sysv == IPCS_MSG)) {
		buf_addstr(err, "--messages goes with -q -i ID");
		return false;
	}
	if (o->json && o->raw) {
		buf_addstr(err, "--json or --raw, not both");
		return false;
	}
	if (!o->what)
		o->what = IPCS_SYSV;
	return true;
}

bool ipcs_parse(int argc, char **argv, struct ipcs_opts *o, struct buf *err)
{
	*o = (struct ipcs_opts){ .format = IPCS_LIST };
	optind = 0;	/* glibc: start afresh, a new argv */
	opterr = 0;
	int c, at;
	while ((c = getopt_long(argc, argv, ":i:qmsMQSatpclubh", long_options, &at)) != -1) {
		if (c == '?' && optopt > 0 && optopt < 128) {
			buf_printf(err, "invalid option -- '%c'", optopt);
			return false;
		}
		if (c == '?' || c == ':') {	/* an unknown or ambiguous long option, or an argument missing */
			buf_printf(err, c == ':' ? "option '%s' requires an argument" : "unrecognized or ambiguous option '%s'",
				   argv[optind - 1]);
			return false;
		}
		if (!take_option(c, o, err))
			return false;
	}
	if (optind < argc) {	/* util-linux ignores them; a learner's typo is better said */
		buf_printf(err, "unexpected argument '%s'", argv[optind]);
		return false;
	}
	return check_options(o, err);
}

/* ---- the System V sections, as text ---- */

/* ipcs's " %-20.16s" of ctime + 4 (-t of queues and segments). */
static void short_time(struct buf *b, long long t, const char *end)
{
	const char *s = ipcs_ctime(t);
	buf_printf(b, " %-20.16s%s", s ? s + 4 : "Not set", end);
}

static void owner_of(struct buf *b, const char *idfmt, int id, unsigned uid)
{
	buf_printf(b, idfmt, id);
	ipcs_add_user(b, " %-10.10s", " %-10u", uid);
}

/* -c: "%-10d %-10o" then cuid, cgid, uid and gid, names when they have one. */
static void creator_row(struct buf *b, const struct ipc_head *h)
{
	buf_printf(b, "%-10d %-10o", h->id, h->mode & 0777);
	ipcs_add_user(b, " %-10s", " %-10u", h->cuid);
	ipcs_add_group(b, " %-10s", " %-10u", h->cgid);
	ipcs_add_user(b, " %-10s", " %-10u", h->uid);
	ipcs_add_group(b, " %-10s\n", " %-10u\n", h->gid);
}

static void msg_head(struct buf *b, const struct ipcs_opts *o)
{
	switch (o->format) {
	case IPCS_CREATOR:
		buf_printf(b, "------ Message Queues Creators/Owners --------\n%-10s %-10s %-10s %-10s %-10s %-10s\n",
			   "msqid", "perms", "cuid", "cgid", "uid", "gid");
		break;
	case IPCS_TIME:
		buf_printf(b, "------ Message Queues Send/Recv/Change Times --------\n%-8s %-10s %-20s %-20s %-20s\n",
			   "msqid", "owner", "send", "recv", "change");
		break;
	case IPCS_PID:
		buf_printf(b, "------ Message Queues PIDs --------\n%-10s %-10s %-10s %-10s\n", "msqid", "owner", "lspid",
			   "lrpid");
		break;
	default:
		buf_printf(b, "------ Message Queues --------\n%-10s %-10s %-10s %-10s %-12s %-12s\n", "key", "msqid",
			   "owner", "perms", o->unit == IPCS_UNIT_HUMAN ? "size" : "used-bytes", "messages");
	}
}

static void msg_row(struct buf *b, const struct ipcs_opts *o, const struct msg_row *m)
{
	switch (o->format) {
	case IPCS_CREATOR:
		creator_row(b, &m->h);
		break;
	case IPCS_TIME:
		owner_of(b, "%-8d", m->h.id, m->h.uid);
		short_time(b, m->stime, "");
		short_time(b, m->rtime, "");
		short_time(b, m->ctime, "\n");
		break;
	case IPCS_PID:
		owner_of(b, "%-8d", m->h.id, m->h.uid);
		buf_printf(b, "  %5d     %5d\n", m->lspid, m->lrpid);
		break;
	default:
		buf_printf(b, "0x%08x ", m->h.key);
		owner_of(b, "%-10d", m->h.id, m->h.uid);
		buf_printf(b, " %-10o ", m->h.mode & 0777);
		if (o->unit == IPCS_UNIT_HUMAN)
			ipcs_size(b, o->unit, NULL, m->cbytes, "      ", 6);
		else
			ipcs_size(b, o->unit, NULL, m->cbytes, NULL, -12);
		buf_printf(b, " %-12llu\n", m->qnum);
	}
}

static void shm_head(struct buf *b, const struct ipcs_opts *o)
{
	switch (o->format) {
	case IPCS_CREATOR:
		buf_printf(b, "------ Shared Memory Segment Creators/Owners --------\n%-10s %-10s %-10s %-10s %-10s %-10s\n",
			   "shmid", "perms", "cuid", "cgid", "uid", "gid");
		break;
	case IPCS_TIME:
		buf_printf(b, "------ Shared Memory Attach/Detach/Change Times --------\n%-10s %-10s %-20s %-20s %-20s\n",
			   "shmid", "owner", "attached", "detached", "changed");
		break;
	case IPCS_PID:
		buf_printf(b, "------ Shared Memory Creator/Last-op PIDs --------\n%-10s %-10s %-10s %-10s\n", "shmid",
			   "owner", "cpid", "lpid");
		break;
	default:
		buf_printf(b, "------ Shared Memory Segments --------\n%-10s %-10s %-10s %-10s %-10s %-10s %-12s\n", "key",
			   "shmid", "owner", "perms", o->unit == IPCS_UNIT_HUMAN ? "size" : "bytes", "nattch", "status");
	}
}

static void shm_row(struct buf *b, const struct ipcs_opts *o, const struct shm_row *s)
{
	switch (o->format) {
	case IPCS_CREATOR:
		creator_row(b, &s->h);
		break;
	case IPCS_TIME:
		owner_of(b, "%-10d", s->h.id, s->h.uid);
		short_time(b, s->atime, "");
		short_time(b, s->dtime, "");
		short_time(b, s->ctime, "\n");
		break;
	case IPCS_PID:
		owner_of(b, "%-10d", s->h.id, s->h.uid);
		buf_printf(b, " %-10u %-10u\n", (unsigned)s->cpid, (unsigned)s->lpid);
		break;
	default:
		buf_printf(b, "0x%08x ", s->h.key);
		owner_of(b, "%-10d", s->h.id, s->h.uid);
		buf_printf(b, " %-10o ", s->h.mode & 0777);
		if (o->unit == IPCS_UNIT_HUMAN)
			ipcs_size(b, o->unit, NULL, s->segsz, "    ", 6);
		else
			ipcs_size(b, o->unit, NULL, s->segsz, NULL, -10);
		buf_printf(b, " %-10llu %-6s %-6s\n", s->nattch, s->h.mode & SHM_DEST ? "dest" : " ",
			   s->h.mode & SHM_LOCKED ? "locked" : " ");
	}
}

static void sem_head(struct buf *b, const struct ipcs_opts *o)
{
	switch (o->format) {
	case IPCS_CREATOR:
		buf_printf(b, "------ Semaphore Arrays Creators/Owners --------\n%-10s %-10s %-10s %-10s %-10s %-10s\n",
			   "semid", "perms", "cuid", "cgid", "uid", "gid");
		break;
	case IPCS_TIME:
		buf_printf(b, "------ Semaphore Operation/Change Times --------\n%-8s %-10s %-26.24s %-26.24s\n", "semid",
			   "owner", "last-op", "last-changed");
		break;
	case IPCS_PID:	/* util-linux has no pids for sets: nothing at all */
		break;
	default:
		buf_printf(b, "------ Semaphore Arrays --------\n%-10s %-10s %-10s %-10s %-10s\n", "key", "semid", "owner",
			   "perms", "nsems");
	}
}

static void sem_row(struct buf *b, const struct ipcs_opts *o, const struct sem_row *s)
{
	const char *t;
	switch (o->format) {
	case IPCS_CREATOR:
		creator_row(b, &s->h);
		break;
	case IPCS_TIME:
		owner_of(b, "%-8d", s->h.id, s->h.uid);
		t = ipcs_ctime(s->otime);
		buf_printf(b, "  %-26.24s", t ? t : "Not set");
		t = ipcs_ctime(s->ctime);
		buf_printf(b, " %-26.24s\n", t ? t : "Not set");
		break;
	case IPCS_PID:
		break;
	default:
		buf_printf(b, "0x%08x ", s->h.key);
		owner_of(b, "%-10d", s->h.id, s->h.uid);
		buf_printf(b, " %-10o %-10llu\n", s->h.mode & 0777, s->nsems);
	}
}

static bool shown(const struct ipcs_opts *o, const struct ipc_head *h)
{
	return !o->by_user || h->uid == o->uid;
}

/* One kind's rows (ROWS, N of them, SIZE bytes each), marked when the session's. */
static void rows_text(struct buf *b, const struct ipcs_opts *o, unsigned kind, const void *rows, int n, size_t size,
		      void (*row)(struct buf *, const struct ipcs_opts *, const void *))
{
	for (int i = 0; i < n; i++) {
		const struct ipc_head *h = (const void *)((const char *)rows + size * (size_t)i);
		if (!shown(o, h))
			continue;
		size_t before = b->len;
		row(b, o, h);
		if (b->len > before)
			ipcs_end_row(b, ipcs_mark(kind, h->id, NULL));
	}
}

static void msg_row_v(struct buf *b, const struct ipcs_opts *o, const void *r) { msg_row(b, o, r); }
static void shm_row_v(struct buf *b, const struct ipcs_opts *o, const void *r) { shm_row(b, o, r); }
static void sem_row_v(struct buf *b, const struct ipcs_opts *o, const void *r) { sem_row(b, o, r); }

static void list_text(struct buf *b, const struct ipcs_opts *o, unsigned kind)
{
	void *rows = NULL;
	int n;
	if (kind == IPCS_MSG) {
		msg_head(b, o);
		n = sysvipc_msgs((struct msg_row **)&rows);
		rows_text(b, o, kind, rows, n, sizeof(struct msg_row), msg_row_v);
	} else if (kind == IPCS_SHM) {
		shm_head(b, o);
		n = sysvipc_shms((struct shm_row **)&rows);
		rows_text(b, o, kind, rows, n, sizeof(struct shm_row), shm_row_v);
	} else {
		sem_head(b, o);
		n = sysvipc_sems((struct sem_row **)&rows);
		rows_text(b, o, kind, rows, n, sizeof(struct sem_row), sem_row_v);
	}
	free(rows);
}

/* ---- -l and -u ---- */

/* shmall pages in kilobytes or bytes, as util-linux computes it: an
 * overflow gives the largest multiple of the page (or its kilobytes). */
static unsigned long long shm_total(unsigned long long shmall, unsigned long long unit)
{
	unsigned long long t = shmall * unit;
	if (shmall && t / shmall != unit)
		t = ULLONG_MAX - (ULLONG_MAX % unit);
	return t;
}

static void shm_limits(struct buf *b, const struct ipcs_opts *o, const struct ipc_limits *l)
{
	unsigned long long page = (unsigned long long)getpagesize();
	enum ipcs_unit u = o->unit;
	buf_printf(b, "------ Shared Memory Limits --------\nmax number of segments = %llu\n", l->shmmni);
	ipcs_size(b, u == IPCS_UNIT_DEFAULT ? IPCS_UNIT_KB : u, "max seg size", l->shmmax, "\n", 0);
	if (u == IPCS_UNIT_KB || u == IPCS_UNIT_DEFAULT)
		ipcs_size(b, IPCS_UNIT_DEFAULT, "max total shared memory (kbytes)", shm_total(l->shmall, page / 1024),
			  "\n", 0);
	else
		ipcs_size(b, u, "max total shared memory", shm_total(l->shmall, page), "\n", 0);
	ipcs_size(b, u == IPCS_UNIT_DEFAULT ? IPCS_UNIT_BYTES : u, "min seg size", l->shmmin, "\n", 0);
}

static void limits_text(struct buf *b, const struct ipcs_opts *o, unsigned kind, const struct ipc_limits *l)
{
	enum ipcs_unit u = o->unit == IPCS_UNIT_DEFAULT ? IPCS_UNIT_BYTES : o->unit;
	if (kind == IPCS_MSG && !l->msg)
		buf_addstr(b, "unable to fetch message limits\n");
	else if (kind == IPCS_MSG) {
		buf_printf(b, "------ Messages Limits --------\nmax queues system wide = %d\n", l->msgmni);
		ipcs_size(b, u, "max size of message", l->msgmax, "\n", 0);
		ipcs_size(b, u, "default max size of queue", (unsigned long long)l->msgmnb, "\n", 0);
	} else if (kind == IPCS_SHM && !l->shm)
		buf_addstr(b, "unable to fetch shared memory limits\n");
	else if (kind == IPCS_SHM)
		shm_limits(b, o, l);
	else if (!l->sem)
		buf_addstr(b, "unable to fetch semaphore limits\n");
	else
		buf_printf(b, "------ Semaphore Limits --------\nmax number of arrays = %d\nmax semaphores per array = %d\n"
			   "max semaphores system wide = %d\nmax ops per semop call = %d\nsemaphore max value = %u\n",
			   l->semmni, l->semmsl, l->semmns, l->semopm, l->semvmx);
}

static void summary_text(struct buf *b, const struct ipcs_opts *o, unsigned kind, const struct ipc_usage *u)
{
	if (kind == IPCS_MSG && !u->msg)
		buf_addstr(b, "kernel not configured for message queues\n");
	else if (kind == IPCS_MSG) {
		buf_printf(b, "------ Messages Status --------\nallocated queues = %d\nused headers = %d\n", u->msgpool,
			   u->msgmap);
		ipcs_size(b, o->unit, "used space", (unsigned long long)(unsigned)u->msgtql,
			  o->unit == IPCS_UNIT_DEFAULT ? " bytes\n" : "\n", 0);
	} else if (kind == IPCS_SHM && !u->shm)
		buf_addstr(b, "kernel not configured for shared memory\n");
	else if (kind == IPCS_SHM)
		buf_printf(b, "------ Shared Memory Status --------\nsegments allocated %d\npages allocated %ld\n"
			   "pages resident  %ld\npages swapped   %ld\nSwap performance: %ld attempts\t %ld successes\n",
			   u->shm_ids, (long)u->shm_tot, (long)u->shm_rss, (long)u->shm_swp, (long)u->swap_attempts,
			   (long)u->swap_successes);
	else if (!u->sem)
		buf_addstr(b, "kernel not configured for semaphores\n");
	else
		buf_printf(b, "------ Semaphore Status --------\nused arrays = %d\nallocated semaphores = %d\n", u->semusz,
			   u->semaem);
}

/* ---- the whole ---- */

static void section_text(struct buf *b, const struct ipcs_opts *o, unsigned kind, const struct ipc_limits *l,
			 const struct ipc_usage *u)
{
	if (o->format == IPCS_LIMITS)
		limits_text(b, o, kind, l);
	else if (o->format == IPCS_SUMMARY)
		summary_text(b, o, kind, u);
	else
		list_text(b, o, kind);
	buf_addch(b, '\n');
}

static void show_text(const struct ipcs_opts *o)
{
	static const unsigned order[] = { IPCS_MSG, IPCS_SHM, IPCS_SEM };
	struct ipc_limits l;
	struct ipc_usage u;
	if (o->format == IPCS_LIMITS)
		sysvipc_limits(&l);
	if (o->format == IPCS_SUMMARY)
		sysvipc_usage(&u);
	struct buf b = { 0 };
	buf_addch(&b, '\n');
	for (int i = 0; i < 3; i++)
		if (o->what & order[i])
			section_text(&b, o, order[i], &l, &u);
	ipcs_posix_text(&b, o);
	out_text(b.data);
	buf_free(&b);
}

bool ipcs_show(const struct ipcs_opts *o)
{
	if (o->help) {
		out_text(ipcs_help());
		return true;
	}
	bool ok = true;
	ipcs_marks_load();
	if (o->by_id)
		ok = ipcs_id_show(o);
	else if (o->json || o->raw)
		ipcs_tables(o);
	else
		show_text(o);
	ipcs_marks_free();
	return ok;
}
