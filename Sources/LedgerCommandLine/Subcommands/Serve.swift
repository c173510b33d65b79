import ArgumentParser
import VacancyLedger

extension VacancyLedgerCommand {
    package struct Serve: ParsableCommand {
        package static let configuration = CommandConfiguration(commandName: "serve",
            abstract: Phrase.help34.text(),
            discussion: """
                One process owns the file; every write is one IMMEDIATE transaction through the same library as the CLI. \
                Callers present a token from `token issue` (Authorization: Bearer …); the entry records the token's name. \
                Put TLS in front of it (README, Deployment). SIGTERM or SIGINT stops it cleanly: requests in flight finish.
                """)

        @OptionGroup package var database: DatabaseOptions
        @Option(help: "The address to listen on.") package var host = "127.0.0.1"
        @Option(help: "The port (0: any free port, printed on start).") package var port = 8080
        @Option(name: .customLong("checkpoint-key"), help: ArgumentHelp("Sign checkpoints with this Ed25519 key file (default: $VACANCY_LEDGER_CHECKPOINT_KEY).", valueName: "FILE"))
        package var checkpointKey: String?
        @Option(name: .customLong("idle-timeout"), help: "Seconds before an idle or stalled connection is closed.") package var idleTimeout = 30
        @Option(name: .customLong("answer-timeout"), help: "Seconds a read may take before its caller gets 503 (writes are bounded by the 30 s busy timeout instead).") package var answerTimeout = 120

        @Option(name: .customLong("max-connections"), help: "Connections served at once; one more is closed at once.") package var maxConnections = 256
        @Option(name: .customLong("request-timeout"), help: "Seconds a request's headers may take to arrive, from its first byte or the previous answer.") package var requestTimeout = 30
        @Option(name: .customLong("min-body-rate"), help: ArgumentHelp("Bytes per second a request body must keep up, measured over each --request-timeout.", valueName: "BYTES")) package var minBodyRate = 1024
        @Option(name: .customLong("session-hours"), help: "Hours a sign-in to the auditor's page lasts.") package var sessionHours = 8
        @Option(name: .customLong("session-idle-minutes"), help: "Minutes without a request after which a page session ends.") package var sessionIdleMinutes = 30
        @Option(name: .customLong("max-import-size"), help: ArgumentHelp("Bytes an import file sent to /v1/import may have.", valueName: "BYTES"))
        package var maxImportSize = 256 * 1024 * 1024
        @Flag(name: .customLong("secure-cookies"), help: "Mark the page's cookie Secure: the service sits behind TLS (README, Deployment).") package var secureCookies = false

        package init() {}

        package func validate() throws {
            guard (0...65535).contains(port) else { throw ValidationError("--port \(port) (accepted: 0–65535)") }
            for (flag, value) in [("--idle-timeout", idleTimeout), ("--answer-timeout", answerTimeout), ("--request-timeout", requestTimeout),
                                  ("--max-connections", maxConnections), ("--session-hours", sessionHours),
                                  ("--session-idle-minutes", sessionIdleMinutes), ("--max-import-size", maxImportSize)] where value <= 0 {
                throw ValidationError("\(flag) \(value) (accepted: 1 or more)")
            }
            guard minBodyRate >= 0 else { throw ValidationError("--min-body-rate \(minBodyRate) (accepted: 0 or more bytes per second)") }
        }

        package func run() throws {
            try database.requireLocal("serve")
            try Network.frontend.takeOver()
            try Network.frontend.serve(self)
        }
    }
}
