/* procfs.h - what the controller reads about its processes from /proc. */
#ifndef IPCSH_PROCFS_H
#define IPCSH_PROCFS_H

#include <stdbool.h>
#include <sys/types.h>

struct fdent {
	int fd;
	char target[256];	/* readlink of /proc/PID/fd/N: "pipe:[1234]" */
	int accmode;		/* O_RDONLY, O_WRONLY or O_RDWR, from fdinfo */
	unsigned long ino;	/* for pipe:[N] and socket:[N], else the inode of the file */
};

/* Lists PID's open fds in ascending order; returns the count or -1. Free *OUT. */
int procfs_fds(pid_t pid, struct fdent **out);
/* The same; without MODES, accmode is PROCFS_MODE_UNREAD (no fdinfo is read:
 * procfs_fd_accmode reads one when it is wanted). */
enum { PROCFS_MODE_UNREAD = -2 };
int procfs_fds_modes(pid_t pid, struct fdent **out, bool modes);
/* O_RDONLY, O_WRONLY or O_RDWR of fd FD of PID (from fdinfo), or -1. */
int procfs_fd_accmode(pid_t pid, int fd);
/* The one-letter state (R, S, D, Z, T, X), or 0 if the process is gone. */
char procfs_state(pid_t pid);
/* Has PID a signal sent to it that it has not yet acted on (and does not block)? */
bool procfs_signal_pending(pid_t pid);
/* The syscall number PID is in, -1 when it is not in one, -2 when running, -3 unknown. */
long procfs_syscall(pid_t pid);
/* The same, and the call's first argument, an int (an fd for read, a pid for wait4). */
long procfs_syscall_arg0(pid_t pid, long *arg0);
/* The same, and the call's six arguments, as longs. */
long procfs_syscall_args(pid_t pid, long args[6]);
/* The exit status of a zombie, as waitpid reports it, or -1. */
int procfs_exit_code(pid_t pid);
pid_t procfs_ppid(pid_t pid);
/* When PID started (clock ticks after boot), or 0 if it is gone: with the pid,
 * it names a process for good, pids being reused. */
unsigned long long procfs_start_time(pid_t pid);
/* The program name of PID (/proc/PID/comm), without the newline. */
bool procfs_comm(pid_t pid, char *out, size_t size);
/* PID's children (at most MAX of them) into OUT; returns how many. */
int procfs_children(pid_t pid, pid_t *out, int max);
/* Will PID change state by itself soon: running, in the kernel, between
 * states, or a zombie whose parent sleeps in a wait that collects it?  (Not:
 * asleep, stopped, or a zombie nobody waits for.) */
bool procfs_active(pid_t pid);
/* Is a descendant of PID active? */
bool procfs_child_running(pid_t pid);
/* How many times PID has System V shared memory segment SHMID attached (its
 * mappings of /SYSVkey in /proc/PID/maps, whose inode is the id); the
 * address of the first into *ADDR when ADDR is not NULL. */
int procfs_shm_attached(pid_t pid, int shmid, unsigned long *addr);

#endif
