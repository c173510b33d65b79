public import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Files the ledger writes besides itself: reports, exports, checkpoints, backups.
///
/// A report is never written over the ledger or over any other SQLite database (a read
/// command must not be able to destroy the ledger), and it is written whole or not at all:
/// into a temporary file beside the target, synced, then renamed over it, so a crash never
/// leaves half a report.
public enum OutputFile {
    /// The first 16 bytes of every SQLite database file.
    static let sqliteHeader = Array("SQLite format 3\0".utf8)

    /// Refuses `path` as an output when it is the ledger itself (also by another name, a
    /// link or `-wal`/`-shm` of it) or an existing SQLite database. `what` names the option.
    public static func checkWritable(_ path: String, what: String, ledger: String?) throws {
        let shown = TextRules.shown(path)
        if let ledger {
            let ledgerIDs = [ledger, ledger + "-wal", ledger + "-shm", ledger + "-journal"].compactMap(fileID)
            if let id = fileID(path), ledgerIDs.contains(where: { $0 == id }) {
                throw LedgerError.badInput("\(what) \(shown) is the ledger itself; nothing was written (accepted: a new file, or a report file to replace)")
            }
            let target = URL(fileURLWithPath: path).standardizedFileURL.path
            for suffix in ["", "-wal", "-shm", "-journal"]
            where target == URL(fileURLWithPath: ledger + suffix).standardizedFileURL.path {
                throw LedgerError.badInput("\(what) \(shown) is the ledger itself; nothing was written (accepted: a new file, or a report file to replace)")
            }
        }
        if isSQLiteDatabase(path) {
            throw LedgerError.badInput("\(what) \(shown) is an SQLite database and is never overwritten; nothing was written (accepted: a new file, or a report file to replace)")
        }
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw LedgerError.badInput("\(what) \(shown) is a folder (accepted: a file name)")
        }
    }

    /// Writes `data` to `path` atomically, after `checkWritable`.
    public static func write(_ data: Data, to path: String, what: String, ledger: String?, mode: mode_t = 0o644) throws {
        try checkWritable(path, what: what, ledger: ledger)
        let target = URL(fileURLWithPath: path)
        let folder = target.deletingLastPathComponent().path
        let temp = URL(fileURLWithPath: folder).appendingPathComponent(".\(target.lastPathComponent).partial-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL, mode)
        guard fd >= 0 else { throw failure(what, path, errno: errno) }
        var written = 0
        let ok = data.withUnsafeBytes { buffer -> Bool in
            while written < buffer.count {
                let n = posixWrite(fd, buffer.baseAddress! + written, buffer.count - written)
                if n < 0 { if errno == EINTR { continue }; return false }
                written += n
            }
            return fsync(fd) == 0
        }
        let code = errno
        close(fd)
        guard ok else {
            unlink(temp)
            throw failure(what, path, errno: code)
        }
        guard rename(temp, path) == 0 else {
            let code = errno
            unlink(temp)
            throw failure(what, path, errno: code)
        }
        LedgerDatabase.syncFolder(folder)
    }

    /// Whether an existing file starts with SQLite's header.
    public static func isSQLiteDatabase(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 16)) ?? Data()
        return Array(head) == sqliteHeader
    }

    private static func fileID(_ path: String) -> [UInt64]? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return [UInt64(info.st_dev), UInt64(info.st_ino)]
    }

    private static func failure(_ what: String, _ path: String, errno code: Int32) -> LedgerError {
        .failure("\(what) \(TextRules.shown(path)): cannot write it: \(reason(errno: code, path: path)); nothing was written")
    }

    /// Plain words for why a file could not be written.
    static func reason(errno code: Int32, path: String) -> String {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        switch code {
        case ENOENT: return "the folder \(TextRules.shown(folder)) does not exist"
        case EACCES, EPERM: return "permission denied (this user may not write in \(TextRules.shown(folder)))"
        case EROFS: return "the file system is read-only"
        case ENOSPC: return "the disk is full"
        case EDQUOT: return "the disk quota is used up"
        case ENOTDIR: return "a part of the path is not a folder"
        case EISDIR: return "it is a folder"
        case ENAMETOOLONG: return "the name is too long"
        default: return String(cString: strerror(code))
        }
    }
}

/// `write(2)`, under a name the static `write` method above does not shadow.
func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
