/* repl.c - the interactive side: GNU readline's callback interface inside the
 * controller's poll loop, history, completion, Ctrl-C and async lines above
 * the prompt. */
#include "repl.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "buf.h"
#include "complete.h"
#include "loop.h"
#include "out.h"
#include "proc.h"
#include "session.h"
#include "settings.h"
#include "tutor.h"

enum { HISTORY_MAX = 2000 };

static char *history_path;
static int history_added;	/* lines this session added: only these are appended */
static char prompt[160];

static const char *make_prompt(void)
{
	struct proc *p = proc_current();
	char lesson[96];
	tutor_prompt(lesson, sizeof lesson);
	snprintf(prompt, sizeof prompt, "%sp%d> ", lesson, p ? p->num : 0);
	return prompt;
}

/* mkdir -p for the directory part of PATH. */
static void make_parent_dirs(const char *path)
{
	char *dir = xstrdup(path);
	for (char *s = dir + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		mkdir(dir, 0700);
		*s = '/';
	}
	free(dir);
}

static char *find_history_path(void)
{
	const char *env = getenv("IPCSH_HISTORY");
	if (env && *env)
		return xstrdup(env);
	struct buf b = { 0 };
	const char *state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	if (state && *state == '/')
		buf_printf(&b, "%s/ipcsh/history", state);
	else if (home && *home)
		buf_printf(&b, "%s/.local/state/ipcsh/history", home);
	else
		return NULL;
	return buf_take(&b);
}

static bool history_enabled(void)
{
	return history_path && strcmp(history_path, "/dev/null") != 0;
}

static void history_start(void)
{
	using_history();
	stifle_history(HISTORY_MAX);
	history_path = find_history_path();
	if (history_enabled())
		read_history(history_path);
}

/* Adds this session's lines to the file, as bash's histappend does, so that
 * two sessions that share it keep both their lines; then cuts it down to
 * HISTORY_MAX.  A file that does not exist yet is written whole. */
static void history_save(void)
{
	int n = history_added < history_length ? history_added : history_length;
	if (n == 0)
		return;
	make_parent_dirs(history_path);
	int r = access(history_path, F_OK) == 0 ? append_history(n, history_path) : write_history(history_path);
	if (r == 0)
		history_truncate_file(history_path, HISTORY_MAX);
}

static void history_finish(void)
{
	if (history_enabled())
		history_save();
	free(history_path);
	history_path = NULL;
	history_added = 0;
	clear_history();
}

static void remember(const char *line)
{
	if (!*line || strspn(line, " \t") == strlen(line))
		return;
	HIST_ENTRY *last = history_length > 0 ? history_get(history_base + history_length - 1) : NULL;
	if (!last || strcmp(last->line, line) != 0) {
		add_history(line);
		history_added++;
	}
}

/* readline's redisplay, then the argument hint in grey after the cursor (as
 * redis-cli does), erased by the next redisplay. */
static void redisplay_with_hint(void)
{
	rl_redisplay();
	if (!settings.hints || !settings.color || rl_point != rl_end)
		return;
	char hint[128];
	if (complete_hint(rl_line_buffer, hint, sizeof hint))
		fprintf(rl_outstream, "\033[K\033[90m%s\033[0m\033[%zuD", hint, strlen(hint));
	else
		fputs("\033[K", rl_outstream);
	fflush(rl_outstream);
}

static void hide_prompt(void)
{
	rl_clear_visible_line();
}

static void show_prompt(void)
{
	rl_set_prompt(make_prompt());	/* a lesson may have moved on a step */
	rl_on_new_line();
	rl_redisplay();
}

/* In the background ('ipcsh &', 'bg'), readline would take the line-editing
 * modes of the shell at its prompt for the terminal's own, and the prompt
 * cannot read: ipcsh stops, as a job that wants its terminal does, until
 * 'fg' (which sends no SIGCONT to a job that runs).  Returns whether it
 * stopped. */
static bool wait_for_foreground(void)
{
	bool stopped = false;
	pid_t fg;
	while ((fg = tcgetpgrp(STDIN_FILENO)) >= 0 && fg != getpgrp() && loop_stop_self(SIGTTOU))
		stopped = true;
	return stopped;
}

static void on_line(char *line)
{
	out_prompt_shown(false);
	if (!line) {
		loop_quit(ses.last_status);
		rl_callback_handler_remove();	/* else readline draws one more prompt */
		fputc('\n', rl_outstream);
		return;
	}
	remember(line);
	loop_set_input(-1, NULL);
	session_run_line(line, strlen(line));
	free(line);
	if (loop_quitting()) {
		rl_callback_handler_remove();
		return;
	}
	wait_for_foreground();	/* a command ran on after Ctrl-Z and 'bg' */
	loop_set_input(0, rl_callback_read_char);
	rl_set_prompt(make_prompt());
	out_prompt_shown(true);
}

/* Ctrl-C on an empty line while the current process waits in a call (or
 * runs a program): as a terminal signals its foreground job, it gets SIGINT.
 * With no handler it ends, and its death is told as any other. */
