#ifndef C_LEDGER_SYSTEM_H
#define C_LEDGER_SYSTEM_H

/* System constants that Swift's C importer leaves out because they are compound macros. */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/syscall.h>
#endif

/* O_TMPFILE (Linux 3.11): an unnamed file in a folder, which the kernel removes with the
   process unless it is linked into place; 0 where the system has none. */
static inline int cledger_o_tmpfile(void) {
#ifdef O_TMPFILE
    return O_TMPFILE;
#else
    return 0;
#endif
}

/* Lowers the calling thread's scheduling priority to `nice` (Linux schedules threads one by
   one, so this leaves the process's other threads as they are): the service's reader
   threads yield the CPU to its writer. 0 on success; -1 where the system cannot. */
static inline int cledger_lower_thread_priority(int nice) {
#ifdef __linux__
    return setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), nice);
#else
    (void)nice;
    return -1;
#endif
}

#endif
