/* test_ipcs.c - unit tests for src/ipcsfmt.c (util-linux's sizes), and the
 * option parsing of src/ipcs.c and src/ipcrm.c: bundles, long options and
 * their prefixes, the last format winning, and the errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "ipcrm.h"
#include "ipcs.h"
#include "ipcsfmt.h"

static const char *human(unsigned long long bytes)
{
	static char text[32];
	return ipcs_human(bytes, text, sizeof text);
}

static void ipcs_human__sizes__as_util_linux_prints_them(void **state)
{
	assert_string_equal(human(0), "0B");
	assert_string_equal(human(1023), "1023B");
	assert_string_equal(human(1024), "1K");
	assert_string_equal(human(1536), "1.5K");
	assert_string_equal(human(5000), "4.9K");
	assert_string_equal(human(1048575), "1024K");	/* rounded up, to no fraction */
	assert_string_equal(human(3000000), "2.9M");
	assert_string_equal(human(UINT64_MAX), "16E");
}

static void ipcs_size__units_and_widths__ipc_print_size(void **state)
{
	struct buf b = { 0 };
	ipcs_size(&b, IPCS_UNIT_DEFAULT, NULL, 16, NULL, -12);
	assert_string_equal(b.data, "16          ");
	buf_reset(&b);
	ipcs_size(&b, IPCS_UNIT_KB, "max seg size", 4096, "\n", 0);
	assert_string_equal(b.data, "max seg size (kbytes) = 4\n");
	buf_reset(&b);
	ipcs_size(&b, IPCS_UNIT_HUMAN, "bytes=", 5000, "\t", 0);
	assert_string_equal(b.data, "bytes=4.9K\t");
	buf_reset(&b);
	ipcs_size(&b, IPCS_UNIT_HUMAN, NULL, 0, "    ", 6);
	assert_string_equal(b.data, "    0B    ");
	buf_free(&b);
}

