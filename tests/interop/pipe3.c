/* pipe3.c - a peer for tests/cli/inherit.sh, after pipe3.c of Beginning
 * Linux Programming: it makes a pipe and execs another program (here
 * ipcsh) in a child, which inherits an end of the pipe as fd 3.
 *
 *   pipe3 r PROG [ARG...]  the child gets the read end; pipe3 writes "123"
 *                          (before the fork, so that the child's one read
 *                          never waits), closes its end and waits
 *   pipe3 w PROG [ARG...]  the child gets the write end; pipe3 reads to end
 *                          of file and prints what came, and whether the
 *                          child was still running then (a reader sees end
 *                          of file once the writers it knows of are closed,
 *                          not when the program that passed the fd exits)
 *
 * Exits with the child's exit code. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void die(const char *what)
{
	perror(what);
	exit(2);
}

/* Reads FD to end of file and prints what came. */
static void read_all(int fd)
{
	char buf[4096];
	size_t len = 0;
	ssize_t n;
	while (len < sizeof buf - 1 && (n = read(fd, buf + len, sizeof buf - 1 - len)) > 0)
		len += (size_t)n;
	buf[len] = '\0';
	printf("pipe3 read %zu bytes: %s\n", len, buf);
}

int main(int argc, char **argv)
{
	int fds[2];
	if (argc < 3 || (strcmp(argv[1], "r") != 0 && strcmp(argv[1], "w") != 0)) {
		fprintf(stderr, "usage: pipe3 r|w PROG [ARG...]\n");
		return 2;
	}
	int child_end = argv[1][0] == 'r' ? 0 : 1;
	if (pipe(fds) < 0)
		die("pipe");
	if (fds[0] != 3)
		fprintf(stderr, "pipe3: the pipe is fds %d and %d, not 3 and 4\n", fds[0], fds[1]);
	if (child_end == 0 && write(fds[1], "123", 3) != 3)
		die("write");
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		int keep = fds[child_end], other = fds[1 - child_end];
		if (other != 3)
			close(other);
		if (keep != 3) {
			if (dup2(keep, 3) < 0)	/* closes the other end when that was 3 */
				die("dup2");
			close(keep);
		}
		execvp(argv[2], argv + 2);
		die("execvp");
	}
	close(fds[child_end]);
	if (child_end == 0) {
		close(fds[1]);
	} else {
		read_all(fds[0]);
		printf("pipe3: end of file came %s\n",
		       waitpid(pid, NULL, WNOHANG) == 0 ? "while the child still ran" : "after the child ended");
		fflush(stdout);
	}
	int st;
	if (waitpid(pid, &st, 0) < 0)
		die("waitpid");
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
