/* fdspec.h - naming an fd in a request: a number, or an object's end that
 * the worker finds among its own fds (so the controller need not read /proc
 * to know which fd of pN is pipe1's write end, after forks and dup2s). */
#ifndef IPCSH_FDSPEC_H
#define IPCSH_FDSPEC_H

#include <stddef.h>

struct object;

/* Controller side: fd number FD, or O's end open for ACCMODE (O_RDONLY,
 * O_WRONLY, or -1 for either), written into SPEC. */
void fd_spec_num(char *spec, size_t size, long fd);
void fd_spec_obj(char *spec, size_t size, const struct object *o, int accmode);
/* Worker side: the fd SPEC names in this process, or -1 after reporting why. */
int fd_resolve(const char *spec);

#endif
