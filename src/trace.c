/* trace.c - formatting helpers shared by the controller and the workers. */
#include "trace.h"

#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>

void trace_quote(struct buf *b, const void *p, size_t len, size_t max)
{
	const unsigned char *s = p;
	size_t n = len < max ? len : max;
	buf_addch(b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];
		switch (c) {
		case '\n': buf_addstr(b, "\\n"); break;
		case '\t': buf_addstr(b, "\\t"); break;
		case '\\': buf_addstr(b, "\\\\"); break;
		case '"': buf_addstr(b, "\\\""); break;
		default:
			if (c < 0x20 || c >= 0x7f)
				buf_printf(b, "\\x%02x", c);
			else
				buf_addch(b, (char)c);
		}
	}
	buf_addch(b, '"');
	if (len > n)
		buf_addstr(b, "...");
}

const char *errno_name(int err)
{
	const char *name = strerrorname_np(err);
	return name ? name : "E?";
}

bool errno_known(const char *name)
{
	for (int e = 1; e < 200; e++) {
		const char *n = strerrorname_np(e);
		if (n && strcmp(n, name) == 0)
			return true;
	}
	return false;
}

void trace_errno(struct buf *b, int err)
{
	buf_printf(b, "-1 %s (%s)", errno_name(err), strerror(err));
}

const char *sig_name(int sig)
{
	static char other[32];
	const char *abbrev = sigabbrev_np(sig);
	if (abbrev) {
		snprintf(other, sizeof other, "SIG%s", abbrev);
		return other;
	}
	if (sig >= SIGRTMIN && sig <= SIGRTMAX)
		snprintf(other, sizeof other, "SIGRTMIN+%d", sig - SIGRTMIN);
	else
		snprintf(other, sizeof other, "signal %d", sig);
	return other;
}

int sig_parse(const char *s)
{
	char *end;
	if (isdigit((unsigned char)*s)) {
		long v = strtol(s, &end, 10);
		return (*end || v < 1 || v >= NSIG) ? -1 : (int)v;
	}
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	if (strncasecmp(s, "RTMIN", 5) == 0) {
		long off = 0;
		if (s[5] == '+') {
			off = strtol(s + 6, &end, 10);
			if (*end || s[6] == '\0')
				return -1;
		} else if (s[5]) {
			return -1;
		}
		return off >= 0 && off <= SIGRTMAX - SIGRTMIN ? (int)(SIGRTMIN + off) : -1;
	}
	for (int i = 1; i < SIGRTMIN; i++) {
		const char *a = sigabbrev_np(i);
		if (a && strcasecmp(a, s) == 0)
			return i;
	}
	return -1;
}

void sig_each(void (*fn)(const char *name, void *arg), void *arg)
{
	for (int i = 1; i < SIGRTMIN; i++)
		if (sigabbrev_np(i))
			fn(sig_name(i), arg);
}

void describe_status(struct buf *b, int st)
{
	if (WIFEXITED(st))
		buf_printf(b, "exited %d", WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		buf_printf(b, "killed by %s%s", sig_name(WTERMSIG(st)),
			   WCOREDUMP(st) ? " (core dumped)" : "");
	else if (WIFSTOPPED(st))
		buf_printf(b, "stopped by %s", sig_name(WSTOPSIG(st)));
	else
		buf_printf(b, "status 0x%x", st);
}
