/* board.c - creating and mapping call boards (memfd + mmap). */
#include "board.h"

#include <sys/mman.h>
#include <unistd.h>

int board_create(void)
{
	int fd = memfd_create("ipcsh-board", MFD_CLOEXEC);
	if (fd >= 0 && ftruncate(fd, sizeof(struct board)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

struct board *board_map(int fd)
{
	void *p = mmap(NULL, sizeof(struct board), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	return p == MAP_FAILED ? NULL : p;
}

void board_unmap(struct board *b)
{
	if (b)
		munmap(b, sizeof *b);
}
