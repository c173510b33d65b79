import ArgumentParser
import Foundation
import VacancyLedger

/// `checkpoint`: the head of the hash chain as one signed line; `checkpoint keygen`.
extension VacancyLedgerCommand {
    struct CheckpointCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "checkpoint",
            abstract: Phrase.help4.text(),
            discussion: """
                Keep checkpoints outside the ledger (mail them, print them, commit them elsewhere): \
                `vacancy-ledger verify --checkpoint FILE…` proves that the ledger still extends each one, so a \
                history rewritten and rehashed after a checkpoint was taken is caught. Sign with an Ed25519 key \
                made by `vacancy-ledger checkpoint keygen`, given by --key or $VACANCY_LEDGER_CHECKPOINT_KEY.
                """,
            subcommands: [Create.self, Keygen.self],
            defaultSubcommand: Create.self)

        struct Create: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "create", abstract: Phrase.help5.text())

            @OptionGroup var database: DatabaseOptions
            @Option(help: ArgumentHelp(Phrase.optTheEd25519PrivateKey.text(), valueName: "FILE"))
            var key: String?
            @Option(name: [.customShort("o"), .customLong("out")], help: ArgumentHelp(Phrase.optAlsoWriteTheLine.text()))
            var out: String?
            @Flag(help: ArgumentHelp(Phrase.optFailExit65Unless.text())) var requireKey = false

            func run() throws {
                if database.serverURL != nil {
                    // The service signs with its own key (`serve --checkpoint-key`).
                    if key != nil || requireKey || out != nil { try database.requireLocal("checkpoint --key/--require-key/-o") }
                    return try database.perform(CheckpointOperation(format: nil))
                }
                let keyPath = key ?? environmentValue("VACANCY_LEDGER_CHECKPOINT_KEY").flatMap { $0.isEmpty ? nil : $0 }
                if requireKey && keyPath == nil {
                    throw LedgerError.invalid(.key, value: "", accepted: .fileWrittenBy("checkpoint keygen"))
                }
                let keyText = try keyPath.map { try readText($0, .key) }
                let checkpoint = try database.openForReading().checkpoint(keyFileText: keyText, keyFile: keyPath ?? "")
                if let out { try write(checkpoint.line, to: out, ledger: database.path) }
                emit(checkpoint.line)
                if let out { Diagnostics.say(Phrase.wroteCheckpoint.text(out)) }
            }
        }

        struct Keygen: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "keygen", 
                abstract: Phrase.help6.text(),
                discussion: "Keep the private key away from the ledger's folder and its backups; give FILE.pub to whoever checks checkpoints (`verify --checkpoint F --public-key FILE.pub`).")

            @Option(name: [.customShort("o"), .customLong("out")], help: ArgumentHelp(Phrase.optThePrivateKeyFile.text(), valueName: "FILE"))
            var out: String

            func run() throws {
                for path in [out, out + ".pub"] where FileManager.default.fileExists(atPath: path) {
                    throw LedgerError.outputRefused(.output, path: path, reason: .keyExists)
                }
                let pair = CheckpointKey.generate()
                try OutputFile.write(Data(pair.privateFile.utf8), to: out, field: .output, ledger: nil, mode: 0o600)
                try OutputFile.write(Data(pair.publicFile.utf8), to: out + ".pub", field: .output, ledger: nil)
                emit("Wrote the private key to \(out) (keep it outside the ledger's folder) and the public key to \(out).pub: \(pair.publicKey)")
            }
        }
    }
}
