/* journal.h - the session journal (DESIGN §5).
 *
 * Every object a session makes is written down before it is made and marked
 * when it is removed, in $XDG_STATE_HOME/ipcsh/sessions/PID-START.journal, so that
 * what a session that died (kill -9 too) left behind is found by the next
 * start and by 'ipcsh --cleanup'.  A record is one line, stored into a
 * shared mapping of the file (or written with pwrite(2) when the file cannot
 * be mapped): either way it is in the page cache at once and survives the
 * death of the process.  There is no fsync: the System V and POSIX objects
 * named here do not outlive a reboot either, and the header names the boot.
 * The file's unused end is NUL bytes, which a reader stops at.
 *
 *   ipcsh-journal 1 pid=PID start=TICKS boot=BOOT_ID
 *   intent KIND FIELD=VALUE...         before the request that makes it (its
 *                                      last value reserved: journal_fill)
 *   made KIND HANDLE FIELD=VALUE...    once the worker reports it
 *   gone HANDLE                        removed (or seen gone)
 *   keep HANDLE                        to be left in place at the end
 *
 * Values are escaped (%XX for '%', space, control bytes), so a record is
 * always one line of words. */
#ifndef IPCSH_JOURNAL_H
#define IPCSH_JOURNAL_H

#include <stdbool.h>

#include "buf.h"

/* Opens this session's journal; -1 (errno set) when it cannot be written:
 * the session goes on without one. */
int journal_open(void);
/* Appends one record (a line; the newline is added).  Nothing when closed. */
void journal_add(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same, for a record made without printf (B's text, a newline added to B). */
void journal_add_buf(struct buf *b);
/* Appends record B with a last field NAME whose value is WIDTH blanks, to
 * be filled in later by journal_fill; returns the value's offset in the
 * file, or -1 when there is no journal. */
long long journal_add_reserving(struct buf *b, const char *name, int width);
/* Fills in a value reserved at OFFSET with TEXT (at most the width reserved).
 * Made for workers, which are forks of ipcsh: they write the id of what they
 * made the moment they made it, so that no kill -9 falls between the object
 * and its record.  A worker has the controller's mapping of the file as it
 * was at the fork (MAP_SHARED: the same page cache), grows it as the file
 * has grown, and stores into it; failing that, it opens the journal by its
 * path and writes.  Nothing when OFFSET < 0. */
void journal_fill(long long offset, const char *text);
/* The session ended cleanly: everything is removed or kept, the file goes. */
void journal_close(void);
/* Is this session writing a journal? */
bool journal_on(void);

/* " NAME=VALUE", VALUE escaped, appended to B. */
void journal_field(struct buf *b, const char *name, const char *value);
void journal_field_long(struct buf *b, const char *name, long long value);
/* The value of field NAME of RECORD, unescaped into OUT (reset first);
 * false when the record has no such field. */
bool journal_get(const char *record, const char *name, struct buf *out);
bool journal_get_long(const char *record, const char *name, long long *value);
/* The Nth word of RECORD (0: "made"), into OUT; false when there is none. */
bool journal_word(const char *record, int n, struct buf *out);

/* The journal of a session that is over: its owner is gone (its pid is
 * not the same process any more) or the machine has booted since. */
struct journal_file {
	char *path;
	int pid;
	bool other_boot;
	char **records;		/* its lines, the header left out */
	int nrecords;
};
/* The journals of sessions that are over, into *OUT (malloc'd); their count. */
int journal_dead(struct journal_file **out);
/* Frees what the N files hold (the array itself is the caller's). */
void journal_files_free(struct journal_file *files, int n);

#endif
