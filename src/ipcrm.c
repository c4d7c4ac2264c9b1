/* ipcrm.c - ipcrm's words made into a plan of removals (ipcrm.h). */
#include "ipcrm.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "ipcsfmt.h"
#include "objtab.h"
#include "sysvipc.h"

enum { OPT_PSHM = 256, OPT_PMQ, OPT_PSEM, OPT_DRY_RUN, OPT_USER };

static const struct option long_options[] = {
	{ "shmem-id", required_argument, NULL, 'm' },
	{ "shmem-key", required_argument, NULL, 'M' },
	{ "queue-id", required_argument, NULL, 'q' },
	{ "queue-key", required_argument, NULL, 'Q' },
	{ "semaphore-id", required_argument, NULL, 's' },
	{ "semaphore-key", required_argument, NULL, 'S' },
	{ "posix-shmem", required_argument, NULL, OPT_PSHM },
	{ "posix-mqueue", required_argument, NULL, OPT_PMQ },
	{ "posix-semaphore", required_argument, NULL, OPT_PSEM },
	{ "all", optional_argument, NULL, 'a' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "user", required_argument, NULL, OPT_USER },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* The kinds -a takes, in util-linux's order, and their --all= words. */
static const struct {
	char kind;
	const char *word, *name;
} kinds[] = {
	{ RM_SHM, "shm", "shared memory segment" },
	{ RM_PSHM, "pshm", "POSIX shared memory" },
	{ RM_SEM, "sem", "semaphore set" },
	{ RM_PSEM, "psem", "POSIX semaphore" },
	{ RM_MSG, "msg", "message queue" },
	{ RM_PMQ, "pmsg", "POSIX message queue" },
};
enum { NKINDS = sizeof kinds / sizeof kinds[0] };

const char *ipcrm_help(void)
{
	return "ipcrm [-q|-m|-s ID|REF]... [-Q|-M|-S KEY]... [--posix-mqueue|--posix-shmem|--posix-semaphore NAME]...\n"
	       "ipcrm shm|msg|sem ID...\n"
	       "ipcrm -a [shm|msg|sem|pshm|pmsg|psem] [--user NAME] [--dry-run] [-v]\n"
	       "  -q, --queue-id ID  -m, --shmem-id ID  -s, --semaphore-id ID   by id (or a handle: msg1)\n"
	       "  -Q, --queue-key KEY  -M, --shmem-key KEY  -S, --semaphore-key KEY   by key (0x1234)\n"
	       "  -a, --all[=KIND]   everything (of KIND); asks first at a terminal\n"
	       "  --dry-run          say what would go, remove nothing\n"
	       "  --user NAME        -a takes only the objects NAME owns\n"
	       "  -v, --verbose      say each removal";
}

const char *ipcrm_kind_name(char kind)
{
	for (int i = 0; i < NKINDS; i++)
		if (kinds[i].kind == kind)
			return kinds[i].name;
	return "object";
}

static unsigned ipcs_kind_of(char kind)
{
	switch (kind) {
	case RM_MSG: return IPCS_MSG;
	case RM_SHM: return IPCS_SHM;
	case RM_SEM: return IPCS_SEM;
	case RM_PMQ: return IPCS_PMQ;
	case RM_PSHM: return IPCS_PSHM;
	default: return IPCS_PSEM;
	}
}

static struct rm_item *add(struct rm_plan *p, char kind, char how)
{
	p->v = xrealloc(p->v, sizeof *p->v * (size_t)(p->n + 1));
	struct rm_item *it = &p->v[p->n++];
	memset(it, 0, sizeof *it);
	it->kind = kind;
	it->how = how;
	return it;
}

/* An id: a number as util-linux takes it, or a session handle of that kind. */
static bool parse_id(char kind, const char *w, long *id, struct buf *err)
{
	int num;
	enum obj_kind k = obj_parse_ref(w, &num);
	enum obj_kind want = kind == RM_MSG ? OBJ_MSG : kind == RM_SHM ? OBJ_SHM : OBJ_SEM;
	if (k != OBJ_NONE) {
		struct object *o = k == want ? obj_find(k, num) : NULL;
		const struct obj_ops *ops = o ? obj_ops(k) : NULL;
		/* A handle whose object is gone names nothing: its old id may be another's now. */
		if (o && !o->gone && ops && ops->alive)
			ops->alive(o);
		if (!o)
			buf_printf(err, k == want ? "there is no %s" : "%s is not a %s", w, ipcrm_kind_name(kind));
		else if (o->gone)
			buf_printf(err, "%s is gone already (removed)", w);
		else
			*id = o->id;
		return o && !o->gone;
	}
	char *end;
	errno = 0;
	long v = strtol(w, &end, 10);
	if (!*w || *end || errno || v < 0 || v > INT_MAX) {
		buf_printf(err, "invalid id: '%s' (an id is a number, as ipcs shows it, or a handle: msg1)", w);
		return false;
	}
	*id = v;
	return true;
}

static bool parse_key(const char *w, long *key, struct buf *err)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(w, &end, 0);
	if (!*w || *end || errno || v > 0xffffffffUL) {
		buf_printf(err, "failed to parse argument: '%s' (a key is 0x1234, or a number)", w);
		return false;
	}
	if (v == 0) {
		buf_printf(err, "illegal key (%s): IPC_PRIVATE objects have no key to find them by; use the id", w);
		return false;
	}
	*key = (long)v;
	return true;
}

