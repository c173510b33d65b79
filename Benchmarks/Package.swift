// swift-tools-version: 6.1
// The benchmark tool lives in its own package so `swift test` at the top level stays fast.
// Build: cd Benchmarks && swift build -c release --product scale-bench   (see ../BENCHMARKS.md)
import PackageDescription

let package = Package(
    name: "VacancyLedgerBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "VacancyLedger", path: ".."),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
    ],
    targets: [
        // The file generator, `Ledger.log` in process, and raw SQLite doing the same inserts
        // (see ../BENCHMARKS.md, "Rerunning").
        .executableTarget(
            name: "scale-bench",
            dependencies: [
                .product(name: "VacancyLedger", package: "VacancyLedger"),
                .product(name: "SampleLedgers", package: "VacancyLedger"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            path: "Tools/ScaleBench"
        ),
    ],
    swiftLanguageModes: [.v6]
)
