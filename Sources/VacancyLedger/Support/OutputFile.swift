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
        let file = try Writer(path: path, field: field, ledger: ledger, mode: mode)
        try file.write(data)
        try file.commit()
    }

    /// A file written in pieces (a long export, an import's report) and still whole or not at
    /// all: the pieces go to a temporary file beside the target, which `commit` syncs and
    /// renames over it. Dropped without `commit`, the temporary file is removed.
    ///
    /// On Linux the temporary file has no name (`O_TMPFILE`) until `commit` links it beside
    /// the target: a process killed while writing (SIGKILL, a power cut) leaves nothing
    /// behind, where a named file would stay as half a report. (Replacing a target takes a
    /// staged name for an instant; a kill in that instant leaves a whole copy under it.) Elsewhere, or on a file
    /// system without unnamed files, it is named `.NAME.partial-PID-…`, and the next write
    /// to the same target removes those whose process is gone.
    public final class Writer {
        private let path: String
        private let field: LedgerError.Field
        /// Where the file goes before it replaces the target.
        private let staged: String
        /// Whether `staged` exists from the start (no unnamed file).
        private let named: Bool
        private var fd: Int32
        private var buffer: [UInt8] = []

        public init(path: String, field: LedgerError.Field, ledger: String?, mode: mode_t = 0o644) throws {
            try OutputFile.checkWritable(path, field: field, ledger: ledger)
            let target = URL(fileURLWithPath: path)
            let folder = target.deletingLastPathComponent().path
            let prefix = ".\(target.lastPathComponent).partial-"
            self.path = path
            self.field = field
            staged = URL(fileURLWithPath: folder).appendingPathComponent("\(prefix)\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
            OutputFile.removeAbandoned(in: folder, prefix: prefix)
            let unnamed = OutputFile.unnamedFile(in: folder, mode: mode)
            if unnamed >= 0 {
                fd = unnamed
                named = false
            } else {
                fd = open(staged, O_WRONLY | O_CREAT | O_EXCL, mode)
                named = true
            }
            guard fd >= 0 else { throw OutputFile.failure(field, path, errno: errno) }
            buffer.reserveCapacity(1 << 16)
        }

        deinit {
            if fd >= 0 {
                close(fd)
                if named { unlink(staged) }
            }
        }

        public func write(_ text: String) throws {
            buffer.append(contentsOf: text.utf8)
            if buffer.count >= 1 << 16 { try flush() }
        }

        /// Bytes already gathered into a large chunk by the caller: written through.
        public func write(bytes: UnsafeRawBufferPointer) throws {
            try flush()
            try writeAll(bytes)
        }

        public func write(_ data: Data) throws {
            try flush()
            try data.withUnsafeBytes { try writeAll($0) }
        }

        private func flush() throws {
            try buffer.withUnsafeBytes { try writeAll($0) }
            buffer.removeAll(keepingCapacity: true)
        }

        private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
            var written = 0
            while written < bytes.count {
                let n = posixWrite(fd, bytes.baseAddress! + written, bytes.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw OutputFile.failure(field, path, errno: errno)
                }
                written += n
            }
        }

        /// Syncs the file and puts it in place.
        public func commit() throws {
            try flush()
            guard fsync(fd) == 0 else { throw OutputFile.failure(field, path, errno: errno) }
            // An unnamed file gets its name only now, whole and synced: the target's own if it
            // has none yet; else a staged name, renamed over the target (linkat cannot replace
            // it). A kill between those two calls leaves the staged file, whole, for the next
            // write to remove.
            if !named {
                if linkat(AT_FDCWD, "/proc/self/fd/\(fd)", AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0 {
                    close(fd)
                    fd = -1
                    LedgerDatabase.syncFolder(URL(fileURLWithPath: path).deletingLastPathComponent().path)
                    return
                }
                guard errno == EEXIST, linkat(AT_FDCWD, "/proc/self/fd/\(fd)", AT_FDCWD, staged, AT_SYMLINK_FOLLOW) == 0 else {
                    throw OutputFile.failure(field, path, errno: errno)
                }
            }
            close(fd)
            fd = -1
            guard rename(staged, path) == 0 else {
                let code = errno
                unlink(staged)
                throw OutputFile.failure(field, path, errno: code)
            }
            LedgerDatabase.syncFolder(URL(fileURLWithPath: path).deletingLastPathComponent().path)
        }
    }

    /// Temporary files named `PREFIX PID-…` in `folder` whose process is gone: what a killed
    /// `init` or `demo`, or a killed report where files cannot be unnamed, left behind.
    public static func removeAbandoned(in folder: String, prefix: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(prefix) {
            let pid = name.dropFirst(prefix.count).prefix { $0.isNumber }
            guard let pid = Int32(pid), kill(pid, 0) != 0 && errno == ESRCH else { continue }
            unlink(URL(fileURLWithPath: folder).appendingPathComponent(name).path)
        }
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

    fileprivate static func failure(_ field: LedgerError.Field, _ path: String, errno code: Int32) -> LedgerError {
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
