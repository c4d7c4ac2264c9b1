/* leftovers.c - the objects of sessions that died, from their journals. */
#include "leftovers.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "journal.h"
#include "objtab.h"

/* An object a journal says was made, and whether it is still there by the
 * journal's account (not gone, not kept). */
struct entry {
	struct object o;
	bool live;
};

struct session {
	struct entry *e;
	int n;
	const char *intent;	/* the last record, when it is an intent: the session died making it */
};

static struct entry *new_entry(struct session *s, enum obj_kind kind, const char *handle)
{
	s->e = xrealloc(s->e, sizeof *s->e * (size_t)(s->n + 1));
	struct entry *e = &s->e[s->n++];
	memset(e, 0, sizeof *e);
	e->live = true;
	e->o.kind = kind;
	e->o.id = e->o.fd[0] = e->o.fd[1] = -1;
	snprintf(e->o.handle, sizeof e->o.handle, "%s", handle);
	return e;
}

/* An intent record whose "got=ID,KEY" the worker filled in: the object
 * was made, and is named (without a handle) until its "made" record. */
static bool got_made(struct session *s, const char *kind, const char *r)
{
	struct buf got = { 0 };
	long long id, key, time = 0;
	bool made = journal_get(r, "got", &got) && got.data && sscanf(got.data, "%lld,%lld", &id, &key) == 2;
	if (made) {
		struct entry *e = new_entry(s, obj_kind_named(kind), "");
		e->o.id = (int)id;
		e->o.key = (long)key;
		journal_get_long(r, "time", &time);
		e->o.ctime = time;	/* it was made after its intent */
	}
	buf_free(&got);
	return made;
}

/* The entry without a handle that named the object E names now. */
static void forget_unnamed(struct session *s, const struct entry *e)
{
	for (int i = 0; i < s->n; i++)
		if (&s->e[i] != e && s->e[i].live && !s->e[i].o.handle[0] && s->e[i].o.kind == e->o.kind &&
		    s->e[i].o.id == e->o.id)
			s->e[i].live = false;
}

static struct entry *live_entry(struct session *s, const char *handle)
{
	for (int i = 0; i < s->n; i++)
		if (s->e[i].live && strcmp(s->e[i].o.handle, handle) == 0)
			return &s->e[i];
	return NULL;
}

/* One record of a journal, in order: "made" adds, "gone" and "keep" take away. */
static void replay_record(struct session *s, const char *r, bool last)
{
	struct buf verb = { 0 }, a = { 0 }, b = { 0 };
	journal_word(r, 0, &verb);
	journal_word(r, 1, &a);
	journal_word(r, 2, &b);
	const char *v = verb.data ? verb.data : "";
	if (strcmp(v, "made") == 0 && a.data && b.data && obj_kind_named(a.data) != OBJ_NONE) {
		struct entry *old = live_entry(s, b.data);
		if (old)	/* its handle was given again after a restart */
			old->live = false;
		struct entry *e = new_entry(s, obj_kind_named(a.data), b.data);
		obj_from_record(&e->o, r);
		forget_unnamed(s, e);
	} else if (strcmp(v, "intent") == 0 && a.data && obj_kind_named(a.data) != OBJ_NONE && got_made(s, a.data, r)) {
		/* the worker wrote down what it made: an object with no handle yet */
	} else if ((strcmp(v, "gone") == 0 || strcmp(v, "keep") == 0) && a.data) {
		struct entry *e = live_entry(s, a.data);
		if (e)
			e->live = false;
	} else if (strcmp(v, "intent") == 0 && last) {
		s->intent = r;
	}
	buf_free(&verb);
	buf_free(&a);
	buf_free(&b);
}

static void replay(const struct journal_file *f, struct session *s)
{
	memset(s, 0, sizeof *s);
	for (int i = 0; i < f->nrecords; i++)
		replay_record(s, f->records[i], i == f->nrecords - 1);
}

static void session_free(struct session *s)
{
	for (int i = 0; i < s->n; i++) {
		free(s->e[i].o.name);
		free(s->e[i].o.path);
	}
	free(s->e);
}

