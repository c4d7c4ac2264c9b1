/* test_family.c - unit tests for the family registry (src/family.c) and
 * what the core takes from it: every worker op and block kind is found by
 * its index (the number a request or a call board carries), every object
 * kind a family owns has every hook, and every completion letter a command
 * uses is one complete.c implements. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "cmd.h"
#include "complete.h"
#include "family.h"
#include "objtab.h"
#include "worker.h"

static void family_list__by_rank__each_family_once(void **state)
{
	int n = 0, last = -1;
	FOR_EACH_FAMILY(f) {
		assert_true(f->rank > last);	/* ranks are distinct, so help's order is fixed */
		last = f->rank;
		n++;
	}
	int listed = 0;
	while (families[listed])
		listed++;
	assert_int_equal(n, listed);
}

static void worker_ops__every_op__round_trips_its_index(void **state)
{
	int count = 0;
	FOR_EACH_FAMILY(f)
		for (int i = 0; i < f->nops; i++) {
			const struct worker_op *op = &f->ops[i];
			assert_non_null(op->name);
			assert_non_null(op->fn);
			assert_int_equal(worker_op_index(op), count);
			assert_ptr_equal(worker_op_at(count), op);
			count++;
		}
	assert_true(count > 0);
	assert_null(worker_op_at(count));
	assert_null(worker_op_at(-1));
}

static void worker_ops__names__unique(void **state)
{
	FOR_EACH_FAMILY(f)
		for (int i = 0; i < f->nops; i++)
			FOR_EACH_FAMILY(g)
				for (int k = 0; k < g->nops; k++)
					if (&f->ops[i] != &g->ops[k])
						assert_string_not_equal(f->ops[i].name, g->ops[k].name);
}

static void worker_op_index__not_an_op__minus_one(void **state)
{
	static const struct worker_op stray = { "stray", NULL, false };
	assert_int_equal(worker_op_index(&stray), -1);
}

static void block_kinds__every_kind__round_trips_its_index(void **state)
{
	assert_ptr_equal(block_kind_at(block_kind_index(&block_other)), &block_other);
	assert_ptr_equal(block_kind_at(block_kind_index(&block_wait)), &block_wait);
	FOR_EACH_FAMILY(f)
		for (int i = 0; i < f->nblocks; i++) {
			const struct block_kind *k = &f->blocks[i];
			assert_non_null(k->name);
			assert_non_null(k->explain);	/* a family's kind explains itself */
			assert_true(block_kind_index(k) >= 2);
			assert_ptr_equal(block_kind_at(block_kind_index(k)), k);
		}
	assert_ptr_equal(block_kind_at(-5), &block_other);
	assert_ptr_equal(block_kind_at(100000), &block_other);
}

static void obj_kinds__every_kind__has_every_hook(void **state)
{
	int owned = 0;
	FOR_EACH_FAMILY(f)
		for (int i = 0; i < f->nkinds; i++) {
			const struct obj_ops *k = &f->kinds[i];
			assert_true(k->kind > OBJ_NONE && k->kind < OBJ_NKINDS);
			assert_ptr_equal(obj_ops(k->kind), k);	/* one family owns a kind */
			assert_non_null(k->decode);
			assert_non_null(k->alive);
			assert_non_null(k->describe);
			/* fd_role and stuck are for kinds that are fds, and only they */
			assert_true(!k->fd_role == !k->stuck);
			assert_non_null(k->attrs);
			assert_non_null(k->attr);
			assert_non_null(k->destroy);
			owned++;
		}
	assert_true(owned > 0);
}

static void cmd_entries__every_completion_letter__implemented(void **state)
{
	FOR_EACH_CMD(e)
		for (const char *l = e->complete ? e->complete : ""; *l; l++)
			if (!strchr(complete_letters, *l))
				fail_msg("%s %s: completion letter '%c' is not implemented", e->noun, e->verb ? e->verb : "",
					 *l);
}

static void cmd_entries__every_ref__a_kind_a_family_owns(void **state)
{
	FOR_EACH_CMD(e)
		if (e->ref != OBJ_NONE && !obj_ops(e->ref))
			fail_msg("%s %s takes %s references, but no family owns that kind", e->noun,
				 e->verb ? e->verb : "", obj_noun(e->ref));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(family_list__by_rank__each_family_once),
		cmocka_unit_test(worker_ops__every_op__round_trips_its_index),
		cmocka_unit_test(worker_ops__names__unique),
		cmocka_unit_test(worker_op_index__not_an_op__minus_one),
		cmocka_unit_test(block_kinds__every_kind__round_trips_its_index),
		cmocka_unit_test(obj_kinds__every_kind__has_every_hook),
		cmocka_unit_test(cmd_entries__every_completion_letter__implemented),
		cmocka_unit_test(cmd_entries__every_ref__a_kind_a_family_owns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
