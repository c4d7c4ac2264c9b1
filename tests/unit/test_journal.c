/* test_journal.c - unit tests for src/journal.c: fields escape and read back,
 * records land in the file at once (the mapping), a clean close removes it,
 * and the journals of sessions that are over are read up to a record cut
 * short, while a live session's journal is not.  Each test has its own
 * XDG_STATE_HOME, removed afterwards. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "journal.h"
#include "rmtree.h"

static char state[256];

static int make_state(void **unused)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(state, sizeof state, "%s/ipcsh-test-journal-XXXXXX", tmp && *tmp == '/' ? tmp : "/tmp");
	assert_non_null(mkdtemp(state));
	setenv("XDG_STATE_HOME", state, 1);
	return 0;
}

static int remove_state(void **unused)
{
	journal_close();
	rm_tree(state);
	return 0;
}

/* The text of PATH (NUL bytes and all, up to SIZE), and its length. */
static size_t slurp(const char *path, char *out, size_t size)
{
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	size_t n = fread(out, 1, size - 1, f);
	out[n] = '\0';
	fclose(f);
	return n;
}

/* This process's journal: PID-START.journal. */
static void own_path(char *out, size_t size)
{
	char dir[300], prefix[32];
	snprintf(dir, sizeof dir, "%s/ipcsh/sessions", state);
	snprintf(prefix, sizeof prefix, "%d-", (int)getpid());
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	out[0] = '\0';
	while ((e = readdir(d)))
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0 && strstr(e->d_name, ".journal"))
			assert_true((size_t)snprintf(out, size, "%s/%s", dir, e->d_name) < size);
	closedir(d);
	assert_true(out[0] != '\0');
}

static void field__odd_bytes__escaped_and_read_back(void **unused)
{
	struct buf b = { 0 }, v = { 0 };
	buf_addstr(&b, "made fifo fifo1");
	journal_field(&b, "path", "/tmp/a b%c\nd");
	journal_field_long(&b, "id", -42);
	assert_string_equal(b.data, "made fifo fifo1 path=/tmp/a%20b%25c%0Ad id=-42");
	assert_true(journal_get(b.data, "path", &v));
	assert_string_equal(v.data, "/tmp/a b%c\nd");
	long long n = 0;
	assert_true(journal_get_long(b.data, "id", &n));
	assert_int_equal(n, -42);
	assert_false(journal_get(b.data, "pa", &v));
	assert_true(journal_word(b.data, 2, &v));
	assert_string_equal(v.data, "fifo1");
	assert_false(journal_word(b.data, 9, &v));
	buf_free(&b);
	buf_free(&v);
}

static void add__record__in_the_file_at_once(void **unused)
{
	assert_int_equal(journal_open(), 0);
	assert_true(journal_on());
	journal_add("made msg msg1 id=%d key=0 ctime=1", 5);
	char path[320], text[256];
	own_path(path, sizeof path);
	size_t n = slurp(path, text, sizeof text);
	assert_non_null(strstr(text, "ipcsh-journal 1 pid="));
	assert_non_null(strstr(text, "\nmade msg msg1 id=5 key=0 ctime=1\n"));
	assert_true(n >= strlen(text));	/* NUL bytes after the records, or nothing */
	journal_close();
	assert_false(journal_on());
	assert_int_not_equal(access(path, F_OK), 0);
	assert_null(strstr(path, ".new"));	/* renamed once its header was in */
}

static void add__many_records__the_file_grows(void **unused)
{
	assert_int_equal(journal_open(), 0);
	for (int i = 0; i < 3000; i++)	/* about 120 KiB: past the first mapping */
		journal_add("made msg msg%d id=%d key=0 ctime=1", i + 1, i);
	char path[320];
	own_path(path, sizeof path);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	char line[128];
	int n = 0;
	while (fgets(line, sizeof line, f) && line[0] != '\0')
		n++;
	fclose(f);
	assert_int_equal(n, 3001);
}

static void dead__journal_of_an_ended_session__read_to_a_torn_record(void **unused)
{
	assert_int_equal(journal_open(), 0);	/* makes the directory; its own file is not "dead" */
	char path[320], boot[64] = "";
	FILE *b = fopen("/proc/sys/kernel/random/boot_id", "r");
	assert_non_null(b);
	assert_non_null(fgets(boot, sizeof boot, b));
	fclose(b);
	boot[strcspn(boot, "\n")] = '\0';
	snprintf(path, sizeof path, "%s/ipcsh/sessions/4.journal", state);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "ipcsh-journal 1 pid=4 start=1 boot=%s\nmade msg msg1 id=5\ngone msg1\nmade sem se", boot);
	fwrite("\0\0\0\0", 1, 4, f);
	fclose(f);
	struct journal_file *files;
	int n = journal_dead(&files);
	assert_int_equal(n, 1);
	assert_int_equal(files[0].pid, 4);
	assert_false(files[0].other_boot);
	assert_int_equal(files[0].nrecords, 2);
	assert_string_equal(files[0].records[1], "gone msg1");
	journal_files_free(files, n);
	free(files);
}

static void dead__live_session__not_listed(void **unused)
{
	assert_int_equal(journal_open(), 0);
	struct journal_file *files;
	assert_int_equal(journal_dead(&files), 0);
	free(files);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(field__odd_bytes__escaped_and_read_back),
		cmocka_unit_test_setup_teardown(add__record__in_the_file_at_once, make_state, remove_state),
		cmocka_unit_test_setup_teardown(add__many_records__the_file_grows, make_state, remove_state),
		cmocka_unit_test_setup_teardown(dead__journal_of_an_ended_session__read_to_a_torn_record, make_state,
						remove_state),
		cmocka_unit_test_setup_teardown(dead__live_session__not_listed, make_state, remove_state),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
