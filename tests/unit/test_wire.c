/* test_wire.c - unit tests for src/wire.c over a real
 * socketpair(AF_UNIX, SOCK_SEQPACKET): encoding, batching, fd passing,
 * malformed records and end of file. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "wire.h"

struct pair {
	int s[2];	/* s[0] sends, s[1] receives */
	char *rbuf;	/* WIRE_MAX bytes */
};

static int setup(void **state)
{
	struct pair *p = calloc(1, sizeof *p);
	if (!p || socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, p->s) < 0)
		return -1;
	p->rbuf = malloc(WIRE_MAX);
	if (!p->rbuf)
		return -1;
	*state = p;
	return 0;
}

static int teardown(void **state)
{
	struct pair *p = *state;
	if (p->s[0] >= 0)
		close(p->s[0]);
	if (p->s[1] >= 0)
		close(p->s[1]);
	free(p->rbuf);
	free(p);
	return 0;
}

static void assert_arg(const struct wmsg *m, int i, const void *p, size_t len)
{
	assert_true(i < m->argc);
	assert_int_equal(m->argv[i].len, len);
	assert_memory_equal(m->argv[i].p, p, len);
	assert_int_equal(m->argv[i].p[len], '\0');	/* usable as a C string */
}

/* Builds a raw record by hand: header, then (len, bytes, terminator) triples. */
static void raw_u32(struct buf *b, uint32_t v)
{
	buf_add(b, &v, sizeof v);
}

static void wire__message_with_args__round_trips(void **state)
{
	struct pair *p = *state;
	static const char bin[] = { 'a', '\0', 'b', '\0', '\xff' };
	struct wbuild w;
	wb_start(&w, REQ_RUN);
	wb_str(&w, "pipe.new");
	wb_bytes(&w, bin, sizeof bin);
	wb_str(&w, "");
	wb_long(&w, -1234567890123L);
	assert_int_equal(wb_send(&w, p->s[0], NULL, 0), 0);

	struct wrecord r;
	struct wmsg m;
	assert_int_equal(wire_recv(p->s[1], p->rbuf, &r), 1);
	assert_int_equal(r.nfds, 0);
	assert_int_equal(wire_next(&r, &m), 1);
	assert_int_equal(m.type, REQ_RUN);
	assert_int_equal(m.argc, 4);
	assert_arg(&m, 0, "pipe.new", 8);
	assert_arg(&m, 1, bin, sizeof bin);
	assert_arg(&m, 2, "", 0);
	assert_arg(&m, 3, "-1234567890123", 14);
	assert_int_equal(m.nfds, 0);
	assert_string_equal(warg_str(&m, 0), "pipe.new");
	assert_int_equal(warg_long(&m, 3), -1234567890123L);
	assert_string_equal(warg_str(&m, 4), "");	/* past the end */
	assert_int_equal(warg_long(&m, 4), 0);
	assert_int_equal(wire_next(&r, &m), 0);
}

static void wire__no_args__round_trips(void **state)
{
	struct pair *p = *state;
	struct wbuild w;
	wb_start(&w, EV_DONE);
	assert_int_equal(wb_send(&w, p->s[0], NULL, 0), 0);
	struct wrecord r;
	struct wmsg m;
	assert_int_equal(wire_recv(p->s[1], p->rbuf, &r), 1);
	assert_int_equal(wire_next(&r, &m), 1);
	assert_int_equal(m.type, EV_DONE);
	assert_int_equal(m.argc, 0);
	assert_int_equal(wire_next(&r, &m), 0);
}

static void wire__most_args__round_trip(void **state)
{
	struct pair *p = *state;
	struct wbuild w;
	wb_start(&w, REQ_RUN);
	for (long i = 0; i < WIRE_MAXARGS; i++)
		wb_long(&w, i * 11);
	assert_int_equal(wb_send(&w, p->s[0], NULL, 0), 0);
	struct wrecord r;
	struct wmsg m;
	assert_int_equal(wire_recv(p->s[1], p->rbuf, &r), 1);
	assert_int_equal(wire_next(&r, &m), 1);
	assert_int_equal(m.argc, WIRE_MAXARGS);
	for (int i = 0; i < WIRE_MAXARGS; i++)
		assert_int_equal(warg_long(&m, i), i * 11);
}

