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
	unsigned long ino;	/* pipes, FIFOs, files, sockets: the inode in /proc/PID/fd */
	int fd[2];		/* the fds it was created on (pipe: read, write) */
	bool gone;		/* removed, or every fd closed */
	struct object *next;
};

const char *obj_noun(enum obj_kind k);		/* "pipe" */
const char *obj_kind_desc(enum obj_kind k);	/* "a pipe" */
/* The kind a word names as a reference ("msg2" -> OBJ_MSG, number 2), or OBJ_NONE. */
enum obj_kind obj_parse_ref(const char *word, int *num);

struct object *obj_add(enum obj_kind k, int creator);
struct object *obj_find(enum obj_kind k, int num);
struct object *obj_find_ino(enum obj_kind k, unsigned long ino);
struct object *obj_current(enum obj_kind k);
void obj_set_current(struct object *o);
struct object *obj_first(void);
void obj_clear(void);

#endif
