/* journal.c - the session journal: one line a record, stored into a shared
 * mapping of the file.  A store to a MAP_SHARED page is in the page cache at
 * once, as a write(2) would be, and outlives a kill -9 of the process; it
 * costs no system call, and the file's blocks are reserved (fallocate) before
 * they are mapped, so that a full disk cannot turn a store into a SIGBUS.
 * When the file cannot grow so, records are written with pwrite(2). */
#include "journal.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "procfs.h"
#include "statedir.h"

#define MAGIC "ipcsh-journal 1"

static int jfd = -1;
static char *jpath;
static char *map;		/* the file, mapped; NULL when records are written */
static size_t map_size, used;	/* the mapping's size; the bytes of records in the file */

#define CHUNK ((size_t)65536)
#define NEW_SUFFIX ".new"	/* a journal until its header is in */
#define STALE_NEW 60		/* seconds after which a .new file is a dead start's */

static void field_name(struct buf *b, const char *name);

/* The size the file has once it holds NEED bytes: CHUNK, doubled as need be. */
static size_t size_for(size_t need)
{
	size_t size = map_size ? map_size : CHUNK;
	while (size < need)
		size *= 2;
	return size;
}

/* Maps the file with room for NEED bytes of records; false when it cannot. */
static bool room_for(size_t need)
{
	size_t size = size_for(need);
	if (size == map_size)
		return true;
	if (posix_fallocate(jfd, 0, (off_t)size) != 0)
		return false;
	void *p = map ? mremap(map, map_size, size, MREMAP_MAYMOVE)
		      : mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, jfd, 0);
	if (p == MAP_FAILED)
		return false;
	map = p;
	map_size = size;
	return true;
}

/* A worker's copy of the mapping, grown to cover NEED bytes: the controller
 * made the file that long before it wrote the record that reserved them,
 * and the sizes double the same way in both, so this stays within it. */
static bool worker_room_for(size_t need)
{
	size_t size = size_for(need);
	if (size == map_size)
		return true;
	void *p = mremap(map, map_size, size, MREMAP_MAYMOVE);
	if (p == MAP_FAILED)
		return false;
	map = p;
	map_size = size;
	return true;
}

/* The kernel's id of this boot, or "" when it cannot be read. */
static void boot_id(char *out, size_t size)
{
	out[0] = '\0';
	FILE *f = fopen("/proc/sys/kernel/random/boot_id", "re");
	if (f) {
		if (fgets(out, (int)size, f))
			out[strcspn(out, "\n")] = '\0';
		fclose(f);
	}
}

int journal_open(void)
{
	char *dir = state_dir("sessions");
	if (!dir) {
		errno = ENOENT;
		return -1;
	}
	/* Named after this process (pid and start time, never another's), and
	 * made under a temporary name until its header is in: a *.journal file
	 * always says whose it is. */
	unsigned long long start = procfs_start_time(getpid());
	struct buf path = { 0 }, fresh = { 0 };
	buf_printf(&path, "%s/%d-%llu.journal", dir, (int)getpid(), start);
	buf_printf(&fresh, "%s" NEW_SUFFIX, path.data);
	free(dir);
	int fd = open(fresh.data, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd >= 0) {
		jfd = fd;
		char boot[64];
		boot_id(boot, sizeof boot);
		journal_add(MAGIC " pid=%d start=%llu boot=%s", (int)getpid(), start, boot);
		if (rename(fresh.data, path.data) == 0) {
			jpath = buf_take(&path);
		} else {
			int err = errno;
			unlink(fresh.data);
			journal_close();
			errno = err;
			fd = -1;
		}
	}
	buf_free(&path);
	buf_free(&fresh);
	return fd < 0 ? -1 : 0;
}

bool journal_on(void)
{
	return jfd >= 0;
}

void journal_add(const char *fmt, ...)
{
	if (jfd < 0)
		return;
	struct buf line = { 0 };
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&line, fmt, ap);
	va_end(ap);
	journal_add_buf(&line);
	buf_free(&line);
}

long long journal_add_reserving(struct buf *b, const char *name, int width)
{
	if (jfd < 0)
		return -1;
	field_name(b, name);
	long long offset = (long long)(used + b->len);
	for (int i = 0; i < width; i++)
		buf_addch(b, ' ');
	journal_add_buf(b);
	return offset;
}