static bool add_name(struct rm_plan *p, char kind, const char *name, struct buf *err)
{
	if (name[0] != '/' || !name[1] || strchr(name + 1, '/') || strlen(name) >= sizeof p->v->name) {
		buf_printf(err, "invalid name '%s': a POSIX name is '/' and a word without '/' (/demo)", name);
		return false;
	}
	snprintf(add(p, kind, RM_NAME)->name, sizeof p->v->name, "%s", name);
	return true;
}

/* --all=WORD: the bit of each kind it takes. */
static bool all_kinds(const char *w, unsigned *mask, struct buf *err)
{
	for (int i = 0; i < NKINDS; i++)
		if (strcmp(w, kinds[i].word) == 0) {
			*mask |= 1u << i;
			return true;
		}
	buf_printf(err, "unknown argument: %s (-a takes shm, msg, sem, pshm, pmsg or psem)", w);
	return false;
}

static bool is_kind_word(const char *w)
{
	for (int i = 0; i < NKINDS; i++)
		if (strcmp(w, kinds[i].word) == 0)
			return true;
	return false;
}

static bool take_option(int c, char **argv, int argc, struct rm_plan *p, unsigned *all, struct buf *err)
{
	long v;
	switch (c) {
	case 'q': case 'm': case 's':
		if (!parse_id((char)c, optarg, &v, err))
			return false;
		add(p, (char)c, RM_ID)->value = v;
		return true;
	case 'Q': case 'M': case 'S':
		if (!parse_key(optarg, &v, err))
			return false;
		add(p, (char)(c - 'A' + 'a'), RM_KEY)->value = v;
		return true;
	case OPT_PSHM: return add_name(p, RM_PSHM, optarg, err);
	case OPT_PMQ: return add_name(p, RM_PMQ, optarg, err);
	case OPT_PSEM: return add_name(p, RM_PSEM, optarg, err);
	case 'a':
		p->all = true;
		/* "-a shm" with a space: the kind, as the user meant (util-linux
		 * takes it as a stray argument, after removing every kind) */
		if (!optarg && optind < argc && is_kind_word(argv[optind]))
			optarg = argv[optind++];
		if (!optarg) {
			*all = (1u << NKINDS) - 1;
			return true;
		}
		return all_kinds(optarg, all, err);
	case 'v': p->verbose = true; return true;
	case 'h': p->help = true; return true;
	case OPT_DRY_RUN: p->dry_run = true; return true;
	case OPT_USER:
		p->by_user = true;
		if (!ipcs_user(optarg, &p->uid)) {
			buf_printf(err, "no user '%s'", optarg);
			return false;
		}
		return true;
	}
	return false;
}

/* "shm|msg|sem ID...": util-linux's first form. */
static bool deprecated_form(int argc, char **argv, struct rm_plan *p, struct buf *err)
{
	char kind = strcmp(argv[1], "shm") == 0 ? RM_SHM : strcmp(argv[1], "msg") == 0 ? RM_MSG : RM_SEM;
	p->deprecated = true;
	if (argc < 3) {
		buf_addstr(err, "not enough arguments: which ids?");
		return false;
	}
	for (int i = 2; i < argc; i++) {
		long v;
		if (!parse_id(kind, argv[i], &v, err))
			return false;
		add(p, kind, RM_ID)->value = v;
	}
	return true;
}

static void note_head(struct rm_item *it, const struct ipc_head *h)
{
	const char *owner = ipcs_user_name(h->uid);
	char uid[16];
	snprintf(uid, sizeof uid, "%u", h->uid);
	snprintf(it->name, sizeof it->name, "key 0x%08x, owner %s", h->key, owner ? owner : uid);
}

/* -a's System V objects of KIND, now. */
static void every_sysv(struct rm_plan *p, char kind)
{
	void *rows = NULL;
	int n = kind == RM_MSG ? sysvipc_msgs((struct msg_row **)&rows)
		: kind == RM_SHM ? sysvipc_shms((struct shm_row **)&rows)
		: sysvipc_sems((struct sem_row **)&rows);
	size_t size = kind == RM_MSG ? sizeof(struct msg_row)
		: kind == RM_SHM ? sizeof(struct shm_row) : sizeof(struct sem_row);
	for (int i = 0; i < n; i++) {
		const struct ipc_head *h = (const void *)((const char *)rows + size * (size_t)i);
		if (p->by_user && h->uid != p->uid)
			continue;
		struct rm_item *it = add(p, kind, RM_ID);
		it->value = h->id;
		note_head(it, h);
	}
	free(rows);
}

