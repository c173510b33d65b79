#ifndef C_LEDGER_SYSTEM_H
#define C_LEDGER_SYSTEM_H

/* System constants and calls that Swift's C importer leaves out because they are compound
   macros or need _GNU_SOURCE. The header includes no system header: defining _GNU_SOURCE
   here would give glibc's types a second shape beside the one in Swift's Glibc module,
   which a static release build refuses. The definitions are in CLedgerSystem.c. */

/* O_TMPFILE (Linux 3.11): an unnamed file in a folder, which the kernel removes with the
   process unless it is linked into place; 0 where the system has none. */
int cledger_o_tmpfile(void);

/* Lowers the calling thread's scheduling priority to `nice` (Linux schedules threads one by
   one, so this leaves the process's other threads as they are): the service's reader
   threads yield the CPU to its writer. 0 on success; -1 where the system cannot. */
int cledger_lower_thread_priority(int nice);

#endif
