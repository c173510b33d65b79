import Foundation
import VacancyLedger

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where `serve` and `--server` go. The network (SwiftNIO, Hummingbird, AsyncHTTPClient)
/// lives in a second executable, `vacancy-ledger-network`: the same commands plus the
/// network. The clerk's `vacancy-ledger` leaves it out because the Swift runtime scans every
/// protocol conformance record in the binary on the first dynamic lookup of each type, and
/// the network's records made every command start slower (BENCHMARKS.md, "log as one process").
package protocol NetworkFrontend: Sendable {
    /// Called before a command for the network does anything (no file opened or created):
    /// `vacancy-ledger` replaces itself here with `vacancy-ledger-network`, same arguments.
    func takeOver() throws
    /// Sends `operation` to the served ledger at `server`, writes its answer to `out`, and
    /// returns the exit code the service reported.
    func perform<Operation: LedgerOperation>(_ operation: Operation, server: String, out: BufferedOutput) throws -> Int32
    /// Serves the ledger until SIGTERM or SIGINT.
    func serve(_ command: VacancyLedgerCommand.Serve) throws
    /// Sends an import file to the served ledger's `/v1/import` with `query`, telling
    /// `progress` the bytes sent of the file's size, and returns the answer's status and body.
    func upload(_ path: String, server: String, query: [(String, String)],
                progress: @escaping @Sendable (_ sent: Int64, _ size: Int64) -> Void) throws -> (status: Int, body: Data)
}

package enum Network {
    /// Set once by the executable's `main`, before the command line is parsed; read after.
    nonisolated(unsafe) package static var frontend: any NetworkFrontend = handOver

    /// `vacancy-ledger`'s frontend (see `HandOver`).
    package static let handOver: any NetworkFrontend = HandOver()

    /// The name of the executable with the network, beside `vacancy-ledger`.
    package static let executableName = "vacancy-ledger-network"

    /// `vacancy-ledger`'s frontend: hands the whole command line to `vacancy-ledger-network`
    /// beside it (`execv`: same process, arguments, environment, standard streams and exit code).
    struct HandOver: NetworkFrontend {
        func takeOver() throws {
            let own = Self.ownExecutable()
            let sibling = own.deletingLastPathComponent().appendingPathComponent(Network.executableName).path
            var argv = ([sibling] + CommandLine.arguments.dropFirst()).map { strdup($0) }
            argv.append(nil)
            execv(sibling, argv)
            let besideError = errno
            // Not beside this executable: the one on $PATH, if the two were installed apart.
            if besideError == ENOENT { execvp(Network.executableName, argv) }
            // Only reached if both failed: an installation without the network executable.
            Diagnostics.fail("cannot run \(sibling): \(String(cString: strerror(besideError))) (accepted: `serve` and --server or $VACANCY_LEDGER_SERVER run \(Network.executableName), installed beside \(own.lastPathComponent) or on $PATH)",
                             code: .failure)
        }

        func perform<Operation: LedgerOperation>(_ operation: Operation, server: String, out: BufferedOutput) throws -> Int32 {
            try takeOver()
            return 1
        }

        func serve(_ command: VacancyLedgerCommand.Serve) throws { try takeOver() }

        func upload(_ path: String, server: String, query: [(String, String)],
                    progress: @escaping @Sendable (Int64, Int64) -> Void) throws -> (status: Int, body: Data) {
            try takeOver()
            return (500, Data())
        }

        /// This process's executable, symbolic links resolved (so the sibling is found where
        /// the binary really is, not where a link to it was put).
        static func ownExecutable() -> URL {
            #if os(Linux)
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
            if count > 0 { return URL(fileURLWithPath: String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)) }
            #endif
            return (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])).resolvingSymlinksInPath()
        }
    }
}
