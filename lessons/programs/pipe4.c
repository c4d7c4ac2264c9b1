/* pipe4.c - the program the pipe-exec lesson execs, in the spirit of the
 * recipe's pipe4: the number of an fd it inherited comes in argv[1]; it makes
 * one read() of up to BUFSIZ bytes from that fd and prints what it got.
 * Built by 'make' into build/lessons/programs/, installed beside the lessons,
 * and copied into a lesson's scratch directory when the lesson says
 * 'program: pipe4'. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s FD  (the number of an fd to read)\n", argv[0]);
		return EXIT_FAILURE;
	}
	char *end;
	long fd = strtol(argv[1], &end, 10);
	if (*end || end == argv[1] || fd < 0) {
		fprintf(stderr, "%s: '%s' is not an fd number\n", argv[0], argv[1]);
		return EXIT_FAILURE;
	}
	char data[BUFSIZ + 1];
	ssize_t got = read((int)fd, data, BUFSIZ);
	if (got < 0) {
		perror("pipe4: read");
		return EXIT_FAILURE;
	}
	data[got] = '\0';
	printf("%d - read %zd bytes: %s\n", (int)getpid(), got, data);
	return EXIT_SUCCESS;
}
