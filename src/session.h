/* session.h - the controller's session: its settings and where input comes from. */
#ifndef IPCSH_SESSION_H
#define IPCSH_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct session {
	bool interactive;	/* reading from a terminal with readline */
	bool trace;		/* show the C calls */
	bool color;
	bool mask;		/* mask pids and inodes (reproducible transcripts) */
	bool hints;		/* inline argument hints while typing */
	bool stop_on_error;	/* -e */
	bool echo;		/* -x */
	const char *source;	/* script name for error locations, or NULL */
	int line;		/* its current line */
	pid_t self;
	bool quit;		/* 'quit', EOF or a terminating signal */
	int quit_status;
	int last_status;	/* of the last command, as in sh */
	int term_signal;	/* the signal that ended the session, or 0 */
	bool line_checks;	/* the input line ran a command a lesson step is checked after */
	bool line_acts;		/* ... and one that did more than look */
};

extern struct session ses;

/* Runs one input line (any number of ';'-separated commands); returns the status
 * of the last one.  Waits as DESIGN section 5 says: in scripts until everything
 * has settled, interactively until the command's process is done or blocked. */
int session_run_line(const char *line, size_t len);

/* Ends every process of the session, forgets its objects and starts a new p1
 * (ready when this returns).  0, or -1 when p1 cannot be started. */
int session_restart(void);

#endif
