/* out.c - the output sink: holding, ordering, tagging, masking and colour. */
#include "out.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pager.h"
#include "settings.h"
#include "wire.h"

struct mask {
	char value[24];
	char name[24];
};

/* Lines held while a command runs, per process number. */
struct held_line {
	int kind;
	bool tagged;
	char *text;
};
struct held {
	struct held_line *v;
	int n;
};

static bool holding;
static struct held *held;	/* held[num], for process numbers 1 .. nheld - 1 */
static int nheld;
static int current;		/* the current process's number: its lines go untagged */
static bool prompt_shown;
static struct mask *masks;
static int nmasks;
static struct buf text_masks;	/* "TEXT\0NAME\0" pairs, for paths */
static void (*hide_prompt)(void);
static void (*show_prompt)(void);
static int stdout_errno;	/* why writing stdout first failed, or 0 */

void out_prompt_hooks(void (*hide)(void), void (*show)(void))
{
	hide_prompt = hide;
	show_prompt = show;
}

void out_prompt_shown(bool shown)
{
	prompt_shown = shown;
}

void out_mask_add(long value, const char *name)
{
	if (!settings.mask)
		return;	/* kept only for IPCSH_MASK: a long session would pay for them on every line */
	masks = xrealloc(masks, sizeof *masks * (size_t)(nmasks + 1));
	snprintf(masks[nmasks].value, sizeof masks[nmasks].value, "%ld", value);
	snprintf(masks[nmasks].name, sizeof masks[nmasks].name, "%s", name);
	nmasks++;
}

void out_mask_text(const char *text, const char *name)
{
	if (!settings.mask)
		return;
	buf_add(&text_masks, text, strlen(text) + 1);
	buf_add(&text_masks, name, strlen(name) + 1);
}

/* The name of the text mask T starts with, and that text's length; the
 * newest, when a text was masked again (a /dev/pts/N used once more).  A
 * text that ends in a digit does not match the start of a longer number. */
static const char *text_mask_at(const char *t, size_t *len)
{
	const char *found = NULL;
	for (const char *m = text_masks.data; m && m < text_masks.data + text_masks.len;) {
		const char *name = m + strlen(m) + 1;
		size_t n = strlen(m);
		if (strncmp(t, m, n) == 0 && !(n && isdigit((unsigned char)m[n - 1]) && isdigit((unsigned char)t[n]))) {
			found = name;
			*len = n;
		}
		m = name + strlen(name) + 1;
	}
	return found;
}

void out_mask_clear(void)
{
	buf_free(&text_masks);
	free(masks);
	masks = NULL;
	nmasks = 0;
}

static const char *mask_for(const char *digits, size_t n)
{
	for (int i = nmasks - 1; i >= 0; i--)
		if (strlen(masks[i].value) == n && memcmp(masks[i].value, digits, n) == 0)
			return masks[i].name;
	return NULL;
}

void out_apply_masks(const char *t, struct buf *b)
{
	size_t i = 0, len = strlen(t), n;
	while (i < len) {
		const char *text_name = text_mask_at(t + i, &n);
		if (text_name) {
			buf_addstr(b, text_name);
			i += n;
			continue;
		}
		if (!isdigit((unsigned char)t[i]) || (i > 0 && isalnum((unsigned char)t[i - 1]))) {
			buf_addch(b, t[i++]);
			continue;
		}
		size_t j = i;
		while (j < len && isdigit((unsigned char)t[j]))
			j++;
		/* A buffer size ("read(3, buf, 4096)") is never a pid, even when a pid has its value. */
		bool size = i >= 5 && strncmp(t + i - 5, "buf, ", 5) == 0;
		const char *name = (j < len && isalpha((unsigned char)t[j])) || size ? NULL : mask_for(t + i, j - i);
		if (name)
			buf_addstr(b, name);
		else
			buf_add(b, t + i, j - i);
		i = j;
	}
}

static const char *color_of(int kind)
{
	switch (kind) {
	case LINE_TRACE: return "\033[36m";
	case LINE_ERROR: return "\033[31m";
	default: return NULL;
	}
}

/* Writes TEXT (maybe several lines) with an optional tag before each line. */
/* What the current input line has printed so far (lessons check it). */
static struct buf recorded;
static bool record_paused;
/* What programs printed (LINE_DATA) since out_programs_reset, tagged, for
 * a lesson's recap; at most PROGRAMS_MAX bytes of it. */
enum { PROGRAMS_MAX = 16 * 1024 };
static struct buf programs;

void out_record_pause(bool paused)
{
	record_paused = paused;
}

void out_record_reset(void)
{
	buf_reset(&recorded);
}

const char *out_recorded(void)
{
	return recorded.data ? recorded.data : "";
}

void out_record_free(void)
{
	buf_free(&recorded);
	buf_free(&programs);
}

void out_programs_reset(void)
{
	buf_reset(&programs);
}

const char *out_programs(void)
{
	return programs.data ? programs.data : "";
}

/* Keeps why a write to F failed, while errno still says it, for the exit
 * status (see out_stdout_error). */
static void note_failure(FILE *f)
{
	if (f == stdout && !stdout_errno)
		stdout_errno = errno ? errno : -1;
}

int out_stdout_error(void)
{
	if (fflush(stdout) == EOF)
		note_failure(stdout);
	if (!stdout_errno && ferror(stdout))
		stdout_errno = -1;	/* a write outside the sink (a printf) failed */
	return stdout_errno;
}

