/* test_buf.c - unit tests for src/buf.c: the growable buffer and the
 * allocation helpers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "buf.h"

static void buf_add__many_kilobytes__grows_and_keeps_bytes(void **state)
{
	struct buf b = { 0 };
	char chunk[100];
	for (int i = 0; i < 1000; i++) {
		memset(chunk, 'a' + i % 26, sizeof chunk);
		buf_add(&b, chunk, sizeof chunk);
		assert_int_equal(b.len, (size_t)(i + 1) * sizeof chunk);
		assert_true(b.cap > b.len);
		assert_int_equal(b.data[b.len], '\0');
	}
	for (int i = 0; i < 1000; i++)
		for (size_t j = 0; j < sizeof chunk; j++)
			assert_int_equal(b.data[i * sizeof chunk + j], 'a' + i % 26);
	buf_free(&b);
}

static void buf_add__binary_with_nul__kept(void **state)
{
	struct buf b = { 0 };
	buf_add(&b, "a\0b", 3);
	buf_add(&b, "", 0);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.data, "a\0b\0", 4);
	buf_free(&b);
}

static void buf_add__zero_bytes_to_empty__empty_string(void **state)
{
	struct buf b = { 0 };
	buf_add(&b, NULL, 0);
	assert_non_null(b.data);
	assert_string_equal(b.data, "");
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

static void buf_addstr__many_kilobytes__concatenated(void **state)
{
	struct buf b = { 0 };
	for (int i = 0; i < 5000; i++)
		buf_addstr(&b, "0123456789");
	assert_int_equal(b.len, 50000);
	assert_int_equal(strlen(b.data), 50000);
	assert_memory_equal(b.data + 49990, "0123456789", 11);
	buf_free(&b);
}

static void buf_addch__one_at_a_time__grows(void **state)
{
	struct buf b = { 0 };
	for (int i = 0; i < 10000; i++)
		buf_addch(&b, (char)('0' + i % 10));
	assert_int_equal(b.len, 10000);
	assert_int_equal(b.data[9999], '9');
	assert_int_equal(b.data[10000], '\0');
	buf_free(&b);
}

static void buf_printf__appends__formatted(void **state)
{
	struct buf b = { 0 };
	buf_printf(&b, "%s(%d, %s)", "write", 4, "\"hi\"");
	buf_printf(&b, " = %ld", 2L);
	assert_string_equal(b.data, "write(4, \"hi\") = 2");
	assert_int_equal(b.len, strlen("write(4, \"hi\") = 2"));
	buf_free(&b);
}

static void buf_printf__many_kilobytes__grows(void **state)
{
	struct buf b = { 0 };
	char big[20000];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	buf_addstr(&b, "<");
	buf_printf(&b, "%s|%05d", big, 42);
	for (int i = 0; i < 1000; i++)
		buf_printf(&b, "%d,", i % 10);
	assert_int_equal(b.len, 1 + 19999 + 6 + 2000);
	assert_int_equal(strlen(b.data), b.len);
	assert_memory_equal(b.data + 1 + 19999, "|00042", 6);
	assert_memory_equal(b.data + b.len - 4, "8,9,", 5);
	buf_free(&b);
}

static void buf_printf__empty_format__empty_string(void **state)
{
	struct buf b = { 0 };
	buf_printf(&b, "%s", "");
	assert_int_equal(b.len, 0);
	assert_non_null(b.data);
	assert_string_equal(b.data, "");
	buf_free(&b);
}

static void buf_take__after_adds__string_handed_over_buffer_empty(void **state)
{
	struct buf b = { 0 };
	buf_addstr(&b, "hello");
	char *s = buf_take(&b);
	assert_string_equal(s, "hello");
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	free(s);
	/* The buffer is usable again. */
	buf_addstr(&b, "again");
	assert_string_equal(b.data, "again");
	buf_free(&b);
}

static void buf_take__empty_buffer__empty_string(void **state)
{
	struct buf b = { 0 };
	char *s = buf_take(&b);
	assert_non_null(s);
	assert_string_equal(s, "");
	assert_null(b.data);
	free(s);
}

static void buf_reset__after_adds__empty_keeps_memory(void **state)
{
	struct buf b = { 0 };
	buf_addstr(&b, "some text");
	size_t cap = b.cap;
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	assert_int_equal(b.cap, cap);
	buf_addstr(&b, "new");
	assert_string_equal(b.data, "new");
	buf_free(&b);
	buf_reset(&b);	/* on a freed buffer: harmless */
	assert_null(b.data);
}

static void buf_free__twice__harmless(void **state)
{
	struct buf b = { 0 };
	buf_addstr(&b, "x");
	buf_free(&b);
	buf_free(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
}

static void xstrndup__shorter_than_string__cut_and_terminated(void **state)
{
	char *s = xstrndup("hello world", 5);
	assert_string_equal(s, "hello");
	free(s);
	s = xstrndup("abc", 0);
	assert_string_equal(s, "");
	free(s);
}

static void xstrndup__embedded_nul__copies_n_bytes(void **state)
{
	char *s = xstrndup("a\0b", 3);
	assert_memory_equal(s, "a\0b\0", 4);
	free(s);
}

static void xstrdup__string__equal_copy(void **state)
{
	const char *orig = "copy me";
	char *s = xstrdup(orig);
	assert_string_equal(s, orig);
	assert_ptr_not_equal(s, orig);
	free(s);
}

static void xalloc__zero_size__non_null(void **state)
{
	void *p = xmalloc(0);
	assert_non_null(p);
	free(p);
	p = xcalloc(0, 0);
	assert_non_null(p);
	free(p);
	p = xrealloc(NULL, 0);
	assert_non_null(p);
	free(p);
}

static void xcalloc__array__zeroed(void **state)
{
	int *p = xcalloc(1000, sizeof *p);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(p[i], 0);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(buf_add__many_kilobytes__grows_and_keeps_bytes),
		cmocka_unit_test(buf_add__binary_with_nul__kept),
		cmocka_unit_test(buf_add__zero_bytes_to_empty__empty_string),
		cmocka_unit_test(buf_addstr__many_kilobytes__concatenated),
		cmocka_unit_test(buf_addch__one_at_a_time__grows),
		cmocka_unit_test(buf_printf__appends__formatted),
		cmocka_unit_test(buf_printf__many_kilobytes__grows),
		cmocka_unit_test(buf_printf__empty_format__empty_string),
		cmocka_unit_test(buf_take__after_adds__string_handed_over_buffer_empty),
		cmocka_unit_test(buf_take__empty_buffer__empty_string),
		cmocka_unit_test(buf_reset__after_adds__empty_keeps_memory),
		cmocka_unit_test(buf_free__twice__harmless),
		cmocka_unit_test(xstrndup__shorter_than_string__cut_and_terminated),
		cmocka_unit_test(xstrndup__embedded_nul__copies_n_bytes),
		cmocka_unit_test(xstrdup__string__equal_copy),
		cmocka_unit_test(xalloc__zero_size__non_null),
		cmocka_unit_test(xcalloc__array__zeroed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