static void wb_append__several_messages__one_record_in_order(void **state)
{
	struct pair *p = *state;
	struct buf batch = { 0 };
	for (int i = 0; i < 3; i++) {
		struct wbuild w;
		wb_start(&w, EV_LINE);
		wb_long(&w, LINE_SAY);
		wb_long(&w, i);
		wb_append(&w, &batch);
	}
	struct wbuild w;
	wb_start(&w, EV_DONE);
	wb_str(&w, "0");
	wb_append(&w, &batch);
	assert_int_equal(wire_send_record(p->s[0], batch.data, batch.len, NULL, 0), 0);
	buf_free(&batch);

	struct wrecord r;
	struct wmsg m;
	assert_int_equal(wire_recv(p->s[1], p->rbuf, &r), 1);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(wire_next(&r, &m), 1);
		assert_int_equal(m.type, EV_LINE);
		assert_int_equal(m.argc, 2);
		assert_int_equal(warg_long(&m, 0), LINE_SAY);
		assert_int_equal(warg_long(&m, 1), i);
	}
	assert_int_equal(wire_next(&r, &m), 1);
	assert_int_equal(m.type, EV_DONE);
	assert_string_equal(warg_str(&m, 0), "0");
	assert_int_equal(wire_next(&r, &m), 0);
	assert_int_equal(wire_next(&r, &m), 0);
}

static void assert_same_file(int a, int b)
{
	struct stat sa, sb;
	assert_int_equal(fstat(a, &sa), 0);
	assert_int_equal(fstat(b, &sb), 0);
	assert_int_equal(sa.st_dev, sb.st_dev);
	assert_int_equal(sa.st_ino, sb.st_ino);
}

static void wb_send__with_fds__fds_arrive_with_first_message(void **state)
{
	struct pair *p = *state;
	int pfd[2];
	assert_int_equal(pipe(pfd), 0);
	int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
	assert_true(devnull >= 0);
	int fds[3] = { pfd[0], pfd[1], devnull };

	/* Two messages in the record: the fds belong to the first. */
	struct buf batch = { 0 };
	struct wbuild w;
	wb_start(&w, EV_FORKED);
	wb_long(&w, 4243);
	wb_append(&w, &batch);
	wb_start(&w, EV_DONE);
	wb_append(&w, &batch);
	assert_int_equal(wire_send_record(p->s[0], batch.data, batch.len, fds, 3), 0);
	buf_free(&batch);

	struct wrecord r;
	struct wmsg m;
	assert_int_equal(wire_recv(p->s[1], p->rbuf, &r), 1);
	assert_int_equal(r.nfds, 3);
	assert_int_equal(wire_next(&r, &m), 1);
	assert_int_equal(m.type, EV_FORKED);
	assert_int_equal(m.nfds, 3);
	for (int i = 0; i < 3; i++) {
		assert_int_not_equal(m.fds[i], fds[i]);	/* new descriptors, same files */
		assert_same_file(m.fds[i], fds[i]);
		assert_true(fcntl(m.fds[i], F_GETFD) & FD_CLOEXEC);
	}
	assert_int_equal(wire_next(&r, &m), 1);
	assert_int_equal(m.type, EV_DONE);
	assert_int_equal(m.nfds, 0);

	/* The received pipe ends work. */
	assert_int_equal(write(r.fds[1], "x", 1), 1);
	char c;
	assert_int_equal(read(pfd[0], &c, 1), 1);
	assert_int_equal(c, 'x');
	for (int i = 0; i < 3; i++) {
		close(r.fds[i]);
		close(fds[i]);
	}
}

static void wb_send__one_fd__arrives(void **state)
{
	struct pair *p = *state;
	int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
	assert_true(devnull >= 0);
	struct wbuild w;
	wb_start(&w, EV_OBJECT);
	wb_str(&w, "pipe");
	assert_int_equal(wb_send(&w, p->s[0], &devnull, 1), 0);
	struct wrecord r;
	struct wmsg m;
	assert_int_equal(wire_recv(p->s[1], p->rbuf, &r), 1);
	assert_int_equal(wire_next(&r, &m), 1);
	assert_int_equal(m.nfds, 1);
	assert_same_file(m.fds[0], devnull);
	close(m.fds[0]);
	close(devnull);
}