static void every_posix(struct rm_plan *p, char kind)
{
	struct posix_row *rows;
	enum posix_kind pk = kind == RM_PMQ ? POSIX_MQ : kind == RM_PSHM ? POSIX_SHM : POSIX_SEM;
	int n = posixipc_list(pk, &rows);
	for (int i = 0; i < n; i++)
		if (!p->by_user || rows[i].uid == p->uid)
			snprintf(add(p, kind, RM_NAME)->name, sizeof p->v->name, "%s", rows[i].name);
	free(rows);
}

static void mark_items(struct rm_plan *p)
{
	ipcs_marks_load();
	for (int i = 0; i < p->n; i++) {
		struct rm_item *it = &p->v[i];
		if (it->how == RM_ID || it->how == RM_NAME)
			it->handle = ipcs_mark(ipcs_kind_of(it->kind), (int)it->value, it->name);
	}
	ipcs_marks_free();
}

bool ipcrm_parse(int argc, char **argv, struct rm_plan *p, struct buf *err)
{
	*p = (struct rm_plan){ 0 };
	if (argc > 1 && (strcmp(argv[1], "shm") == 0 || strcmp(argv[1], "msg") == 0 || strcmp(argv[1], "sem") == 0)) {
		if (!deprecated_form(argc, argv, p, err))
			return false;
		mark_items(p);
		return true;
	}
	unsigned all = 0;
	optind = 0;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "+:q:m:s:Q:M:S:a::vh", long_options, NULL)) != -1) {
		if (c == '?' && optopt > 0 && optopt < 128) {
			buf_printf(err, "invalid option -- '%c'", optopt);
			return false;
		}
		if (c == '?' || c == ':') {
			buf_printf(err, c == ':' ? "option '%s' requires an argument" : "unrecognized or ambiguous option '%s'",
				   argv[optind - 1]);
			return false;
		}
		if (!take_option(c, argv, argc, p, &all, err))
			return false;
	}
	if (optind < argc) {
		buf_printf(err, "unknown argument: %s", argv[optind]);
		return false;
	}
	if (p->by_user && !p->all) {
		buf_addstr(err, "--user goes with -a");
		return false;
	}
	if (!p->n && !p->all && !p->help) {
		buf_addstr(err, "nothing to remove: name an object (-q ID, -Q KEY, --posix-mqueue NAME...) or -a");
		return false;
	}
	for (int i = 0; i < NKINDS; i++)
		if (all & (1u << i))
			(kinds[i].kind == RM_MSG || kinds[i].kind == RM_SHM || kinds[i].kind == RM_SEM ? every_sysv
												     : every_posix)(p, kinds[i].kind);
	mark_items(p);
	return true;
}

void ipcrm_free(struct rm_plan *p)
{
	free(p->v);
	p->v = NULL;
	p->n = 0;
}

void ipcrm_describe(const struct rm_plan *p, struct buf *out)
{
	for (int i = 0; i < p->n; i++) {
		const struct rm_item *it = &p->v[i];
		const char *kind = ipcrm_kind_name(it->kind);
		if (it->how == RM_ID)
			buf_printf(out, "  %s id %ld%s%s%s", kind, it->value, it->name[0] ? " (" : "", it->name,
				   it->name[0] ? ")" : "");
		else if (it->how == RM_KEY)
			buf_printf(out, "  the %s with key 0x%08lx", kind, it->value);
		else
			buf_printf(out, "  %s %s", kind, it->name);
		if (it->handle)
			buf_printf(out, " [%s]", it->handle);
		buf_addch(out, '\n');
	}
}

void ipcrm_encode(const struct rm_plan *p, struct buf *out, size_t max)
{
	for (int i = 0; i < p->n; i++) {
		const struct rm_item *it = &p->v[i];
		if (it->how == RM_NAME)
			buf_printf(out, "%c%c%s\n", it->kind, it->how, it->name);
		else
			buf_printf(out, "%c%c%ld\n", it->kind, it->how, it->value);
	}
	if (out->len <= max)
		return;
	/* Too long for one request: every object of each kind the list has,
	 * that the worker lists again itself (owned by the uid, or -1: anyone's). */
	buf_reset(out);
	for (int k = 0; k < NKINDS; k++)
		for (int i = 0; i < p->n; i++)
			if (p->v[i].kind == kinds[k].kind) {
				buf_printf(out, "%c%c%ld\n", kinds[k].kind, RM_EVERY, p->by_user ? (long)p->uid : -1L);
				break;
			}
}
