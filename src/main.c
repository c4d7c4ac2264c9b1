/* main.c - options, start-up, the script and command-string modes, and exit. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "check.h"
#include "holders.h"
#include "lesson.h"
#include "lessondir.h"
#include "loop.h"
#include "objtab.h"
#include "play.h"
#include "settings.h"
#include "tutor.h"
#include "out.h"
#include "proc.h"
#include "journal.h"
#include "leftovers.h"
#include "objtab.h"
#include "repl.h"
#include "scratch.h"
#include "session.h"
#include "statedir.h"
#include "watchdog.h"
#include "worker.h"

enum { OPT_COLOR = 256, OPT_VERSION, OPT_HELP, OPT_CHECK_LESSON, OPT_PLAY, OPT_LESSON, OPT_CLEANUP };

static const char usage_text[] =
	"usage: ipcsh [options] [FILE [ARG...]]\n"
	"An interactive shell for learning Linux inter-process communication.\n"
	"\n"
	"  -c CMD          run CMD (repeatable), then exit\n"
	"  -f FILE         run the commands in FILE ('-' for standard input)\n"
	"  -e              stop at the first command that fails\n"
	"  -x              echo each command to standard error before it runs\n"
	"  -q              no start-up banner\n"
	"  -X              do not read the rc file ($XDG_CONFIG_HOME/ipcsh/ipcshrc)\n"
	"  --color=WHEN    auto, always or never (auto: a terminal, TERM not dumb,\n"
	"                  NO_COLOR unset or empty)\n"
	"  --check-lesson FILE  check a lesson file and report its problems\n"
	"  --cleanup       remove the objects that sessions which died left behind, and exit\n"
	"  --lesson NAME   start (or resume) lesson NAME\n"
	"  --play LESSON   run every step's solution and check it; 0 when all pass\n"
	"  --version       print the version and exit\n"
	"  --help          print this help and exit\n"
	"\n"
	"Type 'help' inside ipcsh for the commands.  See ipcsh(1).\n";

struct options {
	const char **cmds;
	int ncmds;
	const char *file;
	const char *color;
	bool quiet;
	bool no_rc;
	const char *play;
	const char *lesson;
};

/* A usage error: one line, then where the usage is (as util-linux does). */
static int usage_error(const char *fmt, const char *arg)
{
	fputs("ipcsh: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'ipcsh --help' for more information.\n", stderr);
	return 2;
}

/* --lesson and --play name a lesson that must exist. */
static bool lesson_exists(const char *name)
{
	char *path = lesson_path(name);
	free(path);
	if (!path)
		fprintf(stderr, "ipcsh: no lesson '%s' ('ipcsh -c lesson' lists them)\n", name);
	return path != NULL;
}

/* --check-lesson: every problem as FILE:LINE: message; 0 when there is none. */
static int check_lesson(const char *path)
{
	if (access(path, R_OK) < 0) {
		fprintf(stderr, "ipcsh: cannot open '%s': %s\n", path, strerror(errno));
		return 2;
	}
	struct lesson l;
	struct buf errors = { 0 };
	int n = lesson_load(path, &l, &errors, check_fault);
	if (!n)
		n = lesson_lint_teaching(&l, &errors);
	if (n)
		fputs(errors.data, stderr);
	else
		printf("%s: %d steps, no problems found\n", path, l.nsteps);
	lesson_free(&l);
	buf_free(&errors);
	return n ? 1 : 0;
}

static const struct option long_options[] = {
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "colour", required_argument, NULL, OPT_COLOR },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "check-lesson", required_argument, NULL, OPT_CHECK_LESSON },
	{ "play", required_argument, NULL, OPT_PLAY },
	{ "lesson", required_argument, NULL, OPT_LESSON },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "cleanup", no_argument, NULL, OPT_CLEANUP },
	{ 0 },
};

