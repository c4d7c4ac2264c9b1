/* messageqrecv.c - the receiving half of the msg-queue lesson, in the
 * spirit of messageqrecv.c (C Programming Cookbook): it finds the queue by
 * the same key as the sender, ftok("messagefile", 'a'), without creating
 * it, takes the first message of type 1 (waiting for one while there is
 * none), prints it and exits.
 *
 * Usage: messageqrecv
 * Exit status: 0 after a message, 1 when the key, the queue or the receive
 * fails (no messagefile, no queue with that key, the queue removed). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/msg.h>

enum { TEXT_MAX = 255 };

struct message {
	long mtype;
	char mtext[TEXT_MAX + 1];
};

int main(void)
{
	struct message m;
	key_t key = ftok("messagefile", 'a');
	if (key == -1) {
		perror("messageqrecv: ftok");
		return 1;
	}
	int msqid = msgget(key, 0666);	/* no IPC_CREAT: the sender made it */
	if (msqid == -1) {
		perror("messageqrecv: msgget");
		return 1;
	}
	ssize_t n = msgrcv(msqid, &m, TEXT_MAX, 1, 0);
	if (n == -1) {
		perror("messageqrecv: msgrcv");
		return 1;
	}
	m.mtext[n] = '\0';	/* a sender may leave out the final NUL */
	printf("The message received is %s\n", m.mtext);
	return 0;
}
