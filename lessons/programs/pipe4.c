/* pipe4.c - the reading half of the pipe-exec lesson (pipe3.c and pipe4.c,
 * Beginning Linux Programming).  A process that execs this program keeps
 * its open fds, but the program cannot know which of them is the pipe: it
 * is told the number as its one argument.  It makes one read() of up to
 * BUFSIZ bytes from that fd and says what it got, as "PID - read N bytes:
 * DATA", then exits.
 *
 * Usage: pipe4 FD
 * Exit status: 0 after a read (0 bytes, end of file, included), 1 when the
 * argument is not an fd number or the read fails (a closed fd, a write end). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The fd number in ARG, or -1 when ARG is not a plain decimal number. */
static int fd_from(const char *arg)
{
	char *end;
	errno = 0;
	long v = strtol(arg, &end, 10);
	if (errno || end == arg || *end || v < 0 || v > INT_MAX)
		return -1;
	return (int)v;
}

int main(int argc, char *argv[])
{
	if (argc != 2) {
		fprintf(stderr, "usage: pipe4 FD\n");
		return EXIT_FAILURE;
	}
	int fd = fd_from(argv[1]);
	if (fd < 0) {
		fprintf(stderr, "pipe4: '%s' is not an fd number\n", argv[1]);
		return EXIT_FAILURE;
	}
	char data[BUFSIZ + 1];
	ssize_t n = read(fd, data, BUFSIZ);
	if (n < 0) {
		fprintf(stderr, "pipe4: read from fd %d: %s\n", fd, strerror(errno));
		return EXIT_FAILURE;
	}
	data[n] = '\0';
	printf("%d - read %zd bytes: %s\n", (int)getpid(), n, data);
	return EXIT_SUCCESS;
}
