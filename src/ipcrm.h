/* ipcrm.h - ipcrm inside ipcsh, the controller's half: util-linux's forms
 * (-q/-m/-s ID, -Q/-M/-S KEY, shm|msg|sem ID..., -a, --all=KIND, -v, the
 * long options), the POSIX ones of newer util-linux (--posix-shmem NAME,
 * --posix-mqueue NAME, --posix-semaphore NAME), and ours (--dry-run,
 * --user NAME, a session handle for an id: msg1) made into a plan: a list of
 * removals, each by id, key or name.  -a becomes the objects there are now,
 * so that the learner sees (and at a terminal confirms) what goes.  The
 * removals themselves are made by a worker (commands/inspect.c). */
#ifndef IPCSH_IPCRM_H
#define IPCSH_IPCRM_H

#include <stdbool.h>
#include <stddef.h>

struct buf;

/* A kind, as one letter: ipcrm's own option letters. */
enum rm_kind { RM_MSG = 'q', RM_SHM = 'm', RM_SEM = 's', RM_PMQ = 'Q', RM_PSHM = 'M', RM_PSEM = 'S' };
/* How an object is named: by id, by key (the worker calls msgget etc
 * first), by POSIX name, or every object of the kind (a list too long to
 * send: the worker lists them itself). */
enum rm_how { RM_ID = 'i', RM_KEY = 'k', RM_NAME = 'n', RM_EVERY = 'a' };

struct rm_item {
	char kind;		/* enum rm_kind */
	char how;		/* enum rm_how */
	long value;		/* id or key */
	char name[264];		/* POSIX "/NAME"; for -a, a note ("key 0x..., owner root") */
	const char *handle;	/* the session's handle of it, or NULL */
};

struct rm_plan {
	struct rm_item *v;
	int n;
	bool verbose, dry_run, help;
	bool all;		/* -a or --all: asks first at a terminal */
	bool deprecated;	/* "shm|msg|sem ID...": says "resource(s) deleted" */
	bool by_user;		/* --user NAME: -a takes only NAME's objects */
	unsigned uid;
};

/* Reads ipcrm's words (ARGV[0] is "ipcrm") into P; -a's objects are
 * listed from /proc and the POSIX directories now.  False with the message
 * in ERR. */
bool ipcrm_parse(int argc, char **argv, struct rm_plan *p, struct buf *err);
void ipcrm_free(struct rm_plan *p);
/* One line for each removal of P ("  message queue id 5 (key 0x00001234, owner root) [msg1]"). */
void ipcrm_describe(const struct rm_plan *p, struct buf *out);
/* P's removals, for the worker: "qi5\nMn/name\n..."; a list longer than
 * MAX bytes is sent as RM_EVERY of each kind instead. */
void ipcrm_encode(const struct rm_plan *p, struct buf *out, size_t max);
/* The usage of -h. */
const char *ipcrm_help(void);
/* "message queue" */
const char *ipcrm_kind_name(char kind);

#endif
