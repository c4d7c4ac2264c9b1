/* fuzz_lesson.c - fuzz target for the lesson loader (src/lesson.c):
 * lesson_load with the real check judge (check_fault, src/check.c) on any
 * bytes as a lesson file, then lesson_missing_programs (for a sound lesson),
 * lesson_free and buf_free; then again without a judge, as the lesson list
 * loads every lesson.
 *
 * The input is written to a file first: a memfd, opened by the loader as
 * /proc/self/fd/N, so that nothing is left on disk even when a crash ends
 * the fuzzer (where memfd_create is missing, a file under $TMPDIR, removed
 * at exit).  Checks, beyond no crash, leak or overflow: the count returned
 * is the number of "PATH:LINE: " complaints, none when it is 0, and every
 * string of the lesson is a live, NUL-terminated string. */
#include <stdbool.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "buf.h"
#include "check.h"
#include "fuzz.h"
#include "lesson.h"

static int fd = -1;
static char path[4096];

static void remove_file(void)
{
	unlink(path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fd = memfd_create("ipcsh-fuzz-lesson", MFD_CLOEXEC);
	if (fd >= 0) {
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
		return 0;
	}
	const char *dir = getenv("TMPDIR");
	snprintf(path, sizeof path, "%s/ipcsh-fuzz-lesson-XXXXXX", dir && *dir ? dir : "/tmp");
	fd = mkstemp(path);
	FUZZ_CHECK(fd >= 0, "cannot make a temporary file %s", path);
	atexit(remove_file);
	return 0;
}

static void touch(const char *s)
{
	FUZZ_CHECK(s != NULL, "a NULL string");
	(void)strlen(s);
}

static void touch_all(char **v, int n)
{
	FUZZ_CHECK(n >= 0 && (n == 0 || v), "%d strings at %p", n, (void *)v);
	for (int i = 0; i < n; i++)
		touch(v[i]);
}

static void check_lesson(const struct lesson *l)
{
	touch(l->path);
	touch_all(l->recipes, l->nrecipes);
	FUZZ_CHECK(l->nfiles >= 0 && l->nsteps >= 0, "%d files, %d steps", l->nfiles, l->nsteps);
	for (int i = 0; i < l->nfiles; i++) {
		touch(l->files[i].name);
		touch(l->files[i].content);
	}
	for (int i = 0; i < l->nsteps; i++) {
		const struct lstep *s = &l->steps[i];
		const char *texts[] = { s->title, s->text, s->code, s->feedback, s->predict, s->answer };
		for (size_t k = 0; k < sizeof texts / sizeof *texts; k++)
			if (texts[k])
				touch(texts[k]);
		touch_all(s->choices, s->nchoices);
		touch_all(s->hints, s->nhints);
		touch_all(s->solution, s->nsolution);
		FUZZ_CHECK(s->nchecks >= 0 && (s->nchecks == 0 || s->checks), "%d checks", s->nchecks);
		for (int k = 0; k < s->nchecks; k++)
			touch_all(s->checks[k].argv, s->checks[k].argc);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FUZZ_CHECK(ftruncate(fd, 0) == 0, "ftruncate");
	FUZZ_CHECK(pwrite(fd, data, size, 0) == (ssize_t)size, "pwrite");
	struct lesson l;
	struct buf errors = { 0 };
	int n = lesson_load(path, &l, &errors, check_fault);
	FUZZ_CHECK(n >= 0, "lesson_load returned %d", n);
	if (n == 0) {
		FUZZ_CHECK(errors.len == 0, "no fault counted, but: %s", errors.data);
	} else {
		size_t plen = strlen(path), lines = 0;
		FUZZ_CHECK(errors.data && strncmp(errors.data, path, plen) == 0 && errors.data[plen] == ':',
			   "a complaint does not start with the path: %s", errors.data ? errors.data : "(none)");
		for (const char *p = errors.data; (p = strchr(p, '\n')); p++)
			lines++;
		FUZZ_CHECK(lines >= (size_t)n, "%d faults counted, %zu lines: %s", n, lines, errors.data);
	}
	check_lesson(&l);
	if (n == 0) {	/* as tutor.c does with a sound lesson */
		struct buf missing = { 0 };
		int nmissing = lesson_missing_programs(&l, &missing);
		FUZZ_CHECK(nmissing >= 0 && (nmissing == 0) == (missing.len == 0), "%d missing: %s", nmissing,
			   missing.data ? missing.data : "");
		buf_free(&missing);
	}
	lesson_free(&l);
	buf_free(&errors);
	/* The lesson list loads every lesson without judging its checks (lessondir.c). */
	lesson_load(path, &l, &errors, NULL);
	check_lesson(&l);
	lesson_free(&l);
	buf_free(&errors);
	return 0;
}
