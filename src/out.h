/* out.h - the output sink: every line ipcsh prints goes through here.
 *
 * Lines from workers are buffered per process while a command runs and come
 * out in a fixed order (the command's process first, then by number), so a
 * script prints the same thing on every run.  Lines from a process other
 * than the current one are tagged [pN].  Async lines that arrive while the
 * user is typing are printed above the prompt and the line is redrawn. */
#ifndef IPCSH_OUT_H
#define IPCSH_OUT_H

#include <stdbool.h>

#include "buf.h"

/* A line of kind K (enum line_kind) from process number NUM (pNUM; 0: ipcsh itself). */
void out_line(int num, int kind, const char *text);
void out_linef(int num, int kind, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The current process's number: lines from the others are tagged [pN]. */
void out_current(int num);
/* Plain output of the controller (tables, help), printed as is. */
void out_text(const char *text);
/* TEXT (NULL: nothing) with every line indented by two blanks. */
void out_indented(const char *text);
void out_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* An ipcsh error: "ipcsh:FILE:LINE: error: ..." in scripts, to stderr. */
void out_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void out_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Flushes stdout; returns why writing it failed (an errno, -1 when that is
 * not known), or 0 if every write went through. */
int out_stdout_error(void);

/* Buffering while a command runs (and collecting its output for the pager). */
void out_hold(bool on);
/* Prints what the pager collected of the command so far, and stops
 * collecting: before a command reads an answer from the terminal. */
void out_unpage(void);
/* Prints what is held: process number FIRST's lines first, then the others by number. */
void out_flush(int first);
/* Forgets every held line (the processes are gone: a restart). */
void out_drop_held(void);
/* Tells the sink whether readline's prompt is on screen. */
void out_prompt_shown(bool shown);
/* How to take the prompt off the screen and put it back (set by the REPL). */
void out_prompt_hooks(void (*hide)(void), void (*show)(void));

/* What the current input line printed (reset by session_run_line). */
void out_record_reset(void);
const char *out_recorded(void);
/* What programs have printed (their output lines, tagged "[p2] ...") since
 * out_programs_reset: a lesson's recap shows each step's. */
void out_programs_reset(void);
const char *out_programs(void);
void out_record_free(void);
/* While paused, what is printed (a lesson's own text) is not recorded. */
void out_record_pause(bool paused);

/* Masking: replaces whole-word VALUE with NAME in everything printed. */
void out_mask_add(long value, const char *name);
/* Replaces TEXT (a path, say) wherever it appears with NAME. */
void out_mask_text(const char *text, const char *name);
void out_mask_clear(void);
/* Applies the masks to TEXT (exposed for tests). */
void out_apply_masks(const char *text, struct buf *b);

#endif
