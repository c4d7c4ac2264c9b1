/* sysvpeer.c - a compiled program that uses System V objects an ipcsh
 * session made, found by the same ftok(PATH, ID) as ipcsh's 'ftok PATH ID':
 * the separate program of the recipes (messageqrecv.c, readmemory.c...).
 *
 *   sysvpeer msgrecv PATH ID TYPE       take one message of TYPE and print it
 *   sysvpeer msgsend PATH ID TYPE TEXT  send TEXT (with its NUL) as TYPE
 *   sysvpeer shmread PATH ID            print the string at the segment's start
 *   sysvpeer shmwrite PATH ID TEXT      copy TEXT and its NUL to the start
 *   sysvpeer shmrm PATH ID              remove the segment (IPC_RMID)
 *   sysvpeer semwait PATH ID            P on semaphore 0 (waits), then V
 *   sysvpeer msgremake PATH ID          remove the queue of the key and make a
 *                                       new one with it; print the new id
 *
 * Exit status 0 on success, 1 with a message on stderr otherwise. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

struct message {
	long mtype;
	char mtext[8192];
};

static int fail(const char *what)
{
	perror(what);
	return 1;
}

static int msg_recv(key_t key, long type)
{
	struct message m;
	int id = msgget(key, 0);
	if (id < 0)
		return fail("msgget");
	ssize_t n = msgrcv(id, &m, sizeof m.mtext, type, 0);
	if (n < 0)
		return fail("msgrcv");
	printf("sysvpeer: got %zd bytes of type %ld: %s\n", n, m.mtype, m.mtext);
	return 0;
}

static int msg_send(key_t key, long type, const char *text)
{
	struct message m = { .mtype = type };
	int id = msgget(key, 0);
	if (id < 0)
		return fail("msgget");
	snprintf(m.mtext, sizeof m.mtext, "%s", text);
	if (msgsnd(id, &m, strlen(m.mtext) + 1, 0) < 0)
		return fail("msgsnd");
	printf("sysvpeer: sent type %ld: %s\n", type, m.mtext);
	return 0;
}

static int shm_access(key_t key, const char *text)
{
	int id = shmget(key, 0, 0);
	if (id < 0)
		return fail("shmget");
	char *shm = shmat(id, NULL, text ? 0 : SHM_RDONLY);
	if (shm == (void *)-1)
		return fail("shmat");
	if (text) {
		strcpy(shm, text);
		printf("sysvpeer: wrote: %s\n", text);
	} else {
		printf("sysvpeer: read: %s\n", shm);
	}
	return shmdt(shm) < 0 ? fail("shmdt") : 0;
}

static int shm_remove(key_t key)
{
	int id = shmget(key, 0, 0);
	if (id < 0)
		return fail("shmget");
	if (shmctl(id, IPC_RMID, NULL) < 0)
		return fail("shmctl IPC_RMID");
	printf("sysvpeer: removed segment %d\n", id);
	return 0;
}

static int sem_wait_post(key_t key)
{
	struct sembuf p = { 0, -1, 0 }, v = { 0, 1, 0 };
	int id = semget(key, 0, 0);
	if (id < 0)
		return fail("semget");
	if (semop(id, &p, 1) < 0)
		return fail("semop P");
	printf("sysvpeer: passed P\n");
	fflush(stdout);
	return semop(id, &v, 1) < 0 ? fail("semop V") : 0;
}

/* Someone else's queue under the key a crashed session used. */
static int msg_remake(key_t key)
{
	int id = msgget(key, 0);
	if (id >= 0 && msgctl(id, IPC_RMID, NULL) < 0)
		return fail("msgctl IPC_RMID");
	id = msgget(key, IPC_CREAT | IPC_EXCL | 0600);
	if (id < 0)
		return fail("msgget");
	printf("%d\n", id);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: sysvpeer msgrecv|msgsend|shmread|shmwrite|shmrm|semwait|msgremake PATH ID [ARGS]\n");
		return 2;
	}
	key_t key = ftok(argv[2], argv[3][1] ? atoi(argv[3]) : argv[3][0]);
	if (key == -1)
		return fail("ftok");
	if (strcmp(argv[1], "msgrecv") == 0 && argc == 5)
		return msg_recv(key, atol(argv[4]));
	if (strcmp(argv[1], "msgsend") == 0 && argc == 6)
		return msg_send(key, atol(argv[4]), argv[5]);
	if (strcmp(argv[1], "shmread") == 0 && argc == 4)
		return shm_access(key, NULL);
	if (strcmp(argv[1], "shmwrite") == 0 && argc == 5)
		return shm_access(key, argv[4]);
	if (strcmp(argv[1], "shmrm") == 0 && argc == 4)
		return shm_remove(key);
	if (strcmp(argv[1], "semwait") == 0 && argc == 4)
		return sem_wait_post(key);
	if (strcmp(argv[1], "msgremake") == 0 && argc == 4)
		return msg_remake(key);
	fprintf(stderr, "sysvpeer: bad arguments\n");
	return 2;
}
