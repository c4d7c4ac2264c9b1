/* wire.h - the control protocol between the controller and its workers.
 *
 * Each message travels as one SOCK_SEQPACKET record: a type, then a list of
 * byte-string arguments.  File descriptors ride along with SCM_RIGHTS. */
#ifndef IPCSH_WIRE_H
#define IPCSH_WIRE_H

#include <stddef.h>

#include "buf.h"

enum { WIRE_MAX = 128 * 1024, WIRE_MAXARGS = 32, WIRE_MAXFDS = 4 };

/* Message types.  Requests go to a worker; events come back. */
enum wire_type {
	REQ_RUN = 1,	/* args: op name, op arguments... */
	EV_LINE,	/* args: line kind, text */
	EV_OBJECT,	/* args: kind, identity fields...: the worker made an object */
	EV_FORKED,	/* args: child pid, its inherited fds; fds: its control channel, output pipe, board */
	EV_EXEC,	/* args: program: about to execvp; the channel closes on success */
	EV_REAPED,	/* args: pid, wait status: the worker reaped a child */
	EV_DONE,	/* args: status (0 success, 1 failure), 1 if program output may be pending,
			 * 1 if the op may have changed the worker's fds */
	EV_VALUE,	/* args: a number, the answer to a silent query (loop_query) */
	EV_CALL,	/* args: call name, result, errno (0 unless the result is -1): a
			 * call the op made, as its trace line shows it */
	EV_MASK,	/* args: text, name: print NAME for TEXT when masking (IPCSH_MASK),
			 * a value that differs from run to run (an ftok key) */
};

/* Line kinds in EV_LINE. */
enum line_kind {
	LINE_TRACE = 'T',	/* the C call with its result */
	LINE_SAY = 'S',		/* a plain-English explanation */
	LINE_ERROR = 'E',	/* an ipcsh error about this command */
	LINE_DATA = 'D',	/* bytes a program printed */
	LINE_NOTE = 'N',	/* ipcsh's own note about a process, never tagged */
	LINE_PLAIN = 'P',	/* the plain-English result, shown instead of the trace when trace is off */
};

struct warg {
	const char *p;	/* NUL-terminated in the receive buffer */
	size_t len;
};

struct wmsg {
	int type;
	int argc;
	struct warg argv[WIRE_MAXARGS];
	int fds[WIRE_MAXFDS];
	int nfds;
};

/* Building a message. */
struct wbuild {
	struct buf b;
	int argc;
};

void wb_start(struct wbuild *w, int type);
void wb_bytes(struct wbuild *w, const void *p, size_t len);
void wb_str(struct wbuild *w, const char *s);
void wb_long(struct wbuild *w, long v);
/* Sends the message with NFDS descriptors and frees the builder.  Returns 0 or -1. */
int wb_send(struct wbuild *w, int sock, const int *fds, int nfds);
/* Appends the finished message to BATCH (several messages travel as one record). */
void wb_append(struct wbuild *w, struct buf *batch);
/* Sends LEN bytes of finished messages as one record. */
int wire_send_record(int sock, const void *data, size_t len, const int *fds, int nfds);

/* A received record: one or more messages, and the fds that came with it. */
struct wrecord {
	char *buf;
	size_t len, off;
	int fds[WIRE_MAXFDS];
	int nfds;
};

/* Receives one record into BUF (WIRE_MAX bytes).  Returns 1, 0 at end of
 * file, or -1 with errno set. */
int wire_recv(int sock, char *buf, struct wrecord *r);
/* The same, with recvmsg FLAGS such as MSG_DONTWAIT. */
int wire_recv_flags(int sock, char *buf, struct wrecord *r, int flags);
/* The next message of the record (pointers into its buffer); the record's fds
 * go with its first message.  Returns 1, 0 when none is left, -1 if malformed. */
int wire_next(struct wrecord *r, struct wmsg *m);

long warg_long(const struct wmsg *m, int i);
const char *warg_str(const struct wmsg *m, int i);

#endif
