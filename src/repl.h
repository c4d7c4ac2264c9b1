/* repl.h - the interactive loop (readline). */
#ifndef IPCSH_REPL_H
#define IPCSH_REPL_H

#include <stdbool.h>

/* Runs the prompt until quit or EOF; returns the session's exit status. */
int repl_run(bool quiet);

#endif