void journal_fill(long long offset, const char *text)
{
	size_t len = strlen(text);
	if (offset < 0 || !jpath)
		return;
	if (map && worker_room_for((size_t)offset + len)) {	/* the mapping it had at the fork, grown */
		memcpy(map + offset, text, len);
		return;
	}
	int fd = open(jpath, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return;
	ssize_t n;
	do
		n = pwrite(fd, text, len, (off_t)offset);
	while (n < 0 && errno == EINTR);
	close(fd);
}

void journal_add_buf(struct buf *b)
{
	if (jfd < 0)
		return;
	buf_addch(b, '\n');
	if (room_for(used + b->len)) {
		memcpy(map + used, b->data, b->len);
		used += b->len;
		return;
	}
	ssize_t n;
	do
		n = pwrite(jfd, b->data, b->len, (off_t)used);
	while (n < 0 && errno == EINTR);
	if (n > 0)
		used += (size_t)n;
}

void journal_close(void)
{
	if (jfd < 0)
		return;
	if (map)
		munmap(map, map_size);
	map = NULL;
	map_size = used = 0;
	close(jfd);
	if (jpath)
		unlink(jpath);
	free(jpath);
	jpath = NULL;
	jfd = -1;
}

static bool plain(unsigned char c)
{
	return c > ' ' && c != '%' && c != 0x7f;
}

/* " NAME=" */
static void field_name(struct buf *b, const char *name)
{
	buf_addch(b, ' ');
	buf_addstr(b, name);
	buf_addch(b, '=');
}

void journal_field(struct buf *b, const char *name, const char *value)
{
	field_name(b, name);
	for (const unsigned char *s = (const unsigned char *)value; *s; s++) {
		if (plain(*s))
			buf_addch(b, (char)*s);
		else
			buf_printf(b, "%%%02X", *s);
	}
}

void journal_field_long(struct buf *b, const char *name, long long value)
{
	field_name(b, name);
	buf_addll(b, value);
}

bool journal_word(const char *record, int n, struct buf *out)
{
	const char *s = record;
	for (;;) {
		s += strspn(s, " ");
		if (!*s)
			return false;
		size_t len = strcspn(s, " ");
		if (n-- == 0) {
			buf_reset(out);
			buf_add(out, s, len);
			return true;
		}
		s += len;
	}
}

static int hex(int c)
{
	return isdigit(c) ? c - '0' : tolower(c) - 'a' + 10;
}

bool journal_get(const char *record, const char *name, struct buf *out)
{
	size_t n = strlen(name);
	for (const char *s = record; (s = strchr(s, ' ')); ) {
		s++;
		if (strncmp(s, name, n) != 0 || s[n] != '=')
			continue;
		buf_reset(out);
		buf_add(out, "", 0);
		for (s += n + 1; *s && *s != ' '; s++) {
			if (*s == '%' && isxdigit((unsigned char)s[1]) && isxdigit((unsigned char)s[2])) {
				buf_addch(out, (char)(hex(s[1]) * 16 + hex(s[2])));
				s += 2;
			} else {
				buf_addch(out, *s);
			}
		}
		return true;
	}
	return false;
}

bool journal_get_long(const char *record, const char *name, long long *value)
{
	struct buf v = { 0 };
	char *end = NULL;
	bool ok = journal_get(record, name, &v) && v.len;
	if (ok) {
		errno = 0;
		*value = strtoll(v.data, &end, 0);
		ok = !*end && errno == 0;
	}
	buf_free(&v);
	return ok;
}

/* Reads PATH's lines into F; false when it is not a journal. */
static bool read_journal(const char *path, struct journal_file *f)
{
	FILE *in = fopen(path, "re");
	if (!in)
		return false;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	bool header = true, ok = false;
	while ((len = getline(&line, &cap, in)) > 0) {
		if (line[len - 1] != '\n')
			break;	/* a record cut short: the write never finished */
		line[len - 1] = '\0';
		if (header) {
			if (strncmp(line, MAGIC " ", strlen(MAGIC) + 1) != 0)
				break;
			header = false;
			ok = true;
			long long pid = 0, start = 0;
			struct buf boot = { 0 };
			char mine[64];
			journal_get_long(line, "pid", &pid);
			journal_get_long(line, "start", &start);
			journal_get(line, "boot", &boot);
			boot_id(mine, sizeof mine);
			f->pid = (int)pid;
			f->other_boot = !boot.data || strcmp(boot.data, mine) != 0;
			/* over when its pid is another process now (or none, or a zombie), or on another boot */
			ok = f->other_boot || pid <= 0 || procfs_start_time((pid_t)pid) != (unsigned long long)start ||
			     procfs_state((pid_t)pid) == 'Z' || procfs_state((pid_t)pid) == 'X';
			buf_free(&boot);
			if (!ok)
				break;
			continue;
		}
		f->records = xrealloc(f->records, sizeof *f->records * (size_t)(f->nrecords + 1));
		f->records[f->nrecords++] = xstrdup(line);
	}
	free(line);
	fclose(in);
	return ok;
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);
	return n > t && strcmp(s + n - t, tail) == 0;
}

/* A journal begun by a start killed before its header was in names nothing. */
static void remove_if_stale(int dfd, const char *name)
{
	struct stat st;
	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && time(NULL) - st.st_mtime > STALE_NEW)
		unlinkat(dfd, name, 0);
}

int journal_dead(struct journal_file **out)
{
	*out = NULL;
	char *dir = state_dir("sessions");
	DIR *d = dir ? opendir(dir) : NULL;
	int n = 0;
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (ends_with(e->d_name, ".journal" NEW_SUFFIX))
			remove_if_stale(dirfd(d), e->d_name);
		if (!ends_with(e->d_name, ".journal"))
			continue;
		struct buf path = { 0 };
		buf_printf(&path, "%s/%s", dir, e->d_name);
		if (jpath && strcmp(path.data, jpath) == 0) {
			buf_free(&path);
			continue;
		}
		struct journal_file f = { 0 };
		if (read_journal(path.data, &f)) {
			f.path = buf_take(&path);
			*out = xrealloc(*out, sizeof **out * (size_t)(n + 1));
			(*out)[n++] = f;
		} else {
			journal_files_free(&f, 1);
			buf_free(&path);
		}
	}
	if (d)
		closedir(d);
	free(dir);
	return n;
}

void journal_files_free(struct journal_file *files, int n)
{
	for (int i = 0; i < n; i++) {
		for (int r = 0; r < files[i].nrecords; r++)
			free(files[i].records[r]);
		free(files[i].records);
		free(files[i].path);
	}
}
