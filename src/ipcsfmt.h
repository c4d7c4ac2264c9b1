/* ipcsfmt.h - what ipcs's output is made of, and what ipcrm shares with it:
 * user and group names as util-linux shows them (cached: ten thousand rows
 * of one owner look the name up once), ctime's times, util-linux's sizes
 * (ipc_print_size's units and its human form), the session's objects to
 * mark in a listing, and the tables of --json and --raw. */
#ifndef IPCSH_IPCSFMT_H
#define IPCSH_IPCSFMT_H

#include <stdbool.h>
#include <stddef.h>

struct buf;

/* The kinds, formats (-l, -u, -c, -t, -p) and units (-b, --human) of ipcs. */
enum ipcs_format { IPCS_LIST, IPCS_LIMITS, IPCS_SUMMARY, IPCS_CREATOR, IPCS_TIME, IPCS_PID };
enum ipcs_unit { IPCS_UNIT_DEFAULT, IPCS_UNIT_BYTES, IPCS_UNIT_KB, IPCS_UNIT_HUMAN };
enum {
	IPCS_MSG = 1 << 0, IPCS_SHM = 1 << 1, IPCS_SEM = 1 << 2,
	IPCS_PSHM = 1 << 3, IPCS_PMQ = 1 << 4, IPCS_PSEM = 1 << 5,
	IPCS_SYSV = IPCS_MSG | IPCS_SHM | IPCS_SEM,
	IPCS_POSIX = IPCS_PSHM | IPCS_PMQ | IPCS_PSEM,
};


/* What an ipcs command asks for (ipcs_parse, ipcs.h). */
struct ipcs_opts {
	unsigned what;		/* IPCS_MSG | ...: the sections, in util-linux's order, POSIX after */
	enum ipcs_format format;
	enum ipcs_unit unit;
	bool by_id;		/* -i ID: one object's details */
	int id;
	bool json, raw;
	bool messages;		/* --messages: with -q -i, the queued messages (MSG_COPY, by a worker) */
	bool by_user;		/* --user NAME: only the objects NAME owns */
	unsigned uid;
	bool help;
};

/* The user name of UID, or NULL when it has none (ipcs prints the number). */
const char *ipcs_user_name(unsigned uid);
const char *ipcs_group_name(unsigned gid);
/* The uid NAME names (a user name, or a number), or false. */
bool ipcs_user(const char *name, unsigned *uid);
/* Appends FMT's field for UID ("%-10.10s" for a name, "%-10u" for a
 * number, as ipcs chooses): NAMEFMT and NUMFMT. */
void ipcs_add_user(struct buf *b, const char *namefmt, const char *numfmt, unsigned uid);
void ipcs_add_group(struct buf *b, const char *namefmt, const char *numfmt, unsigned gid);

/* ctime(T) without its newline ("Thu Dec  3 22:00:55 2026"), or NULL for
 * 0 (ipcs says "Not set"); masked as <time> under IPCSH_MASK.  The buffer
 * is reused at the next call. */
const char *ipcs_ctime(long long t);
/* The same as ISO 8601 for --json, or NULL for 0. */
const char *ipcs_isotime(long long t, char *buf, size_t size);

/* util-linux's human size: 4.9K, 16E, 0B. */
const char *ipcs_human(unsigned long long bytes, char *buf, size_t size);
/* util-linux's ipc_print_size into B: MSG ("max seg size", "bytes=", or
 * NULL), SIZE in UNIT, a field WIDTH wide (negative: left-aligned), END. */
void ipcs_size(struct buf *b, enum ipcs_unit unit, const char *msg, unsigned long long size, const char *end,
	       int width);

/* The session's objects: ipcs_marks_load reads the object table (each
 * kind's alive hook first, so that what was removed from outside is seen
 * gone); ipcs_mark is the handle of the live object of KIND (IPCS_MSG...)
 * with id ID, or for POSIX kinds named NAME, or NULL. */
void ipcs_marks_load(void);
const char *ipcs_mark(unsigned kind, int id, const char *name);
void ipcs_marks_free(void);
/* Ends row B (which ends with a newline) with " [HANDLE]" when it is the session's. */
void ipcs_end_row(struct buf *b, const char *handle);

/* --json and --raw: a table of columns "KEY ID# ..." (a '#' marks a
 * number), named NAME; ipcs_table_row takes one value per column (NULL
 * or "" for none: null in JSON).  ipcs_tables_print prints the tables
 * added since the last print: one JSON object holding every table, or the
 * raw tables one after another. */
struct ipcs_table;
struct ipcs_table *ipcs_table(const char *name, const char *columns);
void ipcs_table_row(struct ipcs_table *t, const char *const *values);
void ipcs_tables_print(bool json);
/* Forgets the tables added since the last print, unprinted. */
void ipcs_tables_drop(void);

#endif
