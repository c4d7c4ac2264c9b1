/* sysvipc.h - the kernel's IPC objects as ipcs reads them, into plain
 * structs: System V from /proc/sysvipc/{msg,shm,sem}, POSIX from /dev/shm
 * and /dev/mqueue, the limits from /proc/sys, and the usage summary that
 * util-linux's ipcs -u asks the kernel for (MSG_INFO, SHM_INFO, SEM_INFO).
 * Nothing here prints, and nothing changes a kernel object. */
#ifndef IPCSH_SYSVIPC_H
#define IPCSH_SYSVIPC_H

#include <stdbool.h>
#include <sys/types.h>

/* What every System V object has (struct ipc_perm, as /proc shows it). */
struct ipc_head {
	unsigned key;		/* as ipcs prints it: 0x%08x */
	int id;
	unsigned mode;		/* with SHM_DEST and SHM_LOCKED for segments */
	unsigned uid, gid, cuid, cgid;
};

struct msg_row {
	struct ipc_head h;
	unsigned long long cbytes, qnum;
	int lspid, lrpid;
	long long stime, rtime, ctime;
};

struct shm_row {
	struct ipc_head h;
	unsigned long long segsz, nattch;
	int cpid, lpid;
	long long atime, dtime, ctime;
};

struct sem_row {
	struct ipc_head h;
	unsigned long long nsems;
	long long otime, ctime;
};

/* The rows of /proc/sysvipc/msg (shm, sem), in its order: their count, or
 * -1 with errno when the file cannot be read.  Free *ROWS. */
int sysvipc_msgs(struct msg_row **rows);
int sysvipc_shms(struct shm_row **rows);
int sysvipc_sems(struct sem_row **rows);

/* One semaphore of a set (ipcs -s -i). */
struct sem_elem {
	int val, ncount, zcount, pid;
};
/* Reads the N semaphores of set ID with semctl GETVAL, GETNCNT, GETZCNT and
 * GETPID (it only reads); -1 with errno, and in *CALL the call that failed. */
int sysvipc_sem_values(int id, int n, struct sem_elem *out, const char **call);
/* msg_qbytes of queue ID (IPC_STAT), or 0 when it cannot be read. */
unsigned long long sysvipc_qbytes(int id);

/* ---- POSIX: files under /dev/shm and /dev/mqueue ---- */

enum posix_kind { POSIX_SHM, POSIX_MQ, POSIX_SEM };

struct posix_row {
	char name[264];		/* "/NAME", as shm_open, mq_open and sem_open take it */
	unsigned mode, uid, gid;
	unsigned long long size;	/* of the file; for a queue, its QSIZE (bytes queued) */
	long long mtime, ctime;
	int notify_pid;		/* a queue's NOTIFY_PID (mq_notify), 0 for none */
	long value, waiters;	/* a semaphore's value and waiters, -1 when unknown */
};

/* The objects of kind K, sorted by name: their count, or -1 with errno
 * (ENODEV: /dev/mqueue is not an mqueue file system, not mounted).  Free *ROWS. */
int posixipc_list(enum posix_kind k, struct posix_row **rows);
/* The directory kind K lives in, and its file name for "/NAME" into BUF. */
const char *posixipc_dir(enum posix_kind k);
const char *posixipc_path(enum posix_kind k, const char *name, char *buf, size_t size);

/* ---- limits and usage ---- */

struct ipc_limits {
	bool msg, shm, sem;	/* which of the three could be read */
	int msgmni, msgmnb;
	unsigned long long msgmax;
	unsigned long long shmall, shmmax, shmmni, shmmin;
	int semmsl, semmns, semopm, semmni;
	unsigned semvmx;
	/* POSIX: /proc/sys/fs/mqueue and /dev/shm; -1 when unknown */
	long long mq_queues_max, mq_msg_max, mq_msgsize_max;
	long long shm_total;	/* the size of the /dev/shm file system, bytes */
};
void sysvipc_limits(struct ipc_limits *l);

/* The kernel's summary, as ipcs -u prints it (MSG_INFO, SHM_INFO, SEM_INFO). */
struct ipc_usage {
	bool msg, shm, sem;
	int msgpool, msgmap, msgtql;
	int shm_ids;
	unsigned long shm_tot, shm_rss, shm_swp, swap_attempts, swap_successes;
	int semusz, semaem;
};
void sysvipc_usage(struct ipc_usage *u);

#endif
