/* objtab.c - the object table: handles, numbering and the current object of each kind. */
#include "objtab.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "family.h"
#include "journal.h"
#include "procfs.h"

static const struct {
	const char *noun, *desc;
} kinds[OBJ_NKINDS] = {
	[OBJ_NONE] = { "", "nothing" },
	[OBJ_PIPE] = { "pipe", "a pipe" },
	[OBJ_FIFO] = { "fifo", "a FIFO" },
	[OBJ_FILE] = { "file", "an open file" },
	[OBJ_MSG] = { "msg", "a System V message queue" },
	[OBJ_SHM] = { "shm", "a System V shared memory segment" },
	[OBJ_SEM] = { "sem", "a System V semaphore set" },
	[OBJ_MQ] = { "mq", "a POSIX message queue" },
	[OBJ_PSHM] = { "pshm", "a POSIX shared memory object" },
	[OBJ_PSEM] = { "psem", "a POSIX semaphore" },
	[OBJ_SOCK] = { "sock", "a socket" },
};

static struct object *head, *tail;
static int counters[OBJ_NKINDS];
static struct object *current[OBJ_NKINDS];

const char *obj_noun(enum obj_kind k)
{
	return k > OBJ_NONE && k < OBJ_NKINDS ? kinds[k].noun : "";
}

const char *obj_kind_desc(enum obj_kind k)
{
	return k > OBJ_NONE && k < OBJ_NKINDS ? kinds[k].desc : "nothing";
}

enum obj_kind obj_parse_ref(const char *w, int *num)
{
	size_t n = 0;
	while (isalpha((unsigned char)w[n]))
		n++;
	if (n == 0 || !isdigit((unsigned char)w[n]) || w[n] == '0')
		return OBJ_NONE;
	char *end;
	long v = strtol(w + n, &end, 10);
	if (*end || v < 1 || v > 1000000)
		return OBJ_NONE;
	for (int k = OBJ_NONE + 1; k < OBJ_NKINDS; k++) {
		if (strlen(kinds[k].noun) == n && strncmp(kinds[k].noun, w, n) == 0) {
			*num = (int)v;
			return (enum obj_kind)k;
		}
	}
	return OBJ_NONE;
}

const struct obj_ops *obj_ops(enum obj_kind k)
{
	FOR_EACH_FAMILY(f)
		for (int i = 0; i < f->nkinds; i++)
			if (f->kinds[i].kind == k)
				return &f->kinds[i];
	return NULL;
}

enum obj_kind obj_kind_named(const char *noun)
{
	for (int k = OBJ_NONE + 1; k < OBJ_NKINDS; k++)
		if (strcmp(kinds[k].noun, noun) == 0)
			return (enum obj_kind)k;
	return OBJ_NONE;
}

struct object *obj_add(enum obj_kind k, int creator)
{
	struct object *o = xcalloc(1, sizeof *o);
	o->kind = k;
	o->num = ++counters[k];
	o->creator = creator;
	o->fd[0] = o->fd[1] = o->id = -1;
	snprintf(o->handle, sizeof o->handle, "%s%d", kinds[k].noun, o->num);
	if (tail)
		tail->next = o;
	else
		head = o;
	tail = o;
	current[k] = o;
	return o;
}

struct object *obj_find(enum obj_kind k, int num)
{
	for (struct object *o = head; o; o = o->next)
		if (o->kind == k && o->num == num)
			return o;
	return NULL;
}

struct object *obj_find_ino(enum obj_kind k, unsigned long ino)
{
	for (struct object *o = head; o; o = o->next)
		if ((k == OBJ_NONE || o->kind == k) && o->ino == ino)
			return o;
	return NULL;
}

struct object *obj_of_fd(const struct fdent *e, const char **role)
{
	for (struct object *o = head; o; o = o->next) {
		const struct obj_ops *ops = o->ino == e->ino ? obj_ops(o->kind) : NULL;
		if (ops && ops->fd_role && (*role = ops->fd_role(o, e)))
			return o;
	}
	return NULL;
}

struct object *obj_current(enum obj_kind k)
{
	return current[k];
}

void obj_set_current(struct object *o)
{
	current[o->kind] = o;
}

struct object *obj_first(void)
{
	return head;
}

void obj_journal_made(struct object *o)
{
	const struct obj_ops *ops = obj_ops(o->kind);
	if (!ops || !ops->record || !journal_on())
		return;
	struct buf rec = { 0 };
	buf_addstr(&rec, "made ");
	buf_addstr(&rec, kinds[o->kind].noun);
	buf_addch(&rec, ' ');
	buf_addstr(&rec, o->handle);
	ops->record(o, &rec);
	journal_add_buf(&rec);
	o->journaled = true;
	buf_free(&rec);
}

void obj_gone(struct object *o)
{
	if (o->gone)
		return;
	o->gone = true;
	if (o->journaled) {
		struct buf rec = { 0 };
		buf_addstr(&rec, "gone ");
		buf_addstr(&rec, o->handle);
		journal_add_buf(&rec);
		buf_free(&rec);
	}
}

void obj_keep(struct object *o)
{
	o->kept = true;
	if (o->journaled)
		journal_add("keep %s", o->handle);
}

void obj_from_record(struct object *o, const char *record)
{
	struct buf v = { 0 };
	long long n;
	if (journal_get_long(record, "id", &n))
		o->id = (int)n;
	if (journal_get_long(record, "key", &n))
		o->key = (long)n;
	if (journal_get_long(record, "ctime", &n))
		o->ctime = n;
	if (journal_get_long(record, "ino", &n))
		o->ino = (unsigned long)n;
	if (journal_get(record, "name", &v))
		o->name = buf_take(&v);
	if (journal_get(record, "path", &v))
		o->path = buf_take(&v);
	buf_free(&v);
}

void obj_clear(void)
{
	while (head) {
		struct object *next = head->next;
		const struct obj_ops *ops = obj_ops(head->kind);
		if (ops && !head->gone && !head->kept) {
			ops->destroy(head);
			obj_gone(head);
		}
		free(head->name);
		free(head->path);
		free(head);
		head = next;
	}
	tail = NULL;
	memset(counters, 0, sizeof counters);
	memset(current, 0, sizeof current);
}