static bool interrupt_current(void)
{
	struct proc *p = proc_current();
	if (rl_end != 0 || !p || p->dead || !((p->state == PS_BUSY && p->blocked) || p->state == PS_EXECED))
		return false;
	struct buf what = { 0 };
	proc_state_text(p, &what);
	int r = kill(p->pid, SIGINT);
	if (r == 0)
		proc_kick(p);
	fputs("^C\n", rl_outstream);
	out_linef(0, LINE_NOTE, "  kill(%d, SIGINT) = %d: Ctrl-C signals p%d (%s), as a terminal signals the job "
		  "it runs", (int)p->pid, r, p->num, what.data);
	buf_free(&what);
	return true;
}

static void on_interrupt(void)
{
	if (loop_quitting())
		return;
	if (interrupt_current())
		return;
	/* At the prompt: drop the half-typed line, as a shell does; a grey
	 * hint after the cursor goes too (readline's clean-up draws it again),
	 * else "^C" is written over it. */
	bool hinted = settings.color && rl_point == rl_end;
	rl_free_line_state();
	rl_callback_sigcleanup();
	rl_replace_line("", 0);
	rl_point = rl_end = 0;
	fputs(hinted ? "\033[K^C\n" : "^C\n", rl_outstream);
	fflush(rl_outstream);
	rl_set_prompt(make_prompt());
	rl_on_new_line();
	rl_redisplay();
}

static void on_resize(void)
{
	rl_resize_terminal();
}

/* Whether readline had the terminal when Ctrl-Z came (not while a command ran). */
static bool stopped_at_prompt;

/* Ctrl-Z: the terminal goes back to the way the shell left it (cooked,
 * echoing, no bracketed paste) before ipcsh stops, as readline's own
 * handler does when it catches signals. */
static void on_suspend(void)
{
	stopped_at_prompt = RL_ISSTATE(RL_STATE_TERMPREPPED);
	if (!stopped_at_prompt)
		return;
	rl_echo_signal_char(SIGTSTP);
	rl_cleanup_after_signal();
}

/* Continued ('fg'): readline takes the terminal again, which the shell has
 * set its own way meanwhile, and draws the prompt and the half-typed line on
 * the fresh line the shell leaves.  STOPPED is false when the stop did not
 * happen (no shell with job control runs ipcsh). */
static void on_continue(bool stopped)
{
	bool prepped = RL_ISSTATE(RL_STATE_TERMPREPPED);
	if (!prepped && !stopped_at_prompt)
		return;	/* a command runs: readline takes the terminal when it ends */
	if (wait_for_foreground())	/* continued by 'bg' */
		stopped = true;
	if (prepped)
		rl_deprep_terminal();	/* stopped without warning (SIGSTOP): modes may have changed */
	stopped_at_prompt = false;
	rl_reset_after_signal();
	if (!stopped)
		fputc('\n', rl_outstream);	/* past the ^Z */
	show_prompt();
}

/* Where the prompt and line editing go: the terminal, even when standard
 * output is a pipe or a file ('ipcsh | tee log' logs what commands print,
 * not the prompt), as bash sends them to standard error. */
static FILE *terminal_stream(void)
{
	if (isatty(STDOUT_FILENO))
		return stdout;
	if (isatty(STDERR_FILENO))
		return stderr;
	FILE *tty = fopen("/dev/tty", "we");
	return tty ? tty : stdout;
}

int repl_run(bool quiet)
{
	wait_for_foreground();	/* 'ipcsh &' */
	rl_readline_name = "ipcsh";
	rl_outstream = terminal_stream();
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_initialize();	/* terminal set-up first: a custom redisplay set earlier makes it skip terminfo */
	rl_redisplay_function = redisplay_with_hint;
	if (!isatty(fileno(rl_outstream)))	/* no terminal to write to: no escape codes either */
		rl_variable_bind("enable-bracketed-paste", "off");
	complete_setup();
	history_start();
	out_prompt_hooks(hide_prompt, show_prompt);
	loop_signal_hooks(on_interrupt, on_resize);
	loop_stop_hooks(on_suspend, on_continue);
	if (!quiet) {
		struct proc *p = proc_current();
		fprintf(rl_outstream, "ipcsh %s - live IPC lab. You are p%d (pid %d). Type 'help' or 'lesson'.\n",
			IPCSH_VERSION, p->num, (int)p->pid);
		fflush(rl_outstream);
	}
	rl_callback_handler_install(make_prompt(), on_line);
	out_prompt_shown(true);
	loop_set_input(0, rl_callback_read_char);
	while (!loop_quitting()) {
		loop_pump(-1);
		session_between_lines();
	}
	out_prompt_shown(false);
	loop_set_input(-1, NULL);
	rl_callback_handler_remove();
	history_finish();
	if (rl_outstream != stdout && rl_outstream != stderr)
		fclose(rl_outstream);
	rl_outstream = NULL;
	return ses.last_status;
}
