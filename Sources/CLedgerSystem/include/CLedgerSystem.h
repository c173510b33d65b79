#ifndef C_LEDGER_SYSTEM_H
#define C_LEDGER_SYSTEM_H

/* System constants that Swift's C importer leaves out because they are compound macros. */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>

/* O_TMPFILE (Linux 3.11): an unnamed file in a folder, which the kernel removes with the
   process unless it is linked into place; 0 where the system has none. */
static inline int cledger_o_tmpfile(void) {
#ifdef O_TMPFILE
    return O_TMPFILE;
#else
    return 0;
#endif
}

#endif
