/* readmemory.c - the reading half of the shm lesson (writememory.c and
 * readmemory.c, C Programming Cookbook, "Communicating between processes
 * using shared memory").  It finds the System V shared memory segment that
 * the writer made, by the same key: ftok("sharedmem", 'a') on the file
 * sharedmem in the current directory, and shmget of 1024 bytes without
 * IPC_CREAT, so that it finds the writer's segment or fails (ENOENT) instead
 * of making an empty one.  It attaches the segment, prints the string at its
 * start as "Data read from memory: TEXT", detaches it and removes it with
 * shmctl(IPC_RMID).  A segment that another process still has attached is
 * not gone at once: the kernel marks it removed (dest) and frees it at the
 * last detach.
 *
 * Usage: readmemory
 * Exit status: 0 when every call succeeded, 1 when one failed (it says
 * which, with perror). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/shm.h>

enum { SEGMENT_SIZE = 1024 };

int main(void)
{
	key_t key = ftok("sharedmem", 'a');
	if (key == -1) {
		perror("readmemory: ftok sharedmem");
		return EXIT_FAILURE;
	}
	int shmid = shmget(key, SEGMENT_SIZE, 0666);
	if (shmid == -1) {
		perror("readmemory: shmget");
		return EXIT_FAILURE;
	}
	char *str = shmat(shmid, NULL, 0);
	if (str == (char *)-1) {
		perror("readmemory: shmat");
		return EXIT_FAILURE;
	}
	/* The writer stored a string with its NUL; print no more than the
	 * segment holds, should the NUL be missing. */
	printf("Data read from memory: %.*s\n", SEGMENT_SIZE, str);
	fflush(stdout);
	if (shmdt(str) == -1) {
		perror("readmemory: shmdt");
		return EXIT_FAILURE;
	}
	if (shmctl(shmid, IPC_RMID, NULL) == -1) {
		perror("readmemory: shmctl IPC_RMID");
		return EXIT_FAILURE;
	}
	return EXIT_SUCCESS;
}
