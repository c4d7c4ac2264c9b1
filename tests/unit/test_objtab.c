/* test_objtab.c - unit tests for src/objtab.c: references, numbering per
 * kind, handles, the current object of each kind, finding and clearing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "objtab.h"

/* Every test starts and ends with an empty table. */
static int clear(void **state)
{
	obj_clear();
	return 0;
}

static enum obj_kind parse(const char *w, int *num)
{
	*num = -42;
	return obj_parse_ref(w, num);
}

static void obj_parse_ref__pipe1__pipe_number_1(void **state)
{
	int num;
	assert_int_equal(parse("pipe1", &num), OBJ_PIPE);
	assert_int_equal(num, 1);
}

static void obj_parse_ref__msg12__msg_number_12(void **state)
{
	int num;
	assert_int_equal(parse("msg12", &num), OBJ_MSG);
	assert_int_equal(num, 12);
}

static void obj_parse_ref__every_kind__parsed(void **state)
{
	static const struct {
		const char *w;
		enum obj_kind k;
	} cases[] = {
		{ "fifo3", OBJ_FIFO }, { "file4", OBJ_FILE }, { "shm5", OBJ_SHM }, { "sem6", OBJ_SEM },
		{ "mq7", OBJ_MQ }, { "pshm8", OBJ_PSHM }, { "psem9", OBJ_PSEM }, { "sock10", OBJ_SOCK },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int num;
		assert_int_equal(parse(cases[i].w, &num), cases[i].k);
		assert_int_equal(num, (int)(3 + i));
	}
}

static void obj_parse_ref__not_a_reference__none(void **state)
{
	static const char *const bad[] = {
		"pipe0", "pipe", "pipe1x", "1pipe", "nosuch3", "", "pipe01", "pipe-1", "pipe+1",
		"pipe 1", "Pipe1", "pip1", "pipes1", "pipe99999999999999999999", "p2",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int num;
		if (parse(bad[i], &num) != OBJ_NONE)
			fail_msg("'%s' parsed as a reference", bad[i]);
		assert_int_equal(num, -42);	/* untouched */
	}
}

static void obj_noun__kinds__names(void **state)
{
	assert_string_equal(obj_noun(OBJ_PIPE), "pipe");
	assert_string_equal(obj_noun(OBJ_MSG), "msg");
	assert_string_equal(obj_noun(OBJ_NONE), "");
	assert_string_equal(obj_noun(OBJ_NKINDS), "");
	assert_string_equal(obj_kind_desc(OBJ_PIPE), "a pipe");
	assert_string_equal(obj_kind_desc(OBJ_NONE), "nothing");
}

static void obj_add__per_kind__numbered_with_handles(void **state)
{
	struct object *p1 = obj_add(OBJ_PIPE, 1);
	struct object *p2 = obj_add(OBJ_PIPE, 2);
	struct object *m1 = obj_add(OBJ_MSG, 1);
	assert_string_equal(p1->handle, "pipe1");
	assert_string_equal(p2->handle, "pipe2");
	assert_string_equal(m1->handle, "msg1");
	assert_int_equal(p1->num, 1);
	assert_int_equal(p2->num, 2);
	assert_int_equal(m1->num, 1);
	assert_int_equal(p1->kind, OBJ_PIPE);
	assert_int_equal(m1->kind, OBJ_MSG);
	assert_int_equal(p2->creator, 2);
	assert_int_equal(p1->fd[0], -1);
	assert_int_equal(p1->fd[1], -1);
	assert_false(p1->gone);
}

static void obj_add__handle__parses_back_to_itself(void **state)
{
	for (int k = OBJ_NONE + 1; k < OBJ_NKINDS; k++) {
		struct object *o = obj_add((enum obj_kind)k, 1);
		int num;
		assert_int_equal(obj_parse_ref(o->handle, &num), k);
		assert_int_equal(num, o->num);
		assert_ptr_equal(obj_find((enum obj_kind)k, num), o);
	}
}

static void obj_first__after_adds__in_order(void **state)
{
	assert_null(obj_first());
	struct object *a = obj_add(OBJ_PIPE, 1);
	struct object *b = obj_add(OBJ_MSG, 1);
	struct object *c = obj_add(OBJ_PIPE, 1);
	assert_ptr_equal(obj_first(), a);
	assert_ptr_equal(a->next, b);
	assert_ptr_equal(b->next, c);
	assert_null(c->next);
}

static void obj_current__after_adds__last_of_its_kind(void **state)
{
	assert_null(obj_current(OBJ_PIPE));
	struct object *p1 = obj_add(OBJ_PIPE, 1);
	assert_ptr_equal(obj_current(OBJ_PIPE), p1);
	struct object *p2 = obj_add(OBJ_PIPE, 1);
	struct object *m1 = obj_add(OBJ_MSG, 1);
	assert_ptr_equal(obj_current(OBJ_PIPE), p2);
	assert_ptr_equal(obj_current(OBJ_MSG), m1);
	assert_null(obj_current(OBJ_SHM));
}

