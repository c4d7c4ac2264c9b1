/* recap.c - the end of a lesson: what it taught, then step by step the
 * recipe's C beside the calls the learner's processes made in that step and
 * what the programs printed.  The tutor hands each step its calls as the
 * step passes (a line may pass several: each takes the calls its C names). */
#include "recap.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "proc.h"
#include "trace.h"

static struct {
	const struct lesson *l;
	char **made;		/* for each step passed: the calls made in it */
	char **printed;		/* ... and what programs printed in it */
	unsigned long passed_calls;	/* proc_call_seq() when the last line's steps were recorded */
	unsigned long claimed[64];	/* calls after it that a step has taken */
	int nclaimed;
} r;

void recap_begin(const struct lesson *l)
{
	recap_end();
	r.l = l;
	recap_mark();
}

void recap_end(void)
{
	for (int i = 0; r.made && i < r.l->nsteps; i++) {
		free(r.made[i]);
		free(r.printed[i]);
	}
	free(r.made);
	free(r.printed);
	memset(&r, 0, sizeof r);
}

static int by_seq(const void *a, const void *b)
{
	const struct call_record *x = *(const struct call_record *const *)a, *y = *(const struct call_record *const *)b;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* A call as the recap shows it: "p2 fork() = 0", "p1 wait() = -1 ECHILD". */
static void call_text(struct buf *b, const struct call_record *c)
{
	buf_printf(b, "p%d %s()", c->proc, c->name);
	if (c->end == CALL_BLOCKED) {
		buf_addstr(b, " blocks");
		return;
	}
	if (c->end == CALL_KILLED) {
		buf_printf(b, ": killed by %s", sig_name(c->sig));
		return;
	}
	buf_addstr(b, " = ");
	if (c->result == -1 && c->err)
		buf_printf(b, "-1 %s", errno_name(c->err));
	else
		buf_printf(b, "%ld", c->result);
}

/* The calls made since the last step passed that no step has claimed, in
 * order, into CALLS (at most MAX); returns how many. */
static int unclaimed_calls(const struct call_record **calls, int max)
{
	int n = 0;
	for (int i = 1; i <= proc_count(); i++)
		for (int k = 0; n < max && (calls[n] = proc_call_since(proc_get(i), NULL, r.passed_calls, k)); k++) {
			bool claimed = false;
			for (int c = 0; c < r.nclaimed; c++)
				claimed |= r.claimed[c] == calls[n]->seq;
			n += !claimed;
		}
	qsort(calls, (size_t)n, sizeof *calls, by_seq);
	return n;
}

/* Does CODE call NAME: "fork(" not preceded by a letter ("read" is not in "fread(")? */
static bool code_calls(const char *code, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = code; p && (p = strstr(p, name)); p += n)
		if (p[n] == '(' && (p == code || !(isalnum((unsigned char)p[-1]) || p[-1] == '_')))
			return true;
	return false;
}

void recap_claim(int step, bool all)
{
	enum { MAX = 64 };
	const struct call_record *calls[MAX];
	int n = unclaimed_calls(calls, MAX);
	if (!r.made) {
		r.made = xcalloc((size_t)r.l->nsteps, sizeof *r.made);
		r.printed = xcalloc((size_t)r.l->nsteps, sizeof *r.printed);
	}
	if (*out_programs() && !r.printed[step]) {	/* the first step a line passes takes it */
		r.printed[step] = xstrdup(out_programs());
		out_programs_reset();
	}
	struct buf b = { 0 };
	buf_addstr(&b, r.made[step] ? r.made[step] : "");
	for (int i = 0; i < n; i++) {
		if (!all && !code_calls(r.l->steps[step].code, calls[i]->name))
			continue;
		if (b.len)
			buf_addstr(&b, ", ");
		call_text(&b, calls[i]);
		if (r.nclaimed < (int)(sizeof r.claimed / sizeof *r.claimed))
			r.claimed[r.nclaimed++] = calls[i]->seq;
	}
	free(r.made[step]);
	r.made[step] = b.data ? buf_take(&b) : xstrdup("");
}

void recap_claim_rest(int last_step)
{
	if (last_step >= 0)
		recap_claim(last_step, true);
	recap_mark();
}

void recap_mark(void)
{
	r.passed_calls = proc_call_seq();
	r.nclaimed = 0;
}

/* The Ith line of TEXT (from 0) into OUT, without a newline; false past the end. */
static bool nth_line(const char *text, int i, struct buf *out)
{
	for (; text && *text && i > 0; i--)
		text = strchr(text, '\n') ? strchr(text, '\n') + 1 : "";
	if (!text || !*text)
		return false;
	buf_add(out, text, strcspn(text, "\n"));
	return true;
}

/* The Ith call of a step's "p1 pipe() = 0, p1 fork() = 42" into OUT. */
static bool nth_call(const char *made, int i, struct buf *out)
{
	for (; made && *made && i > 0; i--)
		made = strstr(made, ", ") ? strstr(made, ", ") + 2 : "";
	if (!made || !*made)
		return false;
	const char *end = strstr(made, ", ");
	buf_add(out, made, end ? (size_t)(end - made) : strlen(made));
	return true;
}

/* What programs printed in a step, as it was shown (three lines at most). */
static void recap_printed(const char *printed)
{
	enum { SHOWN = 3 };
	int n = 0;
	for (const char *p = printed; p && *p; p += strcspn(p, "\n") + (p[strcspn(p, "\n")] != 0), n++) {
		if (n == SHOWN) {
			out_text("     printed: ...");
			return;
		}
		out_printf("     printed: %.*s", (int)strcspn(p, "\n"), p);
	}
}

/* Step I: its title, then the recipe's C and the calls made, side by side,
 * and what programs printed. */
static void recap_step(int i, int width)
{
	const struct lstep *s = &r.l->steps[i];
	const char *made = r.made ? r.made[i] : NULL;
	out_printf("  %2d %s", i + 1, s->title);
	for (int k = 0;; k++) {
		struct buf code = { 0 }, call = { 0 }, line = { 0 };
		bool more = nth_line(s->code, k, &code) | nth_call(made, k, &call);	/* both, always */
		if (k == 0 && made && !*made)
			buf_addstr(&call, "(no call of ipcsh's: it looked, or exec'd a program)");
		if (more || call.len)
			buf_printf(&line, "     %-*s  %s", width, code.data ? code.data : "", call.data ? call.data : "");
		while (line.len && line.data[line.len - 1] == ' ')
			line.data[--line.len] = '\0';
		if (line.len)
			out_text(line.data);
		buf_free(&code);
		buf_free(&call);
		buf_free(&line);
		if (!more)
			break;
	}
	recap_printed(r.printed ? r.printed[i] : NULL);
}

void recap_show(void)
{
	out_text("Recap:");
	if (r.l->recap)
		out_indented(r.l->recap);
	int width = 0;
	for (int i = 0; i < r.l->nsteps; i++) {
		struct buf line = { 0 };
		for (int k = 0; nth_line(r.l->steps[i].code, k, &line); k++, line.len = 0)
			width = (int)line.len > width ? (int)line.len : width;
		buf_free(&line);
	}
	width = width > 48 ? 48 : width;
	out_printf("  Step by step, the recipe's C beside the calls your processes made (and what programs printed)%s:",
		   r.made ? "" : " (the steps were replayed: no calls of yours)");
	for (int i = 0; i < r.l->nsteps; i++)
		recap_step(i, width);
}

