// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "VacancyLedger",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "vacancy-ledger", targets: ["vacancy-ledger"]),
        // `serve` and `--server`; `vacancy-ledger` hands those to it (see NetworkFrontend).
        .executable(name: "vacancy-ledger-network", targets: ["vacancy-ledger-network"]),
        .library(name: "VacancyLedger", targets: ["VacancyLedger"]),
        // The seeded sample city and its random generator (the benchmarks use them too).
        .library(name: "SampleLedgers", targets: ["SampleLedgers"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/yaslab/CSV.swift.git", from: "2.5.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        // The service (`serve`) and the CLI as its client.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        // The service's /metrics.
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // The schema: SQL files in Migrations/, embedded in the binary at build time so a
        // copied executable never looks for a resource bundle.
        .target(
            name: "LedgerMigrations",
            path: "Migrations",
            exclude: ["README.md"],
            resources: [.embedInCode("m001_initial.sql"), .embedInCode("m002_placement_basis.sql"),
                        .embedInCode("m003_journal_everything.sql"), .embedInCode("m004_non_western_share.sql"),
                        .embedInCode("m005_import_line.sql"), .embedInCode("m006_lettings.sql"),
                        .embedInCode("m007_vacancy_by_date.sql"), .embedInCode("m008_access_tokens.sql"),
                        .embedInCode("m009_counters_by_month.sql"),
                        .embedInCode("m010_counters_by_day.sql"),
                        .embedInCode("m011_letting.sql"),
                        .embedInCode("m012_dated_one_in_three.sql"),
                        .embedInCode("m013_unique_token_names.sql"),
                        .embedInCode("m014_token_authorship.sql"),
                        .embedInCode("m015_folded_identifiers.sql")],
            swiftSettings: strict
        ),
        // Sample departments and vacancies, embedded for `demo`.
        .target(
            name: "SampleData",
            path: "SampleData",
            exclude: ["README.md", "city-departments.csv", "city-indicators.csv"],
            resources: [.embedInCode("departments.csv"), .embedInCode("vacancies.csv")],
            swiftSettings: strict
        ),
        // Domain, pure rule engine, policy, store and the use-case façade.
        // C constants Swift does not import (O_TMPFILE, for report files; see OutputFile).
        .target(name: "CLedgerSystem"),
        .target(
            name: "VacancyLedger",
            dependencies: [
                "LedgerMigrations",
                "CLedgerSystem",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, for verify's column reads (see PayloadBytes.swift).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.embedInCode("Policy/copenhagen-2024.yaml")],
            swiftSettings: strict
        ),
        // The seeded sample city and the sample ledgers `demo` builds (through the public API).
        .target(
            name: "SampleLedgers",
            dependencies: ["VacancyLedger", "SampleData"],
            swiftSettings: strict
        ),
        // The command line: every subcommand, its operations and formatters, and the one
        // diagnostics path. Both executables are this plus a `NetworkFrontend`.
        .target(
            name: "LedgerCommandLine",
            dependencies: [
                "VacancyLedger",
                "SampleLedgers",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        // The network: the service (`serve`) and the CLI as its client (`--server`).
        .target(
            name: "LedgerNetwork",
            dependencies: [
                "LedgerCommandLine",
                "VacancyLedger",
                // Thread priorities for the service's readers (see ServiceWorkers).
                "CLedgerSystem",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                // HTTPRequestPart, for the connection limits (ConnectionLimits).
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.embedInCode("Service/openapi.yaml")],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        // The clerk's executable, without the network (it hands `serve` and `--server` over).
        .executableTarget(
            name: "vacancy-ledger",
            dependencies: ["LedgerCommandLine"],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        // The same commands with the network.
        .executableTarget(
            name: "vacancy-ledger-network",
            dependencies: ["LedgerCommandLine", "LedgerNetwork"],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        .testTarget(
            name: "VacancyLedgerTests",
            dependencies: [
                "VacancyLedger",
                "LedgerCommandLine",
                "LedgerNetwork",
                "SampleLedgers",
                "LedgerMigrations",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "CSV", package: "CSV.swift"),
            ],
            exclude: ["Golden", "Fixtures"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
