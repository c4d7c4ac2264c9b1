/* typedrecv.c - the receiver of the msg-queue lesson's typed retrieval, in
 * the spirit of the receiver of the opensource.com IPC series: it finds
 * the queue of ftok("queue.h", 123), takes one message of each type its
 * arguments name, in that order (3 1 2 1 3 2 when it has none), each with
 * MSG_NOERROR | IPC_NOWAIT, prints "PAYLOAD received as type N" (or what
 * went wrong: no message of that type), and at the end removes the queue
 * with msgctl(IPC_RMID).
 *
 * Usage: typedrecv [TYPE...]
 * Exit status: 0 when every receive and the removal worked, 1 otherwise. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>

enum { PAYLOAD_MAX = 64 };

struct message {
	long type;
	char payload[PAYLOAD_MAX + 1];
};

static int receive(int qid, long type)
{
	struct message m;
	ssize_t n = msgrcv(qid, &m, PAYLOAD_MAX, type, MSG_NOERROR | IPC_NOWAIT);
	if (n == -1) {
		printf("no message of type %ld: %s\n", type, strerror(errno));
		return 1;
	}
	m.payload[n] = '\0';
	printf("%s received as type %ld\n", m.payload, m.type);
	return 0;
}

int main(int argc, char *argv[])
{
	static const char *const recipe_order[] = { "3", "1", "2", "1", "3", "2" };
	const char *const *types = argc > 1 ? (const char *const *)argv + 1 : recipe_order;
	int ntypes = argc > 1 ? argc - 1 : 6, failed = 0;
	key_t key = ftok("queue.h", 123);
	if (key == -1) {
		perror("typedrecv: ftok");
		return 1;
	}
	int qid = msgget(key, 0666);
	if (qid == -1) {
		perror("typedrecv: msgget");
		return 1;
	}
	for (int i = 0; i < ntypes; i++)
		failed |= receive(qid, atol(types[i]));
	if (msgctl(qid, IPC_RMID, NULL) == -1) {
		perror("typedrecv: msgctl IPC_RMID");
		return 1;
	}
	printf("queue removed\n");
	return failed;
}
