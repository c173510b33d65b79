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
        @Option(help: ArgumentHelp(Phrase.optTheAddressToListen.text())) package var host = "127.0.0.1"
        @Option(help: ArgumentHelp(Phrase.optThePort0Any.text())) package var port = 8080
        @Option(name: .customLong("checkpoint-key"), help: ArgumentHelp(Phrase.optSignCheckpointsWithThis.text(), valueName: "FILE"))
        package var checkpointKey: String?
        @Option(name: .customLong("idle-timeout"), help: ArgumentHelp(Phrase.optSecondsBeforeAnIdle.text())) package var idleTimeout = 30
        @Option(name: .customLong("answer-timeout"), help: ArgumentHelp(Phrase.optSecondsAReadMay.text())) package var answerTimeout = 120

        @Option(name: .customLong("max-connections"), help: ArgumentHelp(Phrase.optConnectionsServedAtOnce.text())) package var maxConnections = 256
        @Option(name: .customLong("request-timeout"), help: ArgumentHelp(Phrase.optSecondsARequestS.text())) package var requestTimeout = 30
        @Option(name: .customLong("min-body-rate"), help: ArgumentHelp(Phrase.optBytesPerSecondA.text(), valueName: "BYTES")) package var minBodyRate = 1024
        @Option(name: .customLong("session-hours"), help: ArgumentHelp(Phrase.optHoursASignIn.text())) package var sessionHours = 8
        @Option(name: .customLong("session-idle-minutes"), help: ArgumentHelp(Phrase.optMinutesWithoutARequest.text())) package var sessionIdleMinutes = 30
        @Option(name: .customLong("max-import-size"), help: ArgumentHelp(Phrase.optBytesAnImportFile.text(), valueName: "BYTES"))
        package var maxImportSize = 256 * 1024 * 1024
        @Flag(name: .customLong("secure-cookies"), help: ArgumentHelp(Phrase.optMarkThePageS.text())) package var secureCookies = false

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
