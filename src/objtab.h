/* objtab.h - the session's object table: every object made through ipcsh. */
#ifndef IPCSH_OBJTAB_H
#define IPCSH_OBJTAB_H

#include <stdbool.h>
#include <sys/types.h>

enum obj_kind {
	OBJ_NONE = 0,
	OBJ_PIPE,
	OBJ_FIFO,
	OBJ_FILE,
	OBJ_MSG,
	OBJ_SHM,
	OBJ_SEM,
	OBJ_MQ,
	OBJ_PSHM,
	OBJ_PSEM,
	OBJ_SOCK,
	OBJ_NKINDS,
};

struct object {
	enum obj_kind kind;
	int num;		/* pipe1 -> 1 */
	char handle[24];	/* "pipe1" */
	int creator;		/* the number of the process that made it */
	/* Its identity, as far as its kind has one: */
	unsigned long ino;	/* pipes, FIFOs, files, sockets: the inode in /proc/PID/fd */
	int fd[2];		/* the fds it was created on (pipe: read, write) */
	int id;			/* System V: the id msgget/shmget/semget returned, else -1 */
	long key;		/* System V: its key (IPC_PRIVATE is 0) */
	char *name;		/* POSIX: "/NAME" of shm_open, sem_open, mq_open, or NULL */
	char *path;		/* FIFOs, files, Unix sockets: the path, or NULL */
	long long ctime;	/* System V: its ctime when it was made (IPC_STAT) */
	bool gone;		/* removed, or every fd closed: obj_gone */
	bool kept;		/* 'keep': left in place when the session ends */
	bool journaled;		/* written down in the session journal */
	struct object *next;
};

/* What the core needs of a kind of object, declared by the family that owns
 * it (struct family): the hooks that make objects, 'objects', the lesson
 * checks and the clean-up work for every kind alike. */
struct buf;
struct fdent;
struct wmsg;
struct obj_ops {
	enum obj_kind kind;
	/* A worker made an object of this kind (EV_OBJECT): fills O's identity
	 * from M's arguments after the kind, and says what was made in NOTE. */
	void (*decode)(struct object *o, const struct wmsg *m, struct buf *note);
	/* Optional: is the object M reports O, made before (msgget returns the
	 * queue a key has already)?  Then O is named again, not a new handle
	 * (and the hook takes note of M as decode would: its masks). */
	bool (*same)(const struct object *o, const struct wmsg *m);
	/* Is O still there (its processes may have closed it, or someone removed it)? */
	bool (*alive)(struct object *o);
	/* Its identity ("pipe:[1234]") and who holds it, for 'objects'. */
	void (*describe)(struct object *o, struct buf *identity, struct buf *holders);
	/* What fd E is of O ("read end"), or NULL when E is not on O. */
	const char *(*fd_role)(const struct object *o, const struct fdent *e);
	/* The attributes lesson checks may ask of it ("buffered"), space separated;
	 * has attribute NAME the values WANT (NWANT of them: one, or one for each
	 * semaphore of a set) now?  If not, WHY says what it is ("pipe1 holds 0
	 * bytes, not 27") or why it cannot be had. */
	const char *attrs;
	bool (*attr)(struct object *o, const char *name, const long *want, int nwant, struct buf *why);
	/* Why a program waiting to read O gets no end of file: appends to WHY
	 * (": it waits in read() on pipe1 ..."), or nothing when that is not so.
	 * Optional, as fd_role is: kinds that are not fds have neither. */
	void (*stuck)(struct object *o, struct buf *why);
	/* Removes the kernel object, at restart and exit (a no-op for kinds that
	 * go with their processes, as pipes do). */
	void (*destroy)(struct object *o);
	/* Optional, for kinds that outlive their processes (System V, POSIX,
	 * paths on disk): O's identity for the session journal, as fields
	 * (journal_field: " id=5 key=0x1234 ctime=..."), which a later start
	 * reads back into an object's id, key, ctime, ino, name and path. */
	void (*record)(const struct object *o, struct buf *fields);
	/* Is the kernel object O's recorded identity names still the one that
	 * session made (same id, key, creation)?  Only then is a leftover of a
	 * dead session removed (destroy); WHY says why not. */
	bool (*still_same)(const struct object *o, struct buf *why);
};
/* The hooks of kind K, or NULL while no family owns it. */
const struct obj_ops *obj_ops(enum obj_kind k);
/* The kind a noun names ("pipe"), or OBJ_NONE. */
enum obj_kind obj_kind_named(const char *noun);

const char *obj_noun(enum obj_kind k);		/* "pipe" */
const char *obj_kind_desc(enum obj_kind k);	/* "a pipe" */
/* The kind a word names as a reference ("msg2" -> OBJ_MSG, number 2), or OBJ_NONE. */
enum obj_kind obj_parse_ref(const char *word, int *num);

struct object *obj_add(enum obj_kind k, int creator);
struct object *obj_find(enum obj_kind k, int num);
struct object *obj_find_ino(enum obj_kind k, unsigned long ino);	/* K OBJ_NONE: any kind */
/* The object fd E refers to, and what it is of it ("read end"), or NULL. */
struct object *obj_of_fd(const struct fdent *e, const char **role);
struct object *obj_current(enum obj_kind k);
void obj_set_current(struct object *o);
struct object *obj_first(void);
/* Destroys every object still there (its kind's destroy hook) but the
 * kept ones, and forgets them all. */
void obj_clear(void);

/* The session journal (src/journal.h): O was made (written down with its
 * kind's record hook, if it has one); O is gone (removed, or seen gone);
 * O is to be kept at the end ('keep'). */
void obj_journal_made(struct object *o);
void obj_gone(struct object *o);
void obj_keep(struct object *o);
/* Fills O's identity from the fields of a journal record (made ...). */
void obj_from_record(struct object *o, const char *record);

#endif
