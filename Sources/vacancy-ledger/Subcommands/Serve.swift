import ArgumentParser
import Foundation
import Hummingbird
import Logging
import NIOCore
import VacancyLedger

extension VacancyLedgerCommand {
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "serve", 
            abstract: "Serve the ledger to the city: a JSON API (/v1, /openapi.yaml) and the auditor's page (/), with tokens and roles.",
            discussion: """
                One process owns the file; every write is one IMMEDIATE transaction through the same library as the CLI. \
                Callers present a token from `token issue` (Authorization: Bearer …); the entry records the token's name. \
                Put TLS in front of it (README, Deployment). SIGTERM or SIGINT stops it cleanly: requests in flight finish.
                """)

        @OptionGroup var database: DatabaseOptions
        @Option(help: "The address to listen on.") var host = "127.0.0.1"
        @Option(help: "The port (0: any free port, printed on start).") var port = 8080
        @Option(name: .customLong("checkpoint-key"), help: ArgumentHelp("Sign checkpoints with this Ed25519 key file (default: $VACANCY_LEDGER_CHECKPOINT_KEY).", valueName: "FILE"))
        var checkpointKey: String?
        @Option(name: .customLong("idle-timeout"), help: "Seconds before an idle or stalled connection is closed.") var idleTimeout = 30
        @Option(name: .customLong("answer-timeout"), help: "Seconds a read may take before its caller gets 503 (writes are bounded by the 30 s busy timeout instead).") var answerTimeout = 120

        func validate() throws {
            guard (0...65535).contains(port) else { throw ValidationError("--port \(port) (accepted: 0–65535)") }
            guard idleTimeout > 0 else { throw ValidationError("--idle-timeout \(idleTimeout) (accepted: 1 or more seconds)") }
            guard answerTimeout > 0 else { throw ValidationError("--answer-timeout \(answerTimeout) (accepted: 1 or more seconds)") }
        }

        func run() throws {
            try database.requireLocal("serve")
            let ledger = try Ledger.openForService(path: database.path, now: database.fixedNow)
            let keyPath = checkpointKey ?? ProcessInfo.processInfo.environment["VACANCY_LEDGER_CHECKPOINT_KEY"].flatMap { $0.isEmpty ? nil : $0 }
            let key = try keyPath.map { (text: try readText($0, .key), file: $0) }
            let logger = Diagnostics.logger
            let service = LedgerService(ledger: ledger, logger: logger, settings: ServiceSettings(checkpointKey: key, answerTimeoutSeconds: answerTimeout))
            let host = host
            let app = Application(
                router: service.router(),
                server: .http1(configuration: .init(idleTimeout: .seconds(Int64(idleTimeout)))),
                configuration: .init(address: .hostname(host, port: port), serverName: "vacancy-ledger"),
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
                done.signal()
            }
            done.wait()
            if let error = outcome.error { throw error }
        }
    }
}

private final class ServeOutcome: @unchecked Sendable {
    // Written by the service task before it signals; read after the wait.
    var error: (any Error)?
}