/* Parses WORDS (space separated, "ipcs" first) into O; false on error, with ERR. */
static bool parse(const char *words, struct ipcs_opts *o, struct buf *err)
{
	char copy[256], *argv[32], *save = NULL;
	int argc = 0;
	snprintf(copy, sizeof copy, "%s", words);
	for (char *w = strtok_r(copy, " ", &save); w && argc < 31; w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	argv[argc] = NULL;
	buf_reset(err);
	return ipcs_parse(argc, argv, o, err);
}

static void ipcs_parse__bundles_and_long_options__as_getopt_long(void **state)
{
	struct ipcs_opts o;
	struct buf err = { 0 };
	assert_true(parse("ipcs", &o, &err));
	assert_int_equal(o.what, IPCS_SYSV);
	assert_int_equal(o.format, IPCS_LIST);
	assert_true(parse("ipcs -qt", &o, &err));
	assert_int_equal(o.what, IPCS_MSG);
	assert_int_equal(o.format, IPCS_TIME);
	assert_true(parse("ipcs --sh --ti", &o, &err));	/* unique prefixes */
	assert_int_equal(o.what, IPCS_SHM);
	assert_int_equal(o.format, IPCS_TIME);
	assert_true(parse("ipcs -l -u -b", &o, &err));	/* the last format counts */
	assert_int_equal(o.format, IPCS_SUMMARY);
	assert_int_equal(o.unit, IPCS_UNIT_BYTES);
	assert_true(parse("ipcs -qi7", &o, &err));
	assert_true(o.by_id);
	assert_int_equal(o.id, 7);
	assert_true(parse("ipcs -a --human", &o, &err));
	assert_int_equal(o.what, IPCS_SYSV | IPCS_POSIX);
	assert_int_equal(o.unit, IPCS_UNIT_HUMAN);
	assert_true(parse("ipcs -M -S --json", &o, &err));
	assert_int_equal(o.what, IPCS_PSHM | IPCS_PSEM);
	assert_true(o.json);
	buf_free(&err);
}

static void ipcs_parse__bad_input__said(void **state)
{
	struct ipcs_opts o;
	struct buf err = { 0 };
	assert_false(parse("ipcs -z", &o, &err));
	assert_string_equal(err.data, "invalid option -- 'z'");
	assert_false(parse("ipcs --h", &o, &err));
	assert_string_equal(err.data, "unrecognized or ambiguous option '--h'");
	assert_false(parse("ipcs -i 5", &o, &err));
	assert_non_null(strstr(err.data, "a single resource must be specified"));
	assert_false(parse("ipcs -q -i abc", &o, &err));
	assert_string_equal(err.data, "failed to parse id argument: 'abc'");
	assert_false(parse("ipcs -q -i", &o, &err));
	assert_string_equal(err.data, "option '-i' requires an argument");
	assert_false(parse("ipcs -q --json --raw", &o, &err));
	assert_false(parse("ipcs -m --messages", &o, &err));
	assert_false(parse("ipcs extra", &o, &err));
	assert_string_equal(err.data, "unexpected argument 'extra'");
	buf_free(&err);
}

static bool rm_parse(const char *words, struct rm_plan *p, struct buf *err)
{
	char copy[256], *argv[32], *save = NULL;
	int argc = 0;
	snprintf(copy, sizeof copy, "%s", words);
	for (char *w = strtok_r(copy, " ", &save); w && argc < 31; w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	argv[argc] = NULL;
	buf_reset(err);
	return ipcrm_parse(argc, argv, p, err);
}

static void ipcrm_parse__forms__a_plan_in_order(void **state)
{
	struct rm_plan p;
	struct buf err = { 0 };
	assert_true(rm_parse("ipcrm -q 5 --shmem-key 0x10 -S 17 --posix-mqueue /q -v", &p, &err));
	assert_int_equal(p.n, 4);
	assert_int_equal(p.v[0].kind, RM_MSG);
	assert_int_equal(p.v[0].how, RM_ID);
	assert_int_equal(p.v[0].value, 5);
	assert_int_equal(p.v[1].kind, RM_SHM);
	assert_int_equal(p.v[1].how, RM_KEY);
	assert_int_equal(p.v[1].value, 16);
	assert_int_equal(p.v[2].kind, RM_SEM);
	assert_int_equal(p.v[2].value, 17);
	assert_int_equal(p.v[3].how, RM_NAME);
	assert_string_equal(p.v[3].name, "/q");
	assert_true(p.verbose);
	struct buf enc = { 0 };
	ipcrm_encode(&p, &enc, 1000);
	assert_string_equal(enc.data, "qi5\nmk16\nsk17\nQn/q\n");
	buf_free(&enc);
	ipcrm_free(&p);
	assert_true(rm_parse("ipcrm msg 3 4", &p, &err));
	assert_true(p.deprecated);
	assert_int_equal(p.n, 2);
	ipcrm_free(&p);
	/* -a with a space before its kind: that kind only (a uid nobody has: nothing listed) */
	assert_true(rm_parse("ipcrm -a shm --user 3999999 --dry-run", &p, &err));
	assert_true(p.all && p.dry_run && p.by_user);
	assert_int_equal(p.n, 0);
	ipcrm_free(&p);
	buf_free(&err);
}

static void ipcrm_parse__bad_input__said(void **state)
{
	struct rm_plan p;
	struct buf err = { 0 };
	assert_false(rm_parse("ipcrm -a bogus", &p, &err));
	assert_non_null(strstr(err.data, "unknown argument: bogus"));
	ipcrm_free(&p);
	assert_false(rm_parse("ipcrm -q 1 stray", &p, &err));
	assert_string_equal(err.data, "unknown argument: stray");
	ipcrm_free(&p);
	assert_false(rm_parse("ipcrm -M 0", &p, &err));
	assert_non_null(strstr(err.data, "illegal key (0)"));
	ipcrm_free(&p);
	assert_false(rm_parse("ipcrm --posix-shmem noslash", &p, &err));
	ipcrm_free(&p);
	assert_false(rm_parse("ipcrm", &p, &err));
	assert_non_null(strstr(err.data, "nothing to remove"));
	ipcrm_free(&p);
	assert_false(rm_parse("ipcrm sem", &p, &err));
	ipcrm_free(&p);
	buf_free(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ipcs_human__sizes__as_util_linux_prints_them),
		cmocka_unit_test(ipcs_size__units_and_widths__ipc_print_size),
		cmocka_unit_test(ipcs_parse__bundles_and_long_options__as_getopt_long),
		cmocka_unit_test(ipcs_parse__bad_input__said),
		cmocka_unit_test(ipcrm_parse__forms__a_plan_in_order),
		cmocka_unit_test(ipcrm_parse__bad_input__said),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
