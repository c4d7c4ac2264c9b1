/* pingpong.c - the floor for ipcsh's per-command round trip: two processes
 * passing a small message back and forth over a SOCK_SEQPACKET socketpair,
 * as the controller and a worker do.  Prints the median and mean round trip
 * in microseconds over N round trips (default 20000). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_us(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 20000;
	int sv[2];
	char msg[64] = "ping";
	if (n < 1 || socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) < 0)
		return 1;
	pid_t pid = fork();
	if (pid == 0) {
		close(sv[0]);
		while (read(sv[1], msg, sizeof msg) > 0)
			if (write(sv[1], msg, 48) < 0)
				break;
		_exit(0);
	}
	close(sv[1]);
	double *t = malloc(sizeof *t * (size_t)n), sum = 0;
	for (int i = 0; i < n; i++) {
		double t0 = now_us();
		if (write(sv[0], msg, 48) < 0 || read(sv[0], msg, sizeof msg) <= 0)
			return 1;
		t[i] = now_us() - t0;
		sum += t[i];
	}
	close(sv[0]);
	waitpid(pid, NULL, 0);
	qsort(t, (size_t)n, sizeof *t, cmp);
	printf("%.2f %.2f\n", t[n / 2], sum / n);
	free(t);
	return 0;
}
