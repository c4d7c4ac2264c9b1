/* ipcsid.h - ipcs -i ID: one System V object's details, as util-linux
 * prints them, and then what util-linux does not say: which handle of the
 * session it is, and for a segment every process that has it attached (its
 * /proc/PID/maps), not only the creator and the last one. */
#ifndef IPCSH_IPCSID_H
#define IPCSH_IPCSID_H

#include <stdbool.h>

#include "ipcsfmt.h"

/* Prints the details of O->id (of the one System V kind of O->what).
 * False, with the error printed, when no object has that id. */
bool ipcs_id_show(const struct ipcs_opts *o);

#endif
