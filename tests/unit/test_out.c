/* test_out.c - unit tests for the masking in src/out.c: out_apply_masks
 * replaces whole-number words only. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "out.h"
#include "settings.h"

static int clear(void **state)
{
	out_mask_clear();
	settings.mask = true;	/* masks are kept only when masking (IPCSH_MASK) */
	return 0;
}

/* Without IPCSH_MASK no mask is kept: a session of 1000 objects would
 * otherwise scan thousands of them for each line it prints. */
static void out_mask_add__masking_off__nothing_kept(void **state);

static void assert_masked(const char *text, const char *want)
{
	struct buf b = { 0 };
	out_apply_masks(text, &b);
	assert_string_equal(b.data ? b.data : "", want);
	assert_int_equal(b.len, strlen(want));
	buf_free(&b);
}

static void out_apply_masks__whole_number__replaced(void **state)
{
	out_mask_add(123, "<p>");
	assert_masked("pid 123,", "pid <p>,");
	assert_masked("123", "<p>");
	assert_masked("(123)", "(<p>)");
	assert_masked("123 123\n", "<p> <p>\n");
	assert_masked("[p2] pid=123", "[p2] pid=<p>");
	assert_masked("-123", "-<p>");
}

static void out_apply_masks__buffer_size__never_a_pid(void **state)
{
	out_mask_add(4096, "<ipcsh>");
	assert_masked("read(3, buf, 4096) = 2", "read(3, buf, 4096) = 2");
	assert_masked("fork() = 4096", "fork() = <ipcsh>");
}

static void out_apply_masks__text_mask__replaced_wherever(void **state)
{
	out_mask_text("/tmp/ipcsh-scratch-Ab12", "<scratch>");
	assert_masked("chdir(\"/tmp/ipcsh-scratch-Ab12\") = 0", "chdir(\"<scratch>\") = 0");
	assert_masked("/tmp/ipcsh-scratch-Ab12/test.dat", "<scratch>/test.dat");
	assert_masked("/tmp/ipcsh-scratch-Ab", "/tmp/ipcsh-scratch-Ab");
}

static void out_apply_masks__text_masked_again__newest_name_wins(void **state)
{
	out_mask_text("/dev/pts/3", "<tty2>");
	out_mask_text("/dev/pts/3", "<tty7>");
	assert_masked("1 rw /dev/pts/3 x", "1 rw <tty7> x");
}

static void out_apply_masks__text_ending_in_digit__not_start_of_longer_number(void **state)
{
	out_mask_text("/dev/pts/1", "<tty2>");
	assert_masked("/dev/pts/12", "/dev/pts/12");
	assert_masked("/dev/pts/1", "<tty2>");
	assert_masked("/dev/pts/1/x", "<tty2>/x");
}

static void out_apply_masks__longer_number__unchanged(void **state)
{
	out_mask_add(123, "<p>");
	assert_masked("1234", "1234");
	assert_masked("0123", "0123");
	assert_masked("x 12 x", "x 12 x");
}

static void out_apply_masks__number_inside_word__unchanged(void **state)
{
	out_mask_add(123, "<p>");
	assert_masked("a123", "a123");
	assert_masked("123abc", "123abc");
	assert_masked("p123 123p", "p123 123p");
}

static void out_apply_masks__no_masks__copied(void **state)
{
	assert_masked("pid 123, ino 456", "pid 123, ino 456");
}

static void out_apply_masks__empty_text__empty(void **state)
{
	out_mask_add(123, "<p>");
	assert_masked("", "");
}

static void out_apply_masks__several_masks__each_replaced(void **state)
{
	out_mask_add(4242, "<pid1>");
	out_mask_add(4243, "<pid2>");
	out_mask_add(987654, "<ino>");
	assert_masked("fork() = 4243 (parent 4242), pipe:[987654]",
		      "fork() = <pid2> (parent <pid1>), pipe:[<ino>]");
}

static void out_apply_masks__same_value_twice__last_name_wins(void **state)
{
	out_mask_add(77, "<old>");
	out_mask_add(77, "<new>");
	assert_masked("77", "<new>");
}

static void out_apply_masks__appends__keeps_what_was_there(void **state)
{
	out_mask_add(5, "<n>");
	struct buf b = { 0 };
	buf_addstr(&b, "> ");
	out_apply_masks("5 and 5", &b);
	assert_string_equal(b.data, "> <n> and <n>");
	buf_free(&b);
}

static void out_mask_clear__after_adds__nothing_masked(void **state)
{
	out_mask_add(123, "<p>");
	out_mask_clear();
	assert_masked("pid 123", "pid 123");
}

static void out_mask_add__masking_off__nothing_kept(void **state)
{
	settings.mask = false;
	out_mask_add(123, "<p>");
	out_mask_text("/dev/pts/3", "<tty2>");
	settings.mask = true;
	assert_masked("pid 123 on /dev/pts/3", "pid 123 on /dev/pts/3");
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, clear, clear)
	const struct CMUnitTest tests[] = {
		T(out_apply_masks__whole_number__replaced),
		T(out_apply_masks__buffer_size__never_a_pid),
		T(out_apply_masks__text_mask__replaced_wherever),
		T(out_apply_masks__text_masked_again__newest_name_wins),
		T(out_apply_masks__text_ending_in_digit__not_start_of_longer_number),
		T(out_apply_masks__longer_number__unchanged),
		T(out_apply_masks__number_inside_word__unchanged),
		T(out_apply_masks__no_masks__copied),
		T(out_apply_masks__empty_text__empty),
		T(out_apply_masks__several_masks__each_replaced),
		T(out_apply_masks__same_value_twice__last_name_wins),
		T(out_apply_masks__appends__keeps_what_was_there),
		T(out_mask_clear__after_adds__nothing_masked),
		T(out_mask_add__masking_off__nothing_kept),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
