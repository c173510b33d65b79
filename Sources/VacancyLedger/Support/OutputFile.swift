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
    public static func checkWritable(_ path: String, field: LedgerError.Field, ledger: String?) throws {
        if let ledger {
            let ledgerIDs = [ledger, ledger + "-wal", ledger + "-shm", ledger + "-journal"].compactMap(fileID)
            if let id = fileID(path), ledgerIDs.contains(where: { $0 == id }) {
                throw LedgerError.outputRefused(field, path: path, reason: .isTheLedger)
            }
            let target = URL(fileURLWithPath: path).standardizedFileURL.path
            for suffix in ["", "-wal", "-shm", "-journal"]
            where target == URL(fileURLWithPath: ledger + suffix).standardizedFileURL.path {
                throw LedgerError.outputRefused(field, path: path, reason: .isTheLedger)
            }
        }
        if isSQLiteDatabase(path) {
            throw LedgerError.outputRefused(field, path: path, reason: .isADatabase)
        }
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw LedgerError.outputRefused(field, path: path, reason: .isAFolder)
        }
    }

    /// Writes `data` to `path` atomically, after `checkWritable`.
    public static func write(_ data: Data, to path: String, field: LedgerError.Field, ledger: String?, mode: mode_t = 0o644) throws {
        try checkWritable(path, field: field, ledger: ledger)
        let target = URL(fileURLWithPath: path)
        let folder = target.deletingLastPathComponent().path
        let temp = URL(fileURLWithPath: folder).appendingPathComponent(".\(target.lastPathComponent).partial-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL, mode)
        guard fd >= 0 else { throw failure(field, path, errno: errno) }
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
            throw failure(field, path, errno: code)
        }
        guard rename(temp, path) == 0 else {
            let code = errno
            unlink(temp)
            throw failure(field, path, errno: code)
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

    private static func failure(_ field: LedgerError.Field, _ path: String, errno code: Int32) -> LedgerError {
        .io(field, path: path, reason: reason(errno: code, path: path))
    }

    /// Why a file could not be written, from `errno`.
    static func reason(errno code: Int32, path: String) -> LedgerError.IOReason {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        switch code {
        case ENOENT: return .folderMissing(folder)
        case EACCES, EPERM: return .permissionDenied(folder)
        case EROFS: return .readOnlyFileSystem
        case ENOSPC: return .diskFull
        case EDQUOT: return .quota
        case ENOTDIR: return .notAFolder
        case EISDIR: return .isAFolder
        case ENAMETOOLONG: return .nameTooLong
        default: return .other(String(cString: strerror(code)))
        }
    }
}

/// `write(2)`, under a name the static `write` method above does not shadow.
func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