/* Reads the options into O; returns -1 to go on, or the exit status. */
static int parse_options(int argc, char **argv, struct options *o)
{
	int c;
	argv[0] = "ipcsh";	/* getopt's own messages name the program so */
	while ((c = getopt_long(argc, argv, "+c:f:exqX", long_options, NULL)) != -1) {
		switch (c) {
		case 'c':
			o->cmds = realloc(o->cmds, sizeof *o->cmds * (size_t)(o->ncmds + 1));
			o->cmds[o->ncmds++] = optarg;
			break;
		case 'f': o->file = optarg; break;
		case 'e': ses.stop_on_error = true; break;
		case 'x': ses.echo = true; break;
		case 'q': o->quiet = true; break;
		case 'X': o->no_rc = true; break;
		case OPT_COLOR:
			if (strcmp(optarg, "auto") && strcmp(optarg, "always") && strcmp(optarg, "never")) {
				return usage_error("--color takes auto, always or never, not '%s'", optarg);
			}
			o->color = optarg;
			break;
		case OPT_LESSON:
			if (!lesson_exists(optarg))
				return 2;
			o->lesson = optarg;
			break;
		case OPT_PLAY:
			if (!lesson_exists(optarg))
				return 2;
			o->play = optarg;
			break;
		case OPT_CHECK_LESSON:
			return check_lesson(optarg);
		case OPT_CLEANUP:
			return leftovers_remove(stdout, true) ? 1 : 0;
		case OPT_VERSION:
			printf("ipcsh %s\n", IPCSH_VERSION);
			return 0;
		case OPT_HELP:
			fputs(usage_text, stdout);
			return 0;
		default:	/* getopt said what was wrong */
			fputs("Try 'ipcsh --help' for more information.\n", stderr);
			return 2;
		}
	}
	if (!o->file && !o->ncmds && optind < argc)
		o->file = argv[optind];
	return -1;
}

static bool want_color(const char *when)
{
	if (when && strcmp(when, "always") == 0)
		return true;
	if (when && strcmp(when, "never") == 0)
		return false;
	const char *term = getenv("TERM");
	const char *no_color = getenv("NO_COLOR");	/* only when not empty, as no-color.org says */
	return isatty(1) && !(no_color && *no_color) && term && strcmp(term, "dumb") != 0;
}

/* Script input, read through the event loop so that signals and async lines
 * are handled while ipcsh waits for the next line (stdin may be a pipe). */
struct reader {
	int fd;
	struct buf pending;
	size_t start;	/* pending's bytes before START are used */
	bool eof;
};

static struct reader *active_reader;

static void reader_fill(void)
{
	struct reader *r = active_reader;
	char chunk[65536];
	ssize_t n = read(r->fd, chunk, sizeof chunk);
	if (r->start) {
		memmove(r->pending.data, r->pending.data + r->start, r->pending.len - r->start);
		r->pending.len -= r->start;
		r->start = 0;
	}
	if (n > 0)
		buf_add(&r->pending, chunk, (size_t)n);
	else if (n == 0 || (errno != EAGAIN && errno != EINTR))
		active_reader->eof = true;
}

/* The next line without its newline (may hold NULs), or NULL at the end. */
static char *reader_line(struct reader *r, size_t *len)
{
	active_reader = r;
	for (;;) {
		size_t left = r->pending.len - r->start;
		char *begin = left ? r->pending.data + r->start : NULL;
		char *nl = left ? memchr(begin, '\n', left) : NULL;
		if (nl || (r->eof && left)) {
			size_t n = nl ? (size_t)(nl - begin) : left;
			char *line = xstrndup(begin, n);
			r->start += nl ? n + 1 : n;
			*len = n;
			return line;
		}
		if (r->eof || loop_quitting())
			return NULL;
		loop_set_input(r->fd, reader_fill);
		loop_pump(-1);
		loop_set_input(-1, NULL);
	}
}

/* Runs the commands read from FD until EOF, 'quit' or a failure with -e. */
static int run_fd(int fd, const char *name)
{
	struct reader r = { .fd = fd };
	settings.source = name;
	settings.line = 0;
	char *line;
	size_t n;
	while (!loop_quitting() && (line = reader_line(&r, &n))) {
		settings.line++;
		if (ses.echo)
			fprintf(stderr, "+ %.*s\n", (int)n, line);
		int st = session_run_line(line, n);
		free(line);
		if (st && ses.stop_on_error)
			break;
	}
	buf_free(&r.pending);
	return ses.last_status;
}

/* The rc file of an interactive session: $XDG_CONFIG_HOME/ipcsh/ipcshrc,
 * else ~/.config/ipcsh/ipcshrc ('set --save' writes there).  Missing is fine. */
static void run_rc(void)
{
	char *path = config_file("ipcshrc");
	int fd = path ? open(path, O_RDONLY | O_CLOEXEC) : -1;
	if (fd >= 0) {
		run_fd(fd, path);
		close(fd);
		settings.source = NULL;
		ses.last_status = 0;
	}
	free(path);
}

static int run_commands(const char **cmds, int n)
{
	settings.source = "-c";
	for (int i = 0; i < n && !loop_quitting(); i++) {
		settings.line = i + 1;
		if (ses.echo)
			fprintf(stderr, "+ %s\n", cmds[i]);
		int st = session_run_line(cmds[i], strlen(cmds[i]));
		if (st && ses.stop_on_error)
			break;
	}
	return ses.last_status;
}

