/* callerrs.c - which errors and signals each C call can bring.
 *
 * The lists are the ones the calls' man pages give that a learner can meet
 * in ipcsh (EFAULT, which needs a bad pointer, is left out).  A call that
 * is not listed brings none worth naming (strlen, printf). */
#include "callerrs.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct call_errs {
	const char *call;
	const char *errs;
	const char *sigs;
} table[] = {
	{ "pipe", "EMFILE ENFILE", "" },
	{ "read", "EAGAIN EBADF EINTR EINVAL EIO EISDIR", "" },
	{ "fread", "EAGAIN EBADF EINTR EIO", "" },
	{ "write", "EAGAIN EBADF EINTR EINVAL EIO ENOSPC EPIPE", "SIGPIPE" },
	{ "fwrite", "EAGAIN EBADF EINTR EIO ENOSPC EPIPE", "SIGPIPE" },
	{ "close", "EBADF EINTR EIO", "" },
	{ "dup2", "EBADF EBUSY EINTR EMFILE", "" },
	{ "fcntl", "EBADF EINVAL", "" },
	{ "ioctl", "EBADF ENOTTY", "" },
	{ "readlink", "EACCES ENOENT", "" },
	{ "fork", "EAGAIN ENOMEM", "SIGCHLD" },
	{ "execvp", "E2BIG EACCES ENOENT ENOEXEC ENOMEM ETXTBSY", "" },
	{ "execv", "E2BIG EACCES ENOENT ENOEXEC ENOMEM ETXTBSY", "" },
	{ "execve", "E2BIG EACCES ENOENT ENOEXEC ENOMEM ETXTBSY", "" },
	{ "exit", "", "SIGCHLD" },
	{ "_exit", "", "SIGCHLD" },
	{ "wait", "ECHILD EINTR", "" },
	{ "waitpid", "ECHILD EINTR EINVAL", "" },
	{ "kill", "EINVAL EPERM ESRCH", "" },	/* the signal it sends is in the call's text */
	{ "chdir", "EACCES ENOENT ENOTDIR", "" },
	{ "getcwd", "ENOENT ERANGE", "" },
	{ "popen", "EAGAIN EMFILE ENFILE ENOMEM", "" },
	{ "pclose", "ECHILD", "" },
	{ "ftok", "EACCES ENOENT", "" },
	{ "msgget", "EACCES EEXIST ENOENT ENOMEM ENOSPC", "" },
	{ "msgsnd", "EACCES EAGAIN EIDRM EINTR EINVAL ENOMEM", "" },
	{ "msgrcv", "E2BIG EACCES EIDRM EINTR EINVAL ENOMSG", "" },
	{ "msgctl", "EACCES EIDRM EINVAL EPERM", "" },
	{ "shmget", "EACCES EEXIST EINVAL ENOENT ENOMEM ENOSPC", "" },
	{ "shmat", "EACCES EIDRM EINVAL ENOMEM", "" },
	{ "shmdt", "EINVAL", "" },
	{ "shmctl", "EACCES EIDRM EINVAL EPERM", "" },
	{ "semget", "EACCES EEXIST EINVAL ENOENT ENOMEM ENOSPC", "" },
	{ "semop", "E2BIG EACCES EAGAIN EFBIG EIDRM EINTR EINVAL ERANGE", "" },
	{ "semctl", "EACCES EIDRM EINVAL EPERM ERANGE", "" },
	{ "mq_unlink", "EACCES ENOENT", "" },
	{ "shm_unlink", "EACCES ENOENT", "" },
	{ "sem_unlink", "EACCES ENOENT", "" },
};

static const struct call_errs *find(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (strlen(table[i].call) == len && memcmp(table[i].call, name, len) == 0)
			return &table[i];
	return NULL;
}

/* Adds LIST's words to the set V (N of them). */
static void add_words(const char *list, char ***v, int *n)
{
	const char *s = list;
	while (*s) {
		size_t len = strcspn(s, " ");
		bool seen = false;
		for (int i = 0; i < *n && !seen; i++)
			seen = strlen((*v)[i]) == len && memcmp((*v)[i], s, len) == 0;
		if (!seen && len) {
			*v = xrealloc(*v, sizeof **v * (size_t)(*n + 1));
			(*v)[(*n)++] = xstrndup(s, len);
		}
		s += len + (s[len] == ' ');
	}
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void take_words(char **v, int n, struct buf *out)
{
	if (n > 1)	/* qsort must not be given a null array, even for none */
		qsort(v, (size_t)n, sizeof *v, by_name);
	for (int i = 0; i < n; i++) {
		buf_printf(out, "%s%s", i ? " " : "", v[i]);
		free(v[i]);
	}
	free(v);
}

void callerrs_of(const char *calls, struct buf *errs, struct buf *sigs)
{
	char **ev = NULL, **sv = NULL;
	int ne = 0, ns = 0;
	for (const char *s = calls; s && *s; s++) {
		/* a signal named in the calls, as in "kill(pid, SIGKILL)" */
		if (strncmp(s, "SIG", 3) == 0 && isupper((unsigned char)s[3]) &&
		    (s == calls || !isalnum((unsigned char)s[-1]))) {
			size_t len = 3 + strspn(s + 3, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
			char name[32];
			snprintf(name, sizeof name, "%.*s", (int)len, s);
			add_words(name, &sv, &ns);
			continue;
		}
		/* a call: a name right before '(', not part of a longer word */
		if (*s != '(')
			continue;
		const char *start = s;
		while (start > calls && (isalnum((unsigned char)start[-1]) || start[-1] == '_'))
			start--;
		const struct call_errs *c = find(start, (size_t)(s - start));
		if (!c)
			continue;
		add_words(c->errs, &ev, &ne);
		add_words(c->sigs, &sv, &ns);
	}
	take_words(ev, ne, errs);
	take_words(sv, ns, sigs);
}