static void wire_send_record__too_big__emsgsize(void **state)
{
	struct pair *p = *state;
	char *big = calloc(1, WIRE_MAX + 1);
	assert_non_null(big);
	errno = 0;
	assert_int_equal(wire_send_record(p->s[0], big, WIRE_MAX + 1, NULL, 0), -1);
	assert_int_equal(errno, EMSGSIZE);
	free(big);
}

/* Regression: wire_send_record copies NFDS descriptors into a
 * control buffer sized for WIRE_MAXFDS without checking NFDS, so 5 fds
 * overflow the stack buffer (ASan: stack-buffer-overflow) and a plain build
 * sends them anyway.  Run in a child so a crash fails only this test. */
static void wire_send_record__more_fds_than_max__rejected(void **state)
{
	struct pair *p = *state;
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fds[WIRE_MAXFDS + 1];
		for (int i = 0; i < WIRE_MAXFDS + 1; i++)
			fds[i] = p->s[0];
		int rc = wire_send_record(p->s[0], "x", 1, fds, WIRE_MAXFDS + 1);
		_exit(rc == -1 ? 0 : 42);
	}
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	if (WIFEXITED(st) && WEXITSTATUS(st) == 42)
		fail_msg("wire_send_record sent %d fds (more than WIRE_MAXFDS) without an error",
			 WIRE_MAXFDS + 1);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		fail_msg("wire_send_record with %d fds crashed or tripped a sanitizer "
			 "(wait status 0x%x)", WIRE_MAXFDS + 1, st);
}

static void wire_send_record__closed_peer__fails_without_sigpipe(void **state)
{
	struct pair *p = *state;
	close(p->s[1]);
	p->s[1] = -1;
	struct wbuild w;
	wb_start(&w, EV_DONE);
	assert_int_equal(wb_send(&w, p->s[0], NULL, 0), -1);	/* MSG_NOSIGNAL: we are still here */
	assert_int_equal(errno, EPIPE);
}

static void wire_recv__peer_closed__eof(void **state)
{
	struct pair *p = *state;
	close(p->s[0]);
	p->s[0] = -1;
	struct wrecord r;
	assert_int_equal(wire_recv(p->s[1], p->rbuf, &r), 0);
}

static void wire_recv__pending_then_closed__record_then_eof(void **state)
{
	struct pair *p = *state;
	struct wbuild w;
	wb_start(&w, EV_DONE);
	assert_int_equal(wb_send(&w, p->s[0], NULL, 0), 0);
	close(p->s[0]);
	p->s[0] = -1;
	struct wrecord r;
	struct wmsg m;
	assert_int_equal(wire_recv(p->s[1], p->rbuf, &r), 1);
	assert_int_equal(wire_next(&r, &m), 1);
	assert_int_equal(wire_recv(p->s[1], p->rbuf, &r), 0);
}

/* Sends RAW as one record and returns what wire_next says about it. */
static int next_of_raw(struct pair *p, struct buf *raw)
{
	struct wrecord r;
	struct wmsg m;
	assert_int_equal(wire_send_record(p->s[0], raw->data, raw->len, NULL, 0), 0);
	buf_free(raw);
	assert_int_equal(wire_recv(p->s[1], p->rbuf, &r), 1);
	return wire_next(&r, &m);
}

static void wire_next__short_header__malformed(void **state)
{
	struct pair *p = *state;
	struct buf raw = { 0 };
	buf_add(&raw, "\x07\0\0\0\0\0", 6);
	assert_int_equal(next_of_raw(p, &raw), -1);
}

static void wire_next__too_many_args__malformed(void **state)
{
	struct pair *p = *state;
	struct buf raw = { 0 };
	raw_u32(&raw, REQ_RUN);
	raw_u32(&raw, WIRE_MAXARGS + 1);
	assert_int_equal(next_of_raw(p, &raw), -1);
}

