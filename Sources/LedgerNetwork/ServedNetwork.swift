import Foundation
import Hummingbird
import LedgerCommandLine
import Logging
import NIOCore
import VacancyLedger

/// `vacancy-ledger-network`'s frontend: `serve` runs the service here, and `--server` sends
/// each operation to one with `ServiceClient`.
package struct ServedNetwork: NetworkFrontend {
    package init() {}

    /// Already the executable with the network: the command goes on here.
    package func takeOver() throws {}

    package func perform<Operation: LedgerOperation>(_ operation: Operation, server: String, out: BufferedOutput) throws -> Int32 {
        try ServiceClient(server: server).perform(operation, out: out)
    }

    package func upload(_ path: String, server: String, query: [(String, String)],
                        progress: @escaping @Sendable (Int64, Int64) -> Void) throws -> (status: Int, body: Data) {
        try ServiceClient(server: server).upload(path, to: "import", query: query, progress: progress)
    }

    package func serve(_ command: VacancyLedgerCommand.Serve) throws {
        let database = command.database
        let ledger = try Ledger.openForService(path: database.path, now: database.fixedNow)
        let keyPath = command.checkpointKey ?? environmentValue("VACANCY_LEDGER_CHECKPOINT_KEY").flatMap { $0.isEmpty ? nil : $0 }
        let key = try keyPath.map { (text: try readText($0, .key), file: $0) }
        // The request log is the service's record: on unless VACANCY_LEDGER_LOG says otherwise.
        let logger: Logger = {
            var logger = Diagnostics.logger
            if Diagnostics.requestedLogLevel == nil { logger.logLevel = .info }
            return logger
        }()
        let workers = ServiceWorkers()
        let tokens = try TokenDirectory(path: database.path, now: database.fixedNow)
        let sessions = SessionStore(settings: .init(lifetime: .seconds(command.sessionHours * 3600), idle: .seconds(command.sessionIdleMinutes * 60),
                                                    secureCookies: command.secureCookies), tokens: tokens)
        let service = LedgerService(ledger: ledger, tokens: tokens, sessions: sessions, workers: workers, metrics: ServiceMetrics(),
                                    logger: logger,
                                    settings: ServiceSettings(checkpointKey: key, answerTimeoutSeconds: command.answerTimeout),
                                    stallSeconds: command.idleTimeout, maxImportBytes: command.maxImportSize)
        let host = command.host
        let limits = ConnectionLimits.Settings(maxConnections: command.maxConnections, requestTimeout: .seconds(Int64(command.requestTimeout)),
                                               minBodyRate: command.minBodyRate)
        let open = ConnectionLimits.OpenConnections()
        let app = Application(
            router: service.router(),
            server: .http1(configuration: .init(additionalChannelHandlers: [ConnectionLimits(settings: limits, open: open)],
                                                idleTimeout: .seconds(Int64(command.idleTimeout)))),
            configuration: .init(address: .hostname(host, port: command.port), serverName: "vacancy-ledger"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                logger.notice("listening on http://\(host):\(port) (ledger \(database.path))")
            },
            logger: logger)
        // ArgumentParser's commands are synchronous here: run the service on the
        // concurrency pool and wait for it to stop (SIGTERM / SIGINT end it gracefully).
        let outcome = ServeOutcome()
        let done = DispatchSemaphore(value: 0)
        Task {
            do { try await app.runService() } catch { outcome.error = error }
            try? await workers.shutdown()
            done.signal()
        }
        done.wait()
        if let error = outcome.error { throw error }
    }
}

private final class ServeOutcome: @unchecked Sendable {
    // Written by the service task before it signals; read after the wait.
    var error: (any Error)?
}