static int run_file(const char *path)
{
	if (strcmp(path, "-") == 0)
		return run_fd(0, "-");
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "ipcsh: cannot open '%s': %s\n", path, strerror(errno));
		return 2;
	}
	int st = run_fd(fd, path);
	close(fd);
	return st;
}

/* Runs what the options ask for; returns the exit status. */
static int run(const struct options *o)
{
	if (o->lesson && !o->play && tutor_start(o->lesson) && !settings.interactive)
		return 1;
	int status;
	if (o->play)
		status = play_lesson(o->play);
	else if (o->ncmds)
		status = run_commands(o->cmds, o->ncmds);
	else if (o->file)
		status = run_file(o->file);
	else if (settings.interactive) {
		if (!o->no_rc)
			run_rc();
		status = repl_run(o->quiet);
	} else
		status = run_fd(0, "-");
	return loop_quitting() && !loop_term_signal() ? loop_quit_status() : status;
}

/* What sessions that died left behind: offered for removal at a terminal,
 * a one-line note otherwise (scripts must not stop to ask). */
static void offer_leftovers(void)
{
	if (!settings.interactive) {
		FILE *null = fopen("/dev/null", "we");
		int n = null ? leftovers_list(null) : 0;
		if (null)
			fclose(null);
		if (n)
			fprintf(stderr, "ipcsh: %d object%s left by sessions that died: 'ipcsh --cleanup' removes them\n",
				n, n == 1 ? "" : "s");
		return;
	}
	if (!leftovers_list(stdout))
		return;
	printf("Remove them now? [y/N] ");
	fflush(stdout);
	char answer[16] = "";
	size_t len = 0;
	char ch;
	while (len + 1 < sizeof answer && read(0, &ch, 1) == 1 && ch != '\n')
		answer[len++] = ch;
	if (answer[0] == 'y' || answer[0] == 'Y')
		leftovers_remove(stdout, false);
	else
		printf("Left in place: 'ipcsh --cleanup' removes them later.\n");
}

/* The objects 'keep' leaves in place, named as the session ends. */
static void list_kept(void)
{
	for (struct object *o = obj_first(); o; o = o->next)
		if (o->kept && !o->gone)
			out_printf("kept: %s (%s, id %d): 'ipcs' finds it, 'ipcrm' removes it", o->handle,
				   obj_kind_desc(o->kind), o->id);
}

/* Ends every process, removes the scratch directory, lets the watchdog go. */
static void end_session(void)
{
	tutor_quit_quietly();
	loop_shutdown();
	scratch_remove();
	proc_free_all();
	list_kept();
	obj_clear();
	journal_close();
	watchdog_stop();
	holders_forget();
	out_mask_clear();
	out_record_free();
}

/* As util-linux's close_stdout: output that could not all be written (a
 * full disk) fails the run with a message, except for a reader that went
 * away (EPIPE: 'ipcsh -c help | head -1'), which is normal.  Returns the
 * exit status. */
static int close_stdout(int status)
{
	int err = out_stdout_error();
	if (fclose(stdout) == EOF && !err)
		err = errno;
	if (!err || err == EPIPE)
		return status;
	if (err > 0)
		fprintf(stderr, "ipcsh: write error: %s\n", strerror(err));
	else
		fputs("ipcsh: write error\n", stderr);
	return 1;
}

int main(int argc, char **argv)
{
	worker_inherit_fds();	/* before ipcsh opens any fd of its own */
	struct options o = { 0 };
	int r = parse_options(argc, argv, &o);
	if (r >= 0)
		return close_stdout(r);
	settings.mask = getenv("IPCSH_MASK") && *getenv("IPCSH_MASK") && strcmp(getenv("IPCSH_MASK"), "0");
	settings.color = want_color(o.color);
	settings.interactive = !o.ncmds && !o.file && !o.play && isatty(0);
	out_mask_add(getpid(), "<ipcsh>");

	if (watchdog_start() < 0)
		fprintf(stderr, "ipcsh: warning: no watchdog (%s): if ipcsh is killed, its processes may be left\n",
			strerror(errno));
	loop_init();
	scratch_sweep();
	if (journal_open() < 0)
		fprintf(stderr, "ipcsh: warning: no session journal (%s): if ipcsh is killed, its objects may be left\n",
			strerror(errno));
	offer_leftovers();
	if (!proc_spawn_root()) {
		fprintf(stderr, "ipcsh: cannot start p1: %s\n", strerror(errno));
		journal_close();
		watchdog_stop();
		return 1;
	}
	int status = run(&o);
	end_session();
	free(o.cmds);
	if (loop_term_signal())
		return 128 + loop_term_signal();	/* the signal says why (a hung-up terminal takes no message) */
	return close_stdout(status);
}
