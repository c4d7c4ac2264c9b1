/* wire.c - encoding, sending and receiving control-channel messages. */
#include "wire.h"

#include <errno.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static void put32(struct buf *b, uint32_t v)
{
	buf_add(b, &v, sizeof v);
}

void wb_start(struct wbuild *w, int type)
{
	memset(w, 0, sizeof *w);
	put32(&w->b, (uint32_t)type);
	put32(&w->b, 0);	/* the argument count, filled in by wb_send */
}

void wb_bytes(struct wbuild *w, const void *p, size_t len)
{
	put32(&w->b, (uint32_t)len);
	buf_add(&w->b, p, len);
	buf_addch(&w->b, '\0');	/* so a receiver may use the argument as a C string */
	w->argc++;
}

void wb_str(struct wbuild *w, const char *s)
{
	wb_bytes(w, s, strlen(s));
}

void wb_long(struct wbuild *w, long v)
{
	char s[24], *p = decimal_text(v, s);
	wb_bytes(w, p, (size_t)(s + sizeof s - p));
}

static void finish(struct wbuild *w)
{
	uint32_t argc = (uint32_t)w->argc;
	memcpy(w->b.data + 4, &argc, sizeof argc);
}

void wb_append(struct wbuild *w, struct buf *batch)
{
	finish(w);
	buf_add(batch, w->b.data, w->b.len);
	buf_free(&w->b);
}

int wire_send_record(int sock, const void *data, size_t len, const int *fds, int nfds)
{
	struct iovec iov = { (void *)data, len };
	union {
		char raw[CMSG_SPACE(sizeof(int) * WIRE_MAXFDS)];
		struct cmsghdr align;
	} ctl;
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	if (nfds < 0 || nfds > WIRE_MAXFDS) {
		errno = EINVAL;
		return -1;
	}
	if (nfds > 0) {
		memset(&ctl, 0, sizeof ctl);
		mh.msg_control = ctl.raw;
		mh.msg_controllen = CMSG_SPACE(sizeof(int) * (size_t)nfds);
		struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int) * (size_t)nfds);
		memcpy(CMSG_DATA(c), fds, sizeof(int) * (size_t)nfds);
	}
	if (len > WIRE_MAX) {
		errno = EMSGSIZE;
		return -1;
	}
	ssize_t n;
	do
		n = sendmsg(sock, &mh, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	return n < 0 ? -1 : 0;
}

int wb_send(struct wbuild *w, int sock, const int *fds, int nfds)
{
	finish(w);
	int rc = wire_send_record(sock, w->b.data, w->b.len, fds, nfds);
	buf_free(&w->b);
	return rc;
}

int wire_next(struct wrecord *r, struct wmsg *m)
{
	const char *buf = r->buf + r->off;
	size_t len = r->len - r->off;
	uint32_t type, argc;
	if (len == 0)
		return 0;
	if (len < 8)
		return -1;
	memcpy(&type, buf, 4);
	memcpy(&argc, buf + 4, 4);
	if (argc > WIRE_MAXARGS)
		return -1;
	memset(m, 0, sizeof *m);
	m->type = (int)type;
	m->argc = (int)argc;
	size_t off = 8;
	for (uint32_t i = 0; i < argc; i++) {
		uint32_t n;
		if (off + 4 > len)
			return -1;
		memcpy(&n, buf + off, 4);
		off += 4;
		if (n > len - off || len - off - n < 1 || buf[off + n] != '\0')
			return -1;
		m->argv[i].p = buf + off;
		m->argv[i].len = n;
		off += n + 1;
	}
	if (r->off == 0) {
		memcpy(m->fds, r->fds, sizeof m->fds);
		m->nfds = r->nfds;
	}
	r->off += off;
	return 1;
}

int wire_recv(int sock, char *buf, struct wrecord *r)
{
	return wire_recv_flags(sock, buf, r, 0);
}

int wire_recv_flags(int sock, char *buf, struct wrecord *r, int flags)
{
	union {
		char raw[CMSG_SPACE(sizeof(int) * WIRE_MAXFDS)];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { buf, WIRE_MAX };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = ctl.raw, .msg_controllen = sizeof ctl.raw };
	ssize_t n;
	do
		n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC | flags);
	while (n < 0 && errno == EINTR);
	if (n <= 0)
		return n == 0 ? 0 : -1;
	memset(r, 0, sizeof *r);
	r->buf = buf;
	r->len = (size_t)n;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		int k = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
		for (int i = 0; i < k && r->nfds < WIRE_MAXFDS; i++)
			memcpy(&r->fds[r->nfds++], CMSG_DATA(c) + i * sizeof(int), sizeof(int));
	}
	return 1;
}

long warg_long(const struct wmsg *m, int i)
{
	return i < m->argc ? strtol(m->argv[i].p, NULL, 10) : 0;
}

const char *warg_str(const struct wmsg *m, int i)
{
	return i < m->argc ? m->argv[i].p : "";
}
