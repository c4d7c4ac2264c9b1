/* session.h - running the session's input lines: '@pN' targets, dispatch,
 * waiting, printing in a fixed order, and restarting afresh. */
#ifndef IPCSH_SESSION_H
#define IPCSH_SESSION_H

#include <stdbool.h>
#include <stddef.h>

struct session {
	bool stop_on_error;	/* -e */
	bool echo;		/* -x */
	int last_status;	/* of the last command, as in sh */
};

extern struct session ses;

/* Runs one input line (any number of ';'-separated commands); returns the status
 * of the last one.  Waits as DESIGN section 5 says: in scripts until everything
 * has settled, interactively until the command's process is done or blocked. */
int session_run_line(const char *line, size_t len);

/* Runs the lines of TEXT (LEN bytes) as a script called NAME inside the
 * session ('source'): errors say "ipcsh:NAME:LINE:", each line settles as a
 * script's does, -e and -x apply, 'quit' ends it.  Returns the status of its
 * last command, 0 when it has none. */
int session_run_script(const char *name, const char *text, size_t len);
/* How many such scripts are running, one inside the other. */
int session_script_depth(void);

/* Ends every process of the session, forgets its objects and starts a new p1
 * (ready when this returns).  0, or -1 when p1 cannot be started. */
int session_restart(void);

/* Someone who follows the input lines (a lesson).  While one does, every line
 * settles the whole session before the next, not only the command's process. */
struct line_observer {
	/* Takes LINE for itself (an answer to a question) instead of running it. */
	bool (*take)(const char *line, size_t len);
	/* After a line that ran a command worth checking after; ACTED: one that
	 * did more than look (ps, fds). */
	void (*after)(bool acted);
	/* At the prompt, after the processes told something (late output, an
	 * exit, a wake-up): the state may have changed without a line. */
	void (*changed)(void);
};
/* Starts (O) or stops (NULL) following the lines. */
void session_observe(const struct line_observer *o);
/* For the REPL, between lines: tells the observer when the processes have
 * told something since the last line or call. */
void session_between_lines(void);

#endif
