/* cmd.h - the command table: what every family file declares.
 *
 * A family (commands/<family>.c) lists its commands as data: names, usage,
 * summary, the C calls behind them, man pages, an example, and how each
 * argument completes.  Help, completion, arity errors and the man page test
 * all read these tables.  A family may also list worker operations: the code
 * that runs inside a worker process and makes the real calls. */
#ifndef IPCSH_CMD_H
#define IPCSH_CMD_H

#include <stdbool.h>

#include "family.h"
#include "lexer.h"
#include "objtab.h"
#include "proc.h"
#include "wire.h"

struct proc;

/* What a handler returns. */
enum cmd_status {
	CMD_OK = 0,
	CMD_FAIL = 1,
	CMD_SENT = 2,	/* sent to a worker: the result arrives as events */
};

enum cmd_flags {
	CMD_IN_PROC = 1 << 0,	/* runs in the current process, which must be able to take a command */
	CMD_NO_CHECK = 1 << 1,	/* help, settings, lesson moves: a lesson step is not checked after it */
	CMD_LOOKS = 1 << 2,	/* only looks (ps, fds): a step it passes passes, but no "not yet" after it */
	CMD_FOUND = 1 << 3,	/* not in entries: cmd_dispatch's report that the command was found */
	/* These two start a program: the request brings it a terminal (proc_request). */
	CMD_RUNS_PROGRAM = 1 << 4,	/* its first argument is a program it runs (exec) */
	CMD_RUNS_SHELL = 1 << 5,	/* its first argument is a command line for sh -c (popen) */
	CMD_BYTES_LAST = 1 << 6,	/* its last argument is data, any bytes (a NUL too: "\x00") */
};

/* How an argument completes, one letter per argument position (the last repeats):
 * 'f' fd, 'p' process, 's' signal, 'P' path (in the process's directory),
 * 'l' lesson, 'c' what help explains (a noun, then its verbs), 'S' setting,
 * 'w' read|write, 'o' on|off, 'T' a table's options (-J, -r, -n, -o: with 'T'
 * anywhere they complete after '-' at any place, and hold none), '-' nothing
 * (complete_letters, complete.h). */
struct cmd_ctx;
struct cmd_entry {		/* written with designated initialisers; what is left out is 0 or NULL */
	const char *noun;	/* "pipe", or the whole name of a one-word command ("fork") */
	const char *verb;	/* "write", or NULL */
	const char *aliases;	/* other verbs, space separated ("wait" for "P"), or NULL */
	const char *args;	/* usage after the name: "[REF] TEXT"; NULL when it takes none */
	int min, max;		/* argument count, not counting an optional object reference; max -1: any */
	enum obj_kind ref;	/* kind of the optional leading object reference, or OBJ_NONE */
	unsigned flags;
	const char *summary;	/* one line, no final period */
	const char *calls;	/* the C calls, as C: "write(fd, buf, count)" */
	const char *man;	/* man page references: "write(2), pipe(7)" */
	const char *example;	/* a command line that works right after 'pipe new' etc */
	const char *complete;	/* completion letters, see above; NULL when nothing completes */
	int (*run)(struct cmd_ctx *c);
};

struct cmd_ctx {
	const struct cmd_entry *e;
	struct proc *proc;	/* the process the command runs in */
	struct object *obj;	/* the object the command acts on (REF or current), if e->ref */
	int argc;		/* arguments after the name and the reference */
	struct word *argv;
};

/* Every command entry of every family, in the order help lists them. */
#define FOR_EACH_CMD(e) \
	FOR_EACH_FAMILY(e##_f) \
		for (const struct cmd_entry *e = e##_f->cmds; e < e##_f->cmds + e##_f->ncmds; e++)

/* Lookup (src/cmd.c). */
enum lookup_result { LOOKUP_FOUND, LOOKUP_UNKNOWN, LOOKUP_AMBIGUOUS, LOOKUP_NOUN_ONLY };
enum { LOOKUP_MAX_VERBS = 32 };
struct lookup {
	enum lookup_result result;
	const struct cmd_entry *e;
	int used;		/* words consumed by the name (1 or 2) */
	const char *noun;	/* the noun the first word names, once it is known */
	const struct cmd_entry *verbs[LOOKUP_MAX_VERBS];	/* that noun's commands with a verb */
	int nverbs;
	const struct cmd_entry *bare;	/* that noun's command without a verb, if any */
	char message[512];	/* for anything but LOOKUP_FOUND: the error text */
};
void cmd_lookup(int n, struct word *w, struct lookup *out);
/* "new|write|read": the verbs of LK's noun, into BUF. */
const char *cmd_lookup_verbs(const struct lookup *lk, char *buf, size_t size);
/* "pipe write" or "fork" */
const char *cmd_name(const struct cmd_entry *e, char *buf, int size);
/* "usage: pipe write [REF] TEXT" */
const char *cmd_usage(const struct cmd_entry *e, char *buf, int size);
/* Runs one command (its words), in process TARGET.  Reports errors itself.
 * FLAGS gets the entry's flags and CMD_FOUND once the command is found. */
int cmd_dispatch(int n, struct word *w, struct proc *target, unsigned *flags);

/* Argument helpers for handlers: on failure they report a usage error. */
bool arg_int(struct cmd_ctx *c, int i, const char *what, long lo, long hi, long *out);
bool arg_enum(struct cmd_ctx *c, int i, const char *choices, int *out);
void cmd_usage_error(struct cmd_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Sends worker op OP with the given string arguments (NULL-terminated). */
int cmd_send(struct cmd_ctx *c, const struct worker_op *op, ...) __attribute__((sentinel));
/* Sends request W (proc_request_start) to the command's process; THEN, when
 * not NULL, runs in the controller once it has finished.  CMD_SENT or CMD_FAIL. */
int cmd_request(struct cmd_ctx *c, struct wbuild *w, proc_then_fn then, void *arg);

#endif