static void obj_set_current__older_object__becomes_current(void **state)
{
	struct object *p1 = obj_add(OBJ_PIPE, 1);
	struct object *p2 = obj_add(OBJ_PIPE, 1);
	struct object *m1 = obj_add(OBJ_MSG, 1);
	obj_set_current(p1);
	assert_ptr_equal(obj_current(OBJ_PIPE), p1);
	assert_ptr_equal(obj_current(OBJ_MSG), m1);	/* other kinds untouched */
	struct object *p3 = obj_add(OBJ_PIPE, 1);
	assert_ptr_equal(obj_current(OBJ_PIPE), p3);
	(void)p2;
}

static void obj_find__kind_and_number__found_or_null(void **state)
{
	struct object *p1 = obj_add(OBJ_PIPE, 1);
	struct object *p2 = obj_add(OBJ_PIPE, 1);
	struct object *m1 = obj_add(OBJ_MSG, 1);
	assert_ptr_equal(obj_find(OBJ_PIPE, 1), p1);
	assert_ptr_equal(obj_find(OBJ_PIPE, 2), p2);
	assert_ptr_equal(obj_find(OBJ_MSG, 1), m1);
	assert_null(obj_find(OBJ_MSG, 2));
	assert_null(obj_find(OBJ_PIPE, 3));
	assert_null(obj_find(OBJ_SHM, 1));
}

static void obj_find_ino__kind_and_inode__found_or_null(void **state)
{
	struct object *p1 = obj_add(OBJ_PIPE, 1);
	struct object *p2 = obj_add(OBJ_PIPE, 1);
	struct object *f1 = obj_add(OBJ_FIFO, 1);
	p1->ino = 1000;
	p2->ino = 2000;
	f1->ino = 1000;
	assert_ptr_equal(obj_find_ino(OBJ_PIPE, 1000), p1);
	assert_ptr_equal(obj_find_ino(OBJ_PIPE, 2000), p2);
	assert_ptr_equal(obj_find_ino(OBJ_FIFO, 1000), f1);
	assert_null(obj_find_ino(OBJ_PIPE, 3000));
	assert_null(obj_find_ino(OBJ_SOCK, 1000));
}

static void obj_clear__after_adds__empty_and_numbering_restarts(void **state)
{
	obj_add(OBJ_PIPE, 1);
	obj_add(OBJ_PIPE, 1);
	obj_add(OBJ_MSG, 1);
	obj_clear();
	assert_null(obj_first());
	assert_null(obj_current(OBJ_PIPE));
	assert_null(obj_current(OBJ_MSG));
	assert_null(obj_find(OBJ_PIPE, 1));
	struct object *p = obj_add(OBJ_PIPE, 1);
	assert_string_equal(p->handle, "pipe1");
	assert_ptr_equal(obj_first(), p);
	assert_null(p->next);
	struct object *m = obj_add(OBJ_MSG, 1);
	assert_string_equal(m->handle, "msg1");
	assert_ptr_equal(p->next, m);
}

static void obj_clear__empty_table__harmless(void **state)
{
	obj_clear();
	obj_clear();
	assert_null(obj_first());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(obj_parse_ref__pipe1__pipe_number_1, clear, clear),
		cmocka_unit_test_setup_teardown(obj_parse_ref__msg12__msg_number_12, clear, clear),
		cmocka_unit_test_setup_teardown(obj_parse_ref__every_kind__parsed, clear, clear),
		cmocka_unit_test_setup_teardown(obj_parse_ref__not_a_reference__none, clear, clear),
		cmocka_unit_test_setup_teardown(obj_noun__kinds__names, clear, clear),
		cmocka_unit_test_setup_teardown(obj_add__per_kind__numbered_with_handles, clear, clear),
		cmocka_unit_test_setup_teardown(obj_add__handle__parses_back_to_itself, clear, clear),
		cmocka_unit_test_setup_teardown(obj_first__after_adds__in_order, clear, clear),
		cmocka_unit_test_setup_teardown(obj_current__after_adds__last_of_its_kind, clear, clear),
		cmocka_unit_test_setup_teardown(obj_set_current__older_object__becomes_current, clear, clear),
		cmocka_unit_test_setup_teardown(obj_find__kind_and_number__found_or_null, clear, clear),
		cmocka_unit_test_setup_teardown(obj_find_ino__kind_and_inode__found_or_null, clear, clear),
		cmocka_unit_test_setup_teardown(obj_clear__after_adds__empty_and_numbering_restarts, clear, clear),
		cmocka_unit_test_setup_teardown(obj_clear__empty_table__harmless, clear, clear),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
