import CLedgerSystem

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Apart from OutputFile.swift: CLedgerSystem's <fcntl.h> would otherwise shadow the
// system's `mode_t` in that file's public signatures.
extension OutputFile {
    /// An unnamed file in `folder` open for writing (`O_TMPFILE`), or -1 where there is none:
    /// another system, a file system without them (EOPNOTSUPP), or no `/proc` to link it by.
    static func unnamedFile(in folder: String, mode: mode_t) -> Int32 {
        #if os(Linux)
        let flag = cledger_o_tmpfile()
        guard flag != 0, access("/proc/self/fd", X_OK) == 0 else { return -1 }
        return open(folder, O_WRONLY | flag, mode)
        #else
        return -1
        #endif
    }
}
