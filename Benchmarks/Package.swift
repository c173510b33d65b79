// swift-tools-version: 6.1
// Benchmarks live in their own package so `swift test` at the top level stays fast.
// Run: cd Benchmarks && swift package benchmark   (see ../BENCHMARKS.md)
import PackageDescription

let package = Package(
    name: "VacancyLedgerBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "VacancyLedger", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
    ],
    targets: [
        .executableTarget(
            name: "LedgerBenchmarks",
            dependencies: [
                .product(name: "VacancyLedger", package: "VacancyLedger"),
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Benchmarks/LedgerBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // The import and scale benchmark: the file generator and raw SQLite doing the same
        // inserts (see ../BENCHMARKS.md, "Importing a million vacancies").
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
