/* worker.c - the worker loop and its reporting functions. */
#include "worker.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "board.h"
#include "family.h"
#include "trace.h"

static char rxbuf[WIRE_MAX];
static unsigned fd_epoch;

int worker_op_index(const struct worker_op *op)
{
	int base = 0;
	FOR_EACH_FAMILY(f) {
		if (op >= f->ops && op < f->ops + f->nops)
			return base + (int)(op - f->ops);
		base += f->nops;
	}
	return -1;
}

const struct worker_op *worker_op_at(long index)
{
	FOR_EACH_FAMILY(f) {
		if (index >= 0 && index < f->nops)
			return &f->ops[index];
		index -= f->nops;
	}
	return NULL;
}

/* Their explanations are block.c's, which knows the process table. */
const struct block_kind block_other = { .name = "a call" }, block_wait = { .name = "a wait for a child" };

int block_kind_index(const struct block_kind *k)
{
	if (k == &block_wait)
		return 1;
	int base = 2;
	FOR_EACH_FAMILY(f) {
		if (k >= f->blocks && k < f->blocks + f->nblocks)
			return base + (int)(k - f->blocks);
		base += f->nblocks;
	}
	return 0;
}

const struct block_kind *block_kind_at(long index)
{
	if (index == 1)
		return &block_wait;
	index -= 2;
	FOR_EACH_FAMILY(f) {
		if (index >= 0 && index < f->nblocks)
			return &f->blocks[index];
		index -= f->nblocks;
	}
	return &block_other;
}

const struct block_kind *block_kind_for_call(long nr)
{
	FOR_EACH_FAMILY(f)
		for (int i = 0; i < f->nblocks; i++)
			if (f->blocks[i].sysnr && f->blocks[i].sysnr == nr)
				return &f->blocks[i];
	return NULL;
}

unsigned worker_fd_epoch(void)
{
	return fd_epoch;
}

int worker_channels_open(struct channels *ch)
{
	ch->board = board_create();
	if (ch->board < 0)
		return -1;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, ch->ctl) == 0) {
		if (pipe2(ch->out, O_CLOEXEC) == 0)
			return 0;
		int err = errno;
		close(ch->ctl[0]);
		close(ch->ctl[1]);
		errno = err;
	}
	int err = errno;
	close(ch->board);
	errno = err;
	return -1;
}

/* The fds beyond 0-2 ipcsh was started with, ascending (worker_inherit_fds). */
static int *inherited;
static int ninherited;

static bool is_inherited(int fd)
{
	for (int i = 0; i < ninherited; i++)
		if (inherited[i] == fd)
			return true;
	return false;
}

static int int_cmp(const void *a, const void *b)
{
	return (*(const int *)a > *(const int *)b) - (*(const int *)a < *(const int *)b);
}

void worker_inherit_fds(void)
{
	struct rlimit rl;
	long limit = getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY ? (long)rl.rlim_cur : 1L << 20;
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	while (d && (e = readdir(d))) {
		char *end;
		long fd = strtol(e->d_name, &end, 10);
		/* Not the listing's own fd, nor one a tool such as valgrind keeps above the limit. */
		if (*end || end == e->d_name || fd < 3 || fd == dirfd(d) || fd >= limit)
			continue;
		inherited = xrealloc(inherited, sizeof *inherited * (size_t)(ninherited + 1));
		inherited[ninherited++] = (int)fd;
	}
	if (d)
		closedir(d);
	if (ninherited)	/* readdir's order is the kernel's */
		qsort(inherited, (size_t)ninherited, sizeof *inherited, int_cmp);
	worker_ctl_fd();	/* chosen now, the same in ipcsh and every worker */
}

void worker_release_inherited_fds(void)
{
	for (int i = 0; i < ninherited; i++)
		close(inherited[i]);
	free(inherited);
	inherited = NULL;
	ninherited = 0;
}

/* Closes fds LO to HI - 1, but the control channel. */
static void close_between(unsigned lo, unsigned hi)
{
	unsigned cfd = (unsigned)worker_ctl_fd();
	if (cfd >= lo && cfd < hi) {
		close_between(lo, cfd);
		close_between(cfd + 1, hi);
	} else if (lo < hi) {
		close_range(lo, hi - 1, 0);
	}
}

void worker_close_other_fds(void)
{
	unsigned from = 3;
	for (int i = 0; i < ninherited; i++) {
		close_between(from, (unsigned)inherited[i]);
		from = (unsigned)inherited[i] + 1;
	}
	close_between(from, ~0U);
}

