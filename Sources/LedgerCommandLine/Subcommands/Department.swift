import ArgumentParser
import VacancyLedger

extension VacancyLedgerCommand {
    struct Department: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "department",
            abstract: Phrase.help27.text(),
            subcommands: [Add.self, Place.self, Import.self, List.self, Show.self])

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "add", abstract: Phrase.help28.text())
            @OptionGroup var database: DatabaseOptions
            @Argument(help: ArgumentHelp(Phrase.optDepartmentIdORGNUMBER.text())) var id: String
            @Option(help: ArgumentHelp(Phrase.optTheDepartmentSName.text())) var name: String
            @Option(help: ArgumentHelp(Phrase.optFamilyDwellingsInThe.text())) var units: Int
            @OptionGroup var placement: PlacementOptions
            @OptionGroup var clerk: ClerkOption
            @Option(help: ArgumentHelp(Phrase.optOutputFormatTextOr.text())) var format: OutputFormat = .text
            func validate() throws { try format.require(.text, .json) }

            func run() throws {
                try database.perform(DepartmentAddOperation(id: id, name: name, units: units, placement: PlacementParameters(placement.spec),
                                                            by: clerk.name, format: format))
            }
        }

        struct Place: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "place", 
                abstract: Phrase.help29.text())
            @OptionGroup var database: DatabaseOptions
            @Argument(help: ArgumentHelp(Phrase.optDepartmentId.text())) var id: String
            @OptionGroup var placement: PlacementOptions
            @OptionGroup var clerk: ClerkOption
            @Option(help: ArgumentHelp(Phrase.optOutputFormatTextOr.text())) var format: OutputFormat = .text
            func validate() throws { try format.require(.text, .json) }

            func run() throws {
                try database.perform(DepartmentPlaceOperation(id: id, placement: PlacementParameters(placement.spec), by: clerk.name,
                                                              format: format))
            }
        }

        struct Import: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "import", 
                abstract: Phrase.help30.text(),
                discussion: "RFC 4180, UTF-8 (a BOM is accepted), header id,name,units,staircase,step,base_step,at_risk,exempt,reserved,criteria,from; booleans true/false; criteria separated by ';'; empty cells take the `add` defaults.")
            @OptionGroup var database: DatabaseOptions
            @Argument(help: ArgumentHelp(Phrase.optTheCSVFile.text())) var file: String
            @OptionGroup var clerk: ClerkOption

            func run() throws {
                try database.requireLocal("department import")
                let text = try readText(file, .importFile)
                let count = try database.openForWriting().importDepartments(csv: text, by: clerk.name)
                emit("Imported \(count) departments from \(file).")
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list", abstract: Phrase.help31.text())
            @OptionGroup var database: DatabaseOptions
            @Option(help: ArgumentHelp(Phrase.optOutputFormatTextOr.text())) var format: OutputFormat = .text
            func validate() throws { try format.require(.text, .json) }

            func run() throws {
                try database.perform(DepartmentsOperation(id: nil, format: format))
            }
        }

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "show", abstract: Phrase.help32.text())
            @OptionGroup var database: DatabaseOptions
            @Argument(help: ArgumentHelp(Phrase.optDepartmentId.text())) var id: String
            @Option(help: ArgumentHelp(Phrase.optOutputFormatTextOr.text())) var format: OutputFormat = .text
            func validate() throws { try format.require(.text, .json) }

            func run() throws {
                try database.perform(DepartmentsOperation(id: id, format: format))
            }
        }
    }
}