static void emit(FILE *f, const char *tag, int kind, const char *text)
{
	struct buf b = { 0 };
	if (!record_paused) {	/* added, not formatted: ipcs prints a table of 10,000 rows in one text */
		buf_addstr(&recorded, text);
		buf_addch(&recorded, '\n');
	}
	if (kind == LINE_DATA && programs.len < PROGRAMS_MAX)
		buf_printf(&programs, "%s%s%s\n", tag ? tag : "", tag ? " " : "", text);
	const char *col = settings.color ? color_of(kind) : NULL;
	const char *p = text;
	do {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (tag)
			buf_printf(&b, settings.color ? "\033[35m%s\033[0m " : "%s ", tag);
		if (col)
			buf_addstr(&b, col);
		buf_add(&b, p, n);
		if (col)
			buf_addstr(&b, "\033[0m");
		buf_addch(&b, '\n');
		p = nl ? nl + 1 : NULL;
	} while (p && *p);
	if (settings.mask) {
		struct buf m = { 0 };
		out_apply_masks(b.data, &m);
		buf_free(&b);
		b = m;
	}
	bool redraw = prompt_shown && hide_prompt;
	if (redraw)
		hide_prompt();
	if (f == stderr && fflush(stdout) == EOF)
		note_failure(stdout);
	if (!pager_collect(f == stderr ? 2 : 1, b.data, b.len) && fwrite(b.data, 1, b.len, f) != b.len)
		note_failure(f);
	/* stdout is flushed once per command (out_flush), or at once at the prompt. */
	if ((f == stderr || prompt_shown || !holding) && fflush(f) == EOF)
		note_failure(f);
	if (redraw)
		show_prompt();
	buf_free(&b);
}

/* Lines from a process other than the current one carry its tag; program
 * output always does.  Decided when the line arrives, not when printed. */
static bool wants_tag(int num, int kind)
{
	return num && kind != LINE_NOTE && (kind == LINE_DATA || num != current);
}

void out_current(int num)
{
	current = num;
}

static void print_line(int num, int kind, const char *text, bool tagged)
{
	if ((kind == LINE_TRACE && !settings.trace) || (kind == LINE_PLAIN && settings.trace))
		return;
	if (kind == LINE_ERROR) {
		/* A worker's complaint about the command: an error like ipcsh's own. */
		out_error("p%d %s", num, text);
		return;
	}
	char tag[16];
	if (tagged)
		snprintf(tag, sizeof tag, "[p%d]", num);
	emit(stdout, tagged ? tag : NULL, kind, text);
}

void out_line(int num, int kind, const char *text)
{
	bool tagged = wants_tag(num, kind);
	if (num <= 0 || !holding) {
		print_line(num, kind, text, tagged);
		return;
	}
	if (num >= nheld) {
		held = xrealloc(held, sizeof *held * (size_t)(num + 1));
		memset(held + nheld, 0, sizeof *held * (size_t)(num + 1 - nheld));
		nheld = num + 1;
	}
	struct held *h = &held[num];
	h->v = xrealloc(h->v, sizeof *h->v * (size_t)(h->n + 1));
	h->v[h->n++] = (struct held_line){ kind, tagged, xstrdup(text) };
}

void out_linef(int num, int kind, const char *fmt, ...)
{
	struct buf b = { 0 };
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	out_line(num, kind, b.data ? b.data : "");
	buf_free(&b);
}

void out_hold(bool on)
{
	holding = on;
	if (on)
		pager_begin();	/* one command's output is paged as one */
	else
		pager_end();
}

void out_unpage(void)
{
	pager_release();
}

/* Prints (or, when not SHOW, drops) what process NUM's lines held. */
static void flush_one(int num, bool show)
{
	if (num <= 0 || num >= nheld)
		return;
	/* A line printed may make more (it never does today), so take the list first. */
	struct held h = held[num];
	held[num] = (struct held){ 0 };
	for (int i = 0; i < h.n; i++) {
		if (show)
			print_line(num, h.v[i].kind, h.v[i].text, h.v[i].tagged);
		free(h.v[i].text);
	}
	free(h.v);
}

void out_drop_held(void)
{
	for (int i = 1; i < nheld; i++)
		flush_one(i, false);
	free(held);
	held = NULL;
	nheld = 0;
}

static bool stdout_is_tty(void)
{
	static int tty = -1;
	if (tty < 0)
		tty = isatty(1);
	return tty;
}

void out_flush(int first)
{
	flush_one(first, true);
	for (int i = 1; i < nheld; i++)
		if (i != first)
			flush_one(i, true);
	/* A terminal sees each command's output at once; a file or pipe gets it
	 * in blocks (stdout is flushed before anything goes to stderr). */
	if ((settings.interactive || stdout_is_tty()) && fflush(stdout) == EOF)
		note_failure(stdout);
}

void out_text(const char *text)
{
	emit(stdout, NULL, 0, text);
}

void out_indented(const char *text)
{
	if (!text)
		return;
	struct buf b = { 0 };
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");
		buf_printf(&b, "%s  %.*s", b.len ? "\n" : "", (int)n, p);
		p += n + (p[n] == '\n');
	}
	out_text(b.data ? b.data : "");
	buf_free(&b);
}

void out_printf(const char *fmt, ...)
{
	struct buf b = { 0 };
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (b.len && b.data[b.len - 1] == '\n')
		b.data[--b.len] = '\0';
	out_text(b.data ? b.data : "");
	buf_free(&b);
}

static void report(const char *level, const char *fmt, va_list ap)
{
	struct buf b = { 0 };
	if (settings.source)
		buf_printf(&b, "ipcsh:%s:%d: %s: ", settings.source, settings.line, level);
	else
		buf_printf(&b, "%s: ", level);
	buf_vprintf(&b, fmt, ap);
	emit(stderr, NULL, LINE_ERROR, b.data);
	buf_free(&b);
}

void out_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report("error", fmt, ap);
	va_end(ap);
}

void out_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report("warning", fmt, ap);
	va_end(ap);
}
