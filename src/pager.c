/* pager.c - a command's long output through $PAGER (see pager.h).
 *
 * The pager runs in the foreground on ipcsh's terminal, reading the output
 * from a pipe, and ipcsh waits for it: nothing else is serviced meanwhile
 * (workers that report just wait for their channel to be read).  Ctrl-C is
 * the pager's: ipcsh drops the SIGINT it gets meanwhile, so neither ipcsh
 * nor the current process is interrupted. */
#include "pager.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "settings.h"

/* What a command printed, in order: the bytes, and where each part goes. */
struct part {
	int fd;
	size_t off, len;
};
static struct buf text;
static struct part *parts;
static int nparts;
static bool collecting;
static bool errors_too;	/* stderr is the terminal too: errors are paged among the output */

void pager_begin(void)
{
	collecting = settings.pager && settings.interactive && isatty(1) && pager_command();
	errors_too = collecting && isatty(2);
}

bool pager_collect(int fd, const char *s, size_t len)
{
	if (!collecting || (fd == 2 && !errors_too))
		return false;	/* errors to a file go there at once */
	if (nparts && parts[nparts - 1].fd == fd) {
		parts[nparts - 1].len += len;
	} else {
		parts = xrealloc(parts, sizeof *parts * (size_t)(nparts + 1));
		parts[nparts++] = (struct part){ fd, text.len, len };
	}
	buf_add(&text, s, len);
	return true;
}

static void forget(void)
{
	buf_free(&text);
	free(parts);
	parts = NULL;
	nparts = 0;
}

/* Writes all of S, retrying short writes; false when FD takes no more. */
static bool write_all(int fd, const char *s, size_t len)
{
	while (len) {
		ssize_t n = write(fd, s, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		s += n;
		len -= (size_t)n;
	}
	return true;
}

static void print_parts(void)
{
	for (int i = 0; i < nparts; i++)
		write_all(parts[i].fd, text.data + parts[i].off, parts[i].len);
}

void pager_release(void)
{
	if (!collecting)
		return;
	collecting = false;
	print_parts();
	forget();
}

const char *pager_command(void)
{
	const char *p = getenv("PAGER");
	if (!p)
		return "less";
	if (!*p || strcmp(p, "cat") == 0)
		return NULL;
	return p;
}

int pager_rows(const char *s, size_t len, int cols)
{
	int rows = 0, col = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\033') {	/* colour: ESC [ parameters, then a final byte from @ to ~ */
			if (++i < len && s[i] == '[')
				while (++i < len && !(s[i] >= '@' && s[i] <= '~'))
					;
		} else if (c == '\n') {
			rows++;
			col = 0;
		} else if ((c & 0xc0) != 0x80 && ++col > cols) {
			rows++;	/* the terminal wraps the long line */
			col = 1;
		}
	}
	return rows + (col > 0);
}

static void child(int in, const char *cmd)
{
	sigset_t none;
	int sigs[] = { SIGINT, SIGQUIT, SIGPIPE, SIGTERM, SIGHUP, SIGCHLD, SIGWINCH };
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		signal(sigs[i], SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	dup2(in, 0);
	if (!getenv("LESS"))
		setenv("LESS", "FRX", 1);	/* as git: quit if it fits, keep colours, leave the text on screen */
	execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
	_exit(127);
}

/* Runs the pager on what was collected; false when it could not run. */
static bool run_pager(const char *cmd)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC) < 0)
		return false;
	struct sigaction ign = { .sa_handler = SIG_IGN }, oldint, oldquit;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &oldint);
	sigaction(SIGQUIT, &ign, &oldquit);
	pid_t pid = fork();
	if (pid == 0)
		child(p[0], cmd);
	close(p[0]);
	if (pid > 0) {
		for (int i = 0; i < nparts && write_all(p[1], text.data + parts[i].off, parts[i].len); i++)
			;	/* a pager that quits early (q) ends the writing with EPIPE */
	}
	close(p[1]);
	int st = 0;
	while (pid > 0) {
		if (waitpid(pid, &st, WUNTRACED) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (!WIFSTOPPED(st))
			break;
		/* Ctrl-Z in the pager stopped it alone (ipcsh blocks SIGTSTP): ipcsh
		 * stops too, so that the shell sees its job stopped, instead of
		 * waiting on a stopped pager for ever; 'fg' continues them both. */
		kill(getpid(), SIGSTOP);
		kill(pid, SIGCONT);
	}
	/* ipcsh blocks SIGINT (it reads it from a signalfd), and Linux keeps a
	 * blocked signal pending even while it is ignored: ignoring it once more
	 * drops the Ctrl-C meant for the pager. */
	struct sigaction oldtstp;
	sigaction(SIGINT, &ign, NULL);
	sigaction(SIGQUIT, &ign, NULL);
	sigaction(SIGTSTP, &ign, &oldtstp);	/* the Ctrl-Z that stopped the pager: handled */
	sigaction(SIGINT, &oldint, NULL);
	sigaction(SIGQUIT, &oldquit, NULL);
	sigaction(SIGTSTP, &oldtstp, NULL);
	return pid > 0 && !(WIFEXITED(st) && WEXITSTATUS(st) == 127);
}

void pager_end(void)
{
	if (!collecting)
		return;
	collecting = false;
	struct winsize ws = { 0 };
	if (ioctl(1, TIOCGWINSZ, &ws) < 0 || !ws.ws_row)
		ws = (struct winsize){ .ws_row = 24, .ws_col = 80 };
	/* The prompt takes a row too: output of a full screen would scroll off. */
	bool tall = pager_rows(text.data, text.len, ws.ws_col ? ws.ws_col : 80) >= ws.ws_row;
	fflush(stdout);
	const char *cmd = pager_command();
	if (!tall || !cmd || !run_pager(cmd))
		print_parts();
	forget();
}
