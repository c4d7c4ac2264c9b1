/* sysv.h - what the System V families (msg, shm, sem) share: the words that
 * name a key, a mode and IPC_EXCL; ftok; the object a worker reports; and
 * the kernel's view of an object, read by the controller as ipcs reads it.
 *
 * A new object is asked for with words, in any order after the key:
 *   KEY      0x1234 (hex) or 4660 (decimal), 'private' (IPC_PRIVATE),
 *            or 'ftok PATH ID' (ID one character, or a number 1-255);
 *   COUNT    shm's SIZE, sem's NSEMS: a decimal number;
 *   MODE     octal with a leading 0, as in C: 0600 (the default), 0666;
 *   excl     adds IPC_EXCL.
 * Two plain numbers are KEY then COUNT; one is COUNT when the family has a
 * count, else KEY, but a 0x number is always a KEY (sem new 0x1234 is not a
 * set of 4660 semaphores).  No key is IPC_PRIVATE. */
#ifndef IPCSH_SYSV_H
#define IPCSH_SYSV_H

#include <stdbool.h>
#include <sys/types.h>

#include "objtab.h"

struct buf;
struct cmd_ctx;
struct object;
struct wbuild;
struct wmsg;

enum sysv_key_how { SYSV_PRIVATE, SYSV_KEY, SYSV_FTOK };

struct sysv_new {
	enum sysv_key_how how;
	long key;		/* SYSV_KEY */
	const char *path;	/* SYSV_FTOK: the path and the project id */
	int proj;
	bool proj_is_char;
	long mode;
	bool excl;
	long count;		/* shm SIZE, sem NSEMS; -1 when not given */
};

/* ---- controller side ---- */

/* Reads the words of C (all of them) as above; COUNT_NAME is "SIZE" or
 * "NSEMS", or NULL for a family with no count.  False after a usage error. */
bool sysv_parse_new(struct cmd_ctx *c, const char *count_name, struct sysv_new *s);
/* Puts S into request W, for sysv_w_key, and writes down in the session
 * journal that an object of KIND is about to be made with it. */
void sysv_put_new(struct wbuild *w, const struct sysv_new *s, enum obj_kind kind);

/* Sends op OP with the command's object's id and ARG (ops that take no
 * more ignore it); THEN runs once it is done (cmd_request), with the object. */
struct worker_op;
struct proc;
int sysv_send_id(struct cmd_ctx *c, const struct worker_op *op, long arg, void (*then)(struct proc *, int, void *));
/* A 'then' for an IPC_RMID: the object is gone once the call succeeded. */
void sysv_removed(struct proc *p, int status, void *object);
/* "; p2 waits in msgrcv" for each process asleep in a call of one of KINDS
 * (NKINDS of them) on O, named as its call text names it. */
struct block_kind;
void sysv_waiters(const struct object *o, const struct block_kind *kinds, int nkinds, struct buf *b);

/* A System V message as msgsnd and msgrcv take it; the text is MSGMAX's
 * default at most. */
#define SYSV_MSG_TEXT_MAX 8192
struct sysv_message {
	long mtype;
	char mtext[SYSV_MSG_TEXT_MAX];
};
/* "{mtype=2, mtext="two"}" of a message of LEN bytes (the NUL ipcsh sends
 * after a text is not shown). */
void sysv_message_text(struct buf *b, const struct sysv_message *m, size_t len);

/* EV_OBJECT's fields, from sysv_w_report: O's id and key; a note in NOTE. */
void sysv_decode(struct object *o, const struct wmsg *m, struct buf *note);
/* obj_ops.record and still_same: a System V object is named in the journal
 * by id, key and ctime, and is the one a session made while its id and key
 * are the same, its creator is this user, and its ctime is not older. */
void sysv_record(const struct object *o, struct buf *fields);
bool sysv_still_same(const struct object *o, struct buf *why);
/* obj_ops.same: the object of M (sysv_w_report) is O, made before. */
bool sysv_same_object(const struct object *o, const struct wmsg *m);
/* "key 0x00001234, id 32768" */
void sysv_identity(const struct object *o, struct buf *b);
/* "0x00001234", or "IPC_PRIVATE" for key 0. */
const char *sysv_key_text(long key, char *buf, size_t size);
/* Is the object with O's id still O (the same key), as IPC_STAT says?  KEY
 * is what IPC_STAT said of that id, or -1 when it failed. */
bool sysv_same(struct object *o, long key);
/* "p2 (pid 4243)" for a pid, "pid 4243 (outside the session)", or "nobody" for 0. */
void sysv_pid_text(pid_t pid, struct buf *b);
/* Appends the perms of an ipc_perm in ipcs's words: "owner root, mode 0600". */
void sysv_perm_text(uid_t uid, unsigned mode, struct buf *b);
/* "Thu Dec  3 18:31:19 2026", or "not set" for 0. */
const char *sysv_time_text(long t, char *buf, size_t size);

/* ---- worker side ---- */

/* Reads a request's sysv_new (put at argument I): the key, calling ftok
 * (traced) when asked, and the flags for msgget/shmget/semget
 * (IPC_CREAT | the mode | IPC_EXCL).  False when ftok failed (reported, with
 * what to do when the file is missing). */
bool sysv_w_key(const struct wmsg *req, int i, key_t *key, int *flags, long *count);
/* "IPC_CREAT | IPC_EXCL | 0600" */
const char *sysv_flags_text(int flags, char *buf, size_t size);
/* Masks N times (sysv_time_text's words) as "<time>" under IPCSH_MASK. */
void sysv_w_mask_times(int n, ...);
/* Reports the object made (EV_OBJECT, before the trace line of CALL, the
 * call that made it, so that its id is masked there): KIND "msg", its id
 * and key. */
void sysv_w_report(const char *kind, int id, key_t key, const char *call);
/* msgctl(ID, IPC_STAT), traced; false (and the failure traced) when it fails. */
struct msqid_ds;
bool sysv_w_msg_stat(int id, struct msqid_ds *ds);
/* Copies the first MOST messages of queue ID with MSG_COPY (which takes
 * none), each traced; 'msg peek' and 'ipcs --messages'.  Status 0 or 1. */
int sysv_w_peek(int id, unsigned long most);

#endif
