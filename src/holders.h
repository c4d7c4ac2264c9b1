/* holders.h - which processes hold an inode (a pipe end, a FIFO, a socket). */
#ifndef IPCSH_HOLDERS_H
#define IPCSH_HOLDERS_H

#include <stdbool.h>
#include <sys/types.h>

#include "buf.h"

struct proc;

/* Appends "p1 fd 4, p2 fd 4" for the fds of live session processes that refer
 * to INO (pipe:[INO] or socket:[INO] or a file) with an access mode in MODES
 * (a bit mask: 1 read, 2 write).  Returns how many were found.  EXCEPT, when
 * not NULL, is left out; OUT may be NULL to only count. */
int holders_list(unsigned long ino, unsigned modes, struct proc *except, struct buf *out);
/* Who holds O, as a JSON array of objects, one for each fd on it
 * ({"proc": "p1", "pid": 4242, "fd": 3, "mode": "r"}; mode r, w or rw) or,
 * for a System V segment, for each process attached to it
 * ({"proc": "p1", "pid": 4242, "attachments": 1}); [] when nobody does. */
struct object;
void holders_json(const struct object *o, struct buf *out);
/* The same for the fds on INO with an access mode in MODES only. */
void holders_json_fds(unsigned long ino, unsigned modes, struct buf *out);
/* Has process PID (of the session or not) an fd on INO whose link starts
 * with TYPE ("pipe:", "socket:", "/")? */
bool holders_pid_holds(pid_t pid, const char *type, unsigned long ino);
/* Frees the fd lists kept of the processes (at exit). */
void holders_forget(void);
/* The inode behind fd FD of P, or 0. */
unsigned long holders_fd_ino(struct proc *p, int fd, int *accmode);

#endif