int worker_ctl_fd(void)
{
	static int cached = -1;
	if (cached >= 0)
		return cached;
	struct rlimit rl;
	long fd = 1000;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    (long)rl.rlim_cur <= fd)
		fd = (long)rl.rlim_cur - 1;
	while (fd > 3 && is_inherited((int)fd))	/* p1 keeps that number for what it inherited */
		fd--;
	return cached = (int)fd;
}

static void die_quietly(void)
{
	_exit(127);
}

/* The inode of this worker's output pipe (fds 1 and 2 unless redirected). */
static unsigned long out_ino;

static unsigned long fd_ino(int fd)
{
	struct stat st;
	return fstat(fd, &st) == 0 ? (unsigned long)st.st_ino : 0;
}

void worker_setup(int ctl, int out)
{
	int cfd = worker_ctl_fd();
	/* Control channel first: dup3 replaces an inherited one atomically. */
	if (ctl != cfd) {
		if (dup3(ctl, cfd, O_CLOEXEC) < 0)
			die_quietly();
		close(ctl);
	}
	if (out >= 0) {
		/* A forked child keeps a 1 or 2 its parent redirected (real
		 * inheritance); only the parent's own output pipe is swapped. */
		for (int fd = 1; fd <= 2; fd++)
			if (out_ino == 0 || fd_ino(fd) == out_ino)
				if (dup2(out, fd) < 0)
					die_quietly();
		out_ino = fd_ino(out);
		if (out > 2)
			close(out);
	}
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	for (int s = 1; s < NSIG; s++)
		if (s != SIGKILL && s != SIGSTOP)
			signal(s, SIG_DFL);
}

static void send_line(int kind, const char *fmt, va_list ap)
{
	struct wbuild w;
	struct buf text = { 0 };
	char k[2] = { (char)kind, 0 };
	buf_vprintf(&text, fmt, ap);
	wb_start(&w, EV_LINE);
	wb_str(&w, k);
	wb_bytes(&w, text.data ? text.data : "", text.len);
	buf_free(&text);
	w_send(&w, NULL, 0);
}

void w_trace(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	send_line(LINE_TRACE, fmt, ap);
	va_end(ap);
}

void w_say(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	send_line(LINE_SAY, fmt, ap);
	va_end(ap);
}

void w_plain(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	send_line(LINE_PLAIN, fmt, ap);
	va_end(ap);
}

void w_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	send_line(LINE_ERROR, fmt, ap);
	va_end(ap);
}

void w_call(const char *call, long result, int err)
{
	struct wbuild w;
	wb_start(&w, EV_CALL);
	wb_bytes(&w, call, strcspn(call, "("));
	wb_long(&w, result);
	wb_long(&w, err);
	w_send(&w, NULL, 0);
}

void w_mask(const char *text, const char *name)
{
	struct wbuild w;
	wb_start(&w, EV_MASK);
	wb_str(&w, text);
	wb_str(&w, name);
	w_send(&w, NULL, 0);
}

void w_return(const char *call, long result, const char *fmt, ...)
{
	struct buf rest = { 0 };
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&rest, fmt, ap);
	va_end(ap);
	w_trace("%s = %s", call, rest.data ? rest.data : "");
	w_call(call, result, 0);
	buf_free(&rest);
}

void w_fail(const char *call, int err)
{
	struct buf b = { 0 };
	trace_errno(&b, err);
	w_trace("%s = %s", call, b.data);
	w_call(call, -1, err);
	w_plain("  failed: %s", strerror(err));
	buf_free(&b);
}

static struct board *board;

void worker_set_board(struct board *b)
{
	board = b;
}

void worker_take_board(int fd)
{
	struct board *b = board_map(fd);
	close(fd);
	board_unmap(board);	/* the parent's, inherited by fork */
	board = b;
}

void w_calling(long sysnr, const char *call, const struct block_kind *why, int fd)
{
	w_calling_with(sysnr, call, why, fd, 0);
}

void w_calling_with(long sysnr, const char *call, const struct block_kind *why, int fd, long arg)
{
	if (!board)
		return;
	board->nr = (int32_t)sysnr;
	board->kind = block_kind_index(why);
	board->fd = fd;
	board->arg = arg;
	snprintf(board->text, sizeof board->text, "%s", call);
	__atomic_store_n(&board->active, 1, __ATOMIC_RELEASE);
}

