/* leaveipc.c - the "poorly written program" of the ipcs lesson (Beginning
 * Linux Programming, "IPC status commands"): it makes one object of each
 * System V kind, uses it a little, and exits WITHOUT removing any of them,
 * on purpose, so that the learner finds them with ipcs and removes them
 * with ipcrm.
 *
 * Its keys come from ftok on the current directory (the lesson's scratch
 * directory, which stays the same while the session lasts), mode 0666 as
 * the book's programs use:
 *   ftok(".", 'a')  a semaphore set of 1 semaphore, set to 1;
 *   ftok(".", 'b')  a 4096-byte shared memory segment, attached, a line
 *                   written into it, then left attached at exit;
 *   ftok(".", 'c')  a message queue holding two 1024-byte messages (2048
 *                   bytes in all).
 * An object that exists already with its key is used again, not made anew,
 * and the queue is only filled up to two messages: run twice, the program
 * leaves the same three objects, not six.
 *
 * Usage: leaveipc
 * Prints each object's kind, id and key.
 * Exit status: 0 when all three were made, 1 when a call fails (a limit
 * reached, no permission). */
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

enum { SEG_SIZE = 4096, MSG_SIZE = 1024, MSG_COUNT = 2 };

union semun {			/* the caller defines it, as semctl(2) says */
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

struct message {
	long mtype;
	char mtext[MSG_SIZE];
};

static int key_of(int id, key_t *key)
{
	*key = ftok(".", id);
	if (*key == -1) {
		perror("leaveipc: ftok");
		return -1;
	}
	return 0;
}

int main(void)
{
	key_t semkey, shmkey, msgkey;
	if (key_of('a', &semkey) || key_of('b', &shmkey) || key_of('c', &msgkey))
		return 1;

	int semid = semget(semkey, 1, IPC_CREAT | 0666);
	if (semid == -1) {
		perror("leaveipc: semget");
		return 1;
	}
	union semun arg = { .val = 1 };
	if (semctl(semid, 0, SETVAL, arg) == -1) {
		perror("leaveipc: semctl");
		return 1;
	}
	printf("semaphore set: semid %d, key 0x%08x, value 1\n", semid, (unsigned)semkey);

	int shmid = shmget(shmkey, SEG_SIZE, IPC_CREAT | 0666);
	if (shmid == -1) {
		perror("leaveipc: shmget");
		return 1;
	}
	char *mem = shmat(shmid, NULL, 0);
	if (mem == (char *)-1) {
		perror("leaveipc: shmat");
		return 1;
	}
	snprintf(mem, SEG_SIZE, "written by leaveipc, which forgot to clean up");
	printf("shared memory segment: shmid %d, key 0x%08x, %d bytes\n", shmid, (unsigned)shmkey, SEG_SIZE);

	int msqid = msgget(msgkey, IPC_CREAT | 0666);
	if (msqid == -1) {
		perror("leaveipc: msgget");
		return 1;
	}
	struct msqid_ds ds;
	if (msgctl(msqid, IPC_STAT, &ds) == -1) {
		perror("leaveipc: msgctl");
		return 1;
	}
	struct message m = { .mtype = 1 };
	for (int i = (int)ds.msg_qnum; i < MSG_COUNT; i++) {
		memset(m.mtext, 'A' + i, sizeof m.mtext);
		if (msgsnd(msqid, &m, sizeof m.mtext, IPC_NOWAIT) == -1) {
			perror("leaveipc: msgsnd");
			return 1;
		}
	}
	printf("message queue: msqid %d, key 0x%08x, %d messages of %d bytes\n", msqid, (unsigned)msgkey,
	       MSG_COUNT, MSG_SIZE);

	/* The bug this lesson is about: no semctl IPC_RMID, no shmdt, no shmctl
	   IPC_RMID, no msgctl IPC_RMID.  exit() detaches the segment, but the
	   three objects stay in the kernel. */
	printf("leaveipc: exiting without removing them\n");
	return 0;
}