static void wire_next__missing_arg__malformed(void **state)
{
	struct pair *p = *state;
	struct buf raw = { 0 };
	raw_u32(&raw, REQ_RUN);
	raw_u32(&raw, 2);
	raw_u32(&raw, 3);
	buf_add(&raw, "abc", 4);	/* one argument of two */
	assert_int_equal(next_of_raw(p, &raw), -1);
}

static void wire_next__arg_longer_than_record__malformed(void **state)
{
	struct pair *p = *state;
	struct buf raw = { 0 };
	raw_u32(&raw, REQ_RUN);
	raw_u32(&raw, 1);
	raw_u32(&raw, 1000);
	buf_add(&raw, "abc", 4);
	assert_int_equal(next_of_raw(p, &raw), -1);
}

static void wire_next__huge_arg_length__malformed(void **state)
{
	struct pair *p = *state;
	struct buf raw = { 0 };
	raw_u32(&raw, REQ_RUN);
	raw_u32(&raw, 1);
	raw_u32(&raw, UINT32_MAX);
	buf_add(&raw, "abc", 4);
	assert_int_equal(next_of_raw(p, &raw), -1);
}

static void wire_next__no_room_for_terminator__malformed(void **state)
{
	struct pair *p = *state;
	struct buf raw = { 0 };
	raw_u32(&raw, REQ_RUN);
	raw_u32(&raw, 1);
	raw_u32(&raw, 3);
	buf_add(&raw, "abc", 3);	/* the record ends where the NUL should be */
	assert_int_equal(next_of_raw(p, &raw), -1);
}

/* Regression: wire_next only checks that there is room for the byte
 * after each argument, not that it is the NUL terminator that wire.h
 * promises ("NUL-terminated in the receive buffer"), so warg_str and
 * warg_long on such a record read past the argument. */
static void wire_next__terminator_not_nul__malformed(void **state)
{
	struct pair *p = *state;
	struct buf raw = { 0 };
	raw_u32(&raw, REQ_RUN);
	raw_u32(&raw, 1);
	raw_u32(&raw, 3);
	buf_add(&raw, "abcX", 4);
	int rc = next_of_raw(p, &raw);
	if (rc != -1)
		fail_msg("wire_next accepted an argument not followed by NUL (returned %d)", rc);
}

static void wire_next__good_then_truncated__second_malformed(void **state)
{
	struct pair *p = *state;
	struct buf batch = { 0 };
	struct wbuild w;
	wb_start(&w, EV_LINE);
	wb_str(&w, "S");
	wb_str(&w, "hello");
	wb_append(&w, &batch);
	size_t first = batch.len;
	wb_start(&w, EV_LINE);
	wb_str(&w, "S");
	wb_str(&w, "world");
	wb_append(&w, &batch);
	/* Cut the second message short. */
	assert_int_equal(wire_send_record(p->s[0], batch.data, batch.len - 3, NULL, 0), 0);
	buf_free(&batch);

	struct wrecord r;
	struct wmsg m;
	assert_int_equal(wire_recv(p->s[1], p->rbuf, &r), 1);
	assert_int_equal(wire_next(&r, &m), 1);
	assert_string_equal(warg_str(&m, 1), "hello");
	assert_int_equal(r.off, first);
	assert_int_equal(wire_next(&r, &m), -1);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(wire__message_with_args__round_trips),
		T(wire__no_args__round_trips),
		T(wire__most_args__round_trip),
		T(wb_append__several_messages__one_record_in_order),
		T(wb_send__with_fds__fds_arrive_with_first_message),
		T(wb_send__one_fd__arrives),
		T(wire_send_record__too_big__emsgsize),
		T(wire_send_record__more_fds_than_max__rejected),
		T(wire_send_record__closed_peer__fails_without_sigpipe),
		T(wire_recv__peer_closed__eof),
		T(wire_recv__pending_then_closed__record_then_eof),
		T(wire_next__short_header__malformed),
		T(wire_next__too_many_args__malformed),
		T(wire_next__missing_arg__malformed),
		T(wire_next__arg_longer_than_record__malformed),
		T(wire_next__huge_arg_length__malformed),
		T(wire_next__no_room_for_terminator__malformed),
		T(wire_next__terminator_not_nul__malformed),
		T(wire_next__good_then_truncated__second_malformed),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