void w_called(void)
{
	if (board)
		__atomic_store_n(&board->active, 0, __ATOMIC_RELEASE);
}

/* Events wait here and travel together: one record per flush. */
static struct buf batch;

void w_flush(void)
{
	if (!batch.len)
		return;
	/* The controller is gone when this fails: nothing is left to report to. */
	if (wire_send_record(worker_ctl_fd(), batch.data, batch.len, NULL, 0) < 0)
		_exit(0);
	buf_reset(&batch);
}

void w_send(struct wbuild *w, const int *fds, int nfds)
{
	if (nfds == 0) {
		wb_append(w, &batch);
		if (batch.len > WIRE_MAX / 2)
			w_flush();
		return;
	}
	w_flush();
	if (wb_send(w, worker_ctl_fd(), fds, nfds) < 0)
		_exit(0);
}

/* One buffer for every read, kept: a worker killed inside read leaks nothing. */
char *w_buffer(size_t size)
{
	static char *buf;
	static size_t cap;
	if (size > cap) {
		buf = xrealloc(buf, size);
		cap = size;
	}
	return buf;
}

long req_long(const struct wmsg *req, int i)
{
	return warg_long(req, i);
}

const char *req_str(const struct wmsg *req, int i)
{
	return warg_str(req, i);
}

size_t req_len(const struct wmsg *req, int i)
{
	return i < req->argc ? req->argv[i].len : 0;
}

/* The terminal a request for a program brought (a pty slave), until the op
 * lends it (w_tty_lend) or ends. */
static int req_tty = -1;

void w_tty_lend(struct tty_lend *t)
{
	t->saved = -1;
	for (int fd = 1; fd <= 2; fd++)
		t->lent[fd] = req_tty >= 0 && out_ino && fd_ino(fd) == out_ino;
	/* The output pipe waits above every fd a learner may use (and
	 * close-on-exec), so that popen's pipe gets the fds it always gets.
	 * With no room up there, the program prints to the pipe as before. */
	if (t->lent[1] || t->lent[2])
		t->saved = fcntl(t->lent[1] ? 1 : 2, F_DUPFD_CLOEXEC, worker_ctl_fd() + 1);
	for (int fd = 1; fd <= 2; fd++)
		if (t->saved < 0 || (t->lent[fd] && dup2(req_tty, fd) < 0))
			t->lent[fd] = false;
	if (req_tty >= 0)
		close(req_tty);
	req_tty = -1;
}

void w_tty_return(struct tty_lend *t)
{
	for (int fd = 1; fd <= 2; fd++)
		if (t->lent[fd])
			dup2(t->saved, fd);
	if (t->saved >= 0)
		close(t->saved);
	t->saved = -1;
}

static bool output_pending;

void w_output_pending(void)
{
	output_pending = true;
}

/* FDS_CHANGED: the op may have opened, closed or dup'd fds (not keeps_fds). */
static void send_done(int status, bool fds_changed)
{
	struct wbuild w;
	wb_start(&w, EV_DONE);
	wb_long(&w, status);
	wb_long(&w, output_pending);
	wb_long(&w, fds_changed);
	output_pending = false;
	w_send(&w, NULL, 0);
	w_flush();
}

void worker_ready(void)
{
	send_done(0, true);
}

/* Runs the request in REC: its status, and whether it may have changed the fds. */
static int run_request(struct wrecord *rec, bool *fds_changed)
{
	struct wmsg m;
	*fds_changed = false;
	if (wire_next(rec, &m) != 1 || m.type != REQ_RUN || m.argc < 1)
		return 1;
	const struct worker_op *op = worker_op_at(req_long(&m, 0));
	if (!op) {
		w_error("has no worker operation number %s", m.argv[0].p);
		return 1;
	}
	int status = op->fn(&m);
	*fds_changed = !op->keeps_fds;
	fd_epoch += *fds_changed;
	return status;
}

void worker_main(void)
{
	int ctl = worker_ctl_fd();
	for (;;) {
		struct wrecord rec;
		if (wire_recv(ctl, rxbuf, &rec) <= 0)
			_exit(0);	/* the controller has gone away */
		req_tty = rec.nfds > 0 ? rec.fds[0] : -1;
		for (int i = 1; i < rec.nfds; i++)
			close(rec.fds[i]);
		bool fds_changed;
		int status = run_request(&rec, &fds_changed);
		if (req_tty >= 0)
			close(req_tty);	/* a request that started no program */
		req_tty = -1;
		send_done(status, fds_changed);
	}
}
