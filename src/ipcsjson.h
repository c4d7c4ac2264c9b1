/* ipcsjson.h - ipcs's tables for --json and --raw: each kind's rows with
 * lsipc's column names (KEY, ID, OWNER, PERMS, USEDBYTES, ...), numbers as
 * numbers, one table per section, all of them in one JSON object. */
#ifndef IPCSH_IPCSJSON_H
#define IPCSH_IPCSJSON_H

#include "ipcsfmt.h"

struct ipcs_table;
struct msg_row;
struct shm_row;
struct sem_row;
struct posix_row;

/* Every column of a kind, for -i. */
#define IPCS_MSG_COLUMNS "KEY ID# OWNER PERMS UID# USER GID# GROUP CUID# CUSER CGID# CGROUP USEDBYTES# MSGS# " \
	"QBYTES# LSPID# LRPID# SEND RECV CTIME HANDLE"
#define IPCS_SHM_COLUMNS "KEY ID# OWNER PERMS UID# USER GID# GROUP CUID# CUSER CGID# CGROUP SIZE# NATTCH# " \
	"STATUS CPID# LPID# ATTACH DETACH CTIME ATTACHED HANDLE"
#define IPCS_SEM_COLUMNS "KEY ID# OWNER PERMS UID# USER GID# GROUP CUID# CUSER CGID# CGROUP NSEMS# OTIME CTIME " \
	"HANDLE"

/* A row of the columns COLS (names as in the sets above) of M into T;
 * QBYTES is msg_qbytes (-i only); ATTACHED the pids that have S attached. */
void ipcs_json_msg(struct ipcs_table *t, const char *cols, const struct msg_row *m, unsigned long long qbytes);
void ipcs_json_shm(struct ipcs_table *t, const char *cols, const struct shm_row *s, const char *attached);
void ipcs_json_sem(struct ipcs_table *t, const char *cols, const struct sem_row *s);

/* Every section O asks for, as tables (ipcs_tables_print). */
void ipcs_tables(const struct ipcs_opts *o);

#endif