/* "msg1 (a System V message queue, key 0x00001234, id 5)" */
static void describe(const struct object *o, struct buf *b)
{
	buf_printf(b, "%s (%s", o->handle[0] ? o->handle : "an object it was making", obj_kind_desc(o->kind));
	if (o->id >= 0 && o->key)
		buf_printf(b, ", key 0x%08lx", (unsigned long)o->key & 0xffffffffUL);
	else if (o->id >= 0)
		buf_addstr(b, ", key IPC_PRIVATE");
	if (o->id >= 0)
		buf_printf(b, ", id %d", o->id);
	if (o->name)
		buf_printf(b, ", %s", o->name);
	if (o->path)
		buf_printf(b, ", %s", o->path);
	buf_addch(b, ')');
}

/* "a queue (key 0x00001234)" of an intent record. */
static void describe_intent(const char *r, struct buf *b)
{
	struct buf kind = { 0 }, v = { 0 };
	journal_word(r, 1, &kind);
	buf_addstr(b, obj_kind_desc(kind.data ? obj_kind_named(kind.data) : OBJ_NONE));
	if (journal_get(r, "key", &v))
		buf_printf(b, " with key %s", v.data);
	else if (journal_get(r, "ftok", &v))
		buf_printf(b, " with the key of ftok(\"%s\", ...)", v.data);
	buf_free(&kind);
	buf_free(&v);
}

/* Is E still the object its session made?  WHY says why not (empty: it is gone). */
static bool still_there(struct entry *e, struct buf *why)
{
	const struct obj_ops *ops = obj_ops(e->o.kind);
	return ops && ops->still_same && ops->still_same(&e->o, why);
}

/* Lists, or removes, what the journal F's session left; returns how many
 * objects it left, and counts failed removals in *FAILED. */
static int one_session(const struct journal_file *f, FILE *out, bool remove, bool verbose, int *failed)
{
	struct session s;
	replay(f, &s);
	int left = 0, fails = 0;
	for (int i = 0; i < s.n; i++) {
		struct entry *e = &s.e[i];
		if (!e->live)
			continue;
		struct buf why = { 0 }, what = { 0 };
		describe(&e->o, &what);
		if (!still_there(e, &why)) {
			if (why.len && (verbose || !remove))
				fprintf(out, "left alone: %s of session %d: %s\n", what.data, f->pid, why.data);
		} else if (!remove) {
			if (!left)
				fprintf(out, "session %d ended without removing its objects:\n", f->pid);
			fprintf(out, "  %s\n", what.data);
			left++;
		} else {
			obj_ops(e->o.kind)->destroy(&e->o);
			buf_reset(&why);
			bool stays = still_there(e, &why);
			fprintf(out, stays ? "could not remove %s of session %d\n" : "removed %s, left by session %d\n",
				what.data, f->pid);
			fails += stays;
			left++;
		}
		buf_free(&why);
		buf_free(&what);
	}
	if (s.intent) {
		struct buf what = { 0 };
		describe_intent(s.intent, &what);
		fprintf(out, "session %d died while it was making %s: ipcsh cannot tell whether it was made "
			"(look with 'ipcs')\n", f->pid, what.data);
		buf_free(&what);
	}
	/* Listing keeps a journal with something in it, to be offered again. */
	if (remove ? fails == 0 : left == 0 && !s.intent)
		unlink(f->path);
	*failed += fails;
	session_free(&s);
	return left;
}

static int each_session(FILE *out, bool remove, bool verbose, int *failed)
{
	struct journal_file *files;
	int n = journal_dead(&files), left = 0;
	for (int i = 0; i < n; i++)
		left += one_session(&files[i], out, remove, verbose, failed);
	journal_files_free(files, n);
	free(files);
	return left;
}

int leftovers_list(FILE *out)
{
	int failed = 0;
	return each_session(out, false, false, &failed);
}

int leftovers_remove(FILE *out, bool verbose)
{
	int failed = 0;
	if (each_session(out, true, verbose, &failed) == 0)
		fprintf(out, "no objects of a session that died to remove\n");
	return failed;
}
