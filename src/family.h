/* family.h - what a command family is, and the registry of them all.
 *
 * A family (commands/NAME.c) describes itself as data: its command entries
 * (struct cmd_entry, cmd.h), the operations its workers run (struct
 * worker_op, worker.h), why its calls may block (struct block_kind,
 * worker.h) and the object kinds it owns with their hooks (struct obj_ops,
 * objtab.h).  The core reaches the families only through this registry,
 * never by name; the list itself is generated from the files of commands/. */
#ifndef IPCSH_FAMILY_H
#define IPCSH_FAMILY_H

struct cmd_entry;
struct worker_op;
struct block_kind;
struct obj_ops;

struct family {
	const char *name;	/* "pipe" */
	const char *summary;
	int rank;		/* help lists the families by rank, lowest first */
	const struct cmd_entry *cmds;
	int ncmds;
	const struct worker_op *ops;
	int nops;
	const struct block_kind *blocks;
	int nblocks;
	const struct obj_ops *kinds;
	int nkinds;
};

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* The families by rank, NULL-terminated. */
const struct family *const *family_list(void);

#define FOR_EACH_FAMILY(f) \
	for (const struct family *const *f##_ = family_list(), *f; (f = *f##_); f##_++)

/* The list the build generates from commands/ (every family_NAME), NULL-terminated. */
extern const struct family *const families[];

#endif
