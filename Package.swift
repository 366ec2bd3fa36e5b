// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "vigil",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "vigil", targets: ["vigil"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.57.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3" ..< "5.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/yaslab/CSV.swift.git", from: "2.5.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    ],
    targets: [
        // Domain rules: plain Swift, Foundation and swift-crypto only; knows nothing of HTTP or SQL.
        .target(
            name: "VigilCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // libxml2 (Debian's libxml2-dev), for reading XML scanner reports as a stream.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // Scanner reports (Greenbone/OpenVAS, Nessus, Nmap, Trivy, Vigil CSV) read into the core's
        // scan results. Apart from the core because it needs libxml2: the core stays Foundation-only.
        .target(
            name: "VigilScans",
            dependencies: ["VigilCore", "CLibXML2", .product(name: "CSV", package: "CSV.swift")]
        ),
        // Web pages read into the core's page snapshots with libxml2's HTML parser (the defacement
        // check); apart from the core for the same reason as the scanner readers.
        .target(
            name: "VigilPages",
            dependencies: ["VigilCore", "CLibXML2"]
        ),
        // Adapts the core to Vapor, Fluent and the browser.
        .target(
            name: "VigilServer",
            dependencies: [
                "VigilCore",
                "VigilScans",
                "VigilPages",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Yams", package: "Yams"),
            ],
            resources: [
                .copy("Resources/Views"),
                .copy("Resources/OpenAPI"),
                .copy("Resources/Public"),
                .copy("Resources/Localization"),
            ]
        ),
        // `vigil bench …`: measurements, not tests (docs/PERFORMANCE.md). A target of their own so that
        // the server library ships none of their code; they reach Vigil as the command line does
        // (`VigilOperations`), through HTTP routes, and through SQL for bulk rows.
        .target(
            name: "VigilBenchmarks",
            dependencies: [
                "VigilServer",
                "VigilCore",
                "VigilScans",
                "VigilPages",
                "CLibXML2",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            path: "Benchmarks/VigilBenchmarks"
        ),
        .executableTarget(
            name: "vigil",
            dependencies: [
                "VigilServer",
                "VigilPages",
                "VigilBenchmarks",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "VigilCoreTests",
            dependencies: ["VigilCore"]
        ),
        .testTarget(
            name: "VigilPagesTests",
            dependencies: ["VigilPages"]
        ),
        .testTarget(
            name: "VigilScansTests",
            dependencies: ["VigilScans"],
            exclude: ["Samples"]
        ),
        // The benchmarks' generators at a tiny size (not timed), so that they keep fitting the schema.
        .testTarget(
            name: "VigilBenchmarksTests",
            dependencies: ["VigilBenchmarks", "VigilServer", .product(name: "Vapor", package: "vapor")]
        ),
        .testTarget(
            name: "VigilServerTests",
            dependencies: [
                "VigilServer",
                "VigilScans",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
    ]
)


// Coverage-guided fuzzing of the readers and parsers (scripts/fuzz.sh, docs/RELIABILITY.md). Declared
// only when VIGIL_FUZZ is set, so that ordinary builds and CI never build it; it must be built with
// `-sanitize=fuzzer` (which links libFuzzer and its `main`) and `-enable-testing` (the per-format
// readers are internal). It depends on the core and the scanner readers only, never on the server.
if Context.environment["VIGIL_FUZZ"] != nil {
    package.products.append(.executable(name: "vigil-fuzz", targets: ["VigilFuzzMain"]))
    package.targets.append(contentsOf: [
        .target(
            name: "VigilFuzz",
            dependencies: ["VigilCore", "VigilScans", "VigilPages", .product(name: "CSV", package: "CSV.swift")]
        ),
        .executableTarget(name: "VigilFuzzMain", dependencies: ["VigilFuzz"]),
    ])
}
