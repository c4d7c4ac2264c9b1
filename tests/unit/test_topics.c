/* test_topics.c - unit tests for src/callerrs.c (the errors and signals a
 * command's C calls can bring) and src/topics.c (help topics by name). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "buf.h"
#include "callerrs.h"
#include "topics.h"

static void check(const char *calls, const char *want_errs, const char *want_sigs)
{
	struct buf errs = { 0 }, sigs = { 0 };
	callerrs_of(calls, &errs, &sigs);
	assert_string_equal(errs.data ? errs.data : "", want_errs);
	assert_string_equal(sigs.data ? sigs.data : "", want_sigs);
	buf_free(&errs);
	buf_free(&sigs);
}

static void callerrs_of__two_calls__union_sorted_once(void **state)
{
	(void)state;
	check("close(fd); dup2(oldfd, newfd);", "EBADF EBUSY EINTR EIO EMFILE", "");
}

static void callerrs_of__write__brings_sigpipe(void **state)
{
	(void)state;
	check("ssize_t n = write(fd, text, strlen(text));", "EAGAIN EBADF EINTR EINVAL EIO ENOSPC EPIPE", "SIGPIPE");
}

static void callerrs_of__longer_name__not_the_call(void **state)
{
	(void)state;
	/* pwrite is not write, my_close is not close */
	check("pwrite(fd, b, n); my_close(x);", "", "");
}

static void callerrs_of__signal_in_the_text__listed(void **state)
{
	(void)state;
	check("kill(pid, SIGKILL); waitpid(pid, &status, 0);", "ECHILD EINTR EINVAL EPERM ESRCH", "SIGKILL");
}

static void callerrs_of__no_calls__empty(void **state)
{
	(void)state;
	check("-", "", "");
	check(NULL, "", "");
}

static void topic_find__name_and_alias(void **state)
{
	(void)state;
	assert_non_null(topic_find("quoting"));
	assert_ptr_equal(topic_find("at"), topic_find("@"));
	assert_ptr_equal(topic_find("leftovers"), topic_find("journal"));
	assert_null(topic_find("quot"));	/* a topic is named in full */
	assert_null(topic_find(""));
}

static void topic_mentions__any_case(void **state)
{
	(void)state;
	assert_true(topic_mentions(topic_find("journal"), "CLEANUP"));
	assert_false(topic_mentions(topic_find("journal"), "SIGPIPE"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(callerrs_of__two_calls__union_sorted_once),
		cmocka_unit_test(callerrs_of__write__brings_sigpipe),
		cmocka_unit_test(callerrs_of__longer_name__not_the_call),
		cmocka_unit_test(callerrs_of__signal_in_the_text__listed),
		cmocka_unit_test(callerrs_of__no_calls__empty),
		cmocka_unit_test(topic_find__name_and_alias),
		cmocka_unit_test(topic_mentions__any_case),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
