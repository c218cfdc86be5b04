// swift-tools-version: 6.1
import PackageDescription

// The per-bar loop lives in RuleLanguage (compiled kernels) and Engine. Its state sits in
// class-owned buffers each touched by one thread at a time (the engine's, or a block
// pipeline's producer between explicit hand-overs), so dynamic exclusivity checks cost
// time (they showed up in profiles) and protect nothing.
let hotLoop: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

// One package, one pipeline: each library target is a stage (see docs/ARCHITECTURE.md).
// The `algobot` executable is a thin shell over `AlgobotCLI`.
let package = Package(
    name: "algobot",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "algobot", targets: ["algobot"]),
        .executable(name: "algobot-bench", targets: ["algobot-bench"]),
        .library(name: "RuleLanguage", targets: ["RuleLanguage", "Vocabulary"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        // The leaf every stage imports: the words every stage shares (outcomes, sides, actions,
        // modes, check statuses, the built-in limits, the runtime's gates) and the one of each
        // utility (calendar and timestamps, New York time, JSON writer, money text, did-you-mean,
        // share rounding). Plain value types; Foundation only.
        .target(name: "Vocabulary"),
        // What the block kernels need from C that Swift cannot say: a two-lane division the
        // optimizer keeps whole, a prefetch (Sources/CLanes/include/lanes.h says why).
        .target(name: "CLanes"),
        .target(name: "RuleLanguage", dependencies: ["CYAML", "CLanes", "Vocabulary"], swiftSettings: hotLoop),
        .target(name: "Policy", dependencies: ["RuleLanguage", "Vocabulary"]),
        .target(name: "MarketData", dependencies: [
            "Vocabulary",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .target(name: "Audit", dependencies: [
            "Vocabulary",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "GRDB", package: "GRDB.swift"),
            // SQLite's C API, for the index's bulk row insert (`RowInsert`).
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "Engine", dependencies: [
            "RuleLanguage", "Policy", "Audit", "MarketData", "Vocabulary",
        ], swiftSettings: hotLoop),
        // Reports only: figures computed from a finished run, rendered as text, JSON, CSV and HTML.
        .target(name: "Report", dependencies: ["Engine", "Vocabulary"]),
        // A run's wiring over typed settings: backtest, sweep and eval from files to a result, and
        // the live run's runner, advisor and notifier put together (what the CLI runs).
        .target(name: "Jobs", dependencies: [
            "Report", "Engine", "RuleLanguage", "Policy", "MarketData", "Audit", "Advisor", "Runtime", "Notify", "Vocabulary",
        ]),
        .target(name: "Alpaca", dependencies: [
            "Vocabulary",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "AlpacaSimulator", dependencies: [
            "MarketData", "Vocabulary",
            .product(name: "Hummingbird", package: "hummingbird"),
        ]),
        // Writes rationale text only: it sees the audit's record types, never Policy or Engine.
        .target(name: "Advisor", dependencies: [
            "Audit", "Vocabulary",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "Notify", dependencies: [
            "Audit", "Vocabulary",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "Runtime", dependencies: [
            "Engine", "Policy", "Audit", "Alpaca", "Notify", "Vocabulary",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "AlgobotCLI", dependencies: [
            "RuleLanguage", "Policy", "MarketData", "Engine", "Audit", "Report", "Jobs", "Alpaca", "AlpacaSimulator", "Runtime", "Advisor", "Notify", "Bench", "Vocabulary",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "algobot", dependencies: [
            "AlgobotCLI", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // The benchmark (engine against a hand-written loop), run by `algobot-bench` and `algobot bench`.
        .target(
            name: "Bench",
            dependencies: ["RuleLanguage", "Policy", "MarketData", "Engine", "Audit", "Vocabulary"],
            swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
        ),
        .executableTarget(name: "algobot-bench", dependencies: ["Bench"]),
        // Tests' loopback HTTP servers (a fake Alpaca, a webhook, a chat endpoint), stopped gracefully.
        .target(name: "LoopbackServing", dependencies: [.product(name: "Hummingbird", package: "hummingbird")],
                path: "Tests/LoopbackServing"),
        .testTarget(name: "VocabularyTests", dependencies: ["Vocabulary"]),
        .testTarget(name: "RuleLanguageTests", dependencies: ["RuleLanguage", "Vocabulary"]),
        .testTarget(name: "PolicyTests", dependencies: ["Policy", "RuleLanguage", "Vocabulary"]),
        .testTarget(name: "MarketDataTests", dependencies: ["MarketData", "Vocabulary"]),
        .testTarget(name: "AuditTests", dependencies: ["Audit", "Vocabulary"]),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "Policy", "RuleLanguage", "MarketData", "Audit", "Vocabulary"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Jobs", "Engine", "Vocabulary"]),
        .testTarget(name: "JobsTests", dependencies: ["Jobs", "Report", "Engine", "MarketData", "RuleLanguage", "Policy", "Runtime", "Alpaca", "Audit", "Vocabulary"]),
        .testTarget(name: "AlpacaTests", dependencies: ["Alpaca", "AlpacaSimulator", "MarketData", "Vocabulary", "LoopbackServing",
            .product(name: "Hummingbird", package: "hummingbird")]),
        .testTarget(name: "AlpacaSimulatorTests", dependencies: ["AlpacaSimulator", "MarketData", "Vocabulary",
            .product(name: "AsyncHTTPClient", package: "async-http-client")]),
        .testTarget(name: "RuntimeTests", dependencies: ["Runtime", "Engine", "Alpaca", "AlpacaSimulator", "Audit", "Vocabulary"]),
        .testTarget(name: "AlgobotCLITests", dependencies: ["AlgobotCLI", "Bench", "Notify", "Vocabulary", "LoopbackServing",
            .product(name: "Hummingbird", package: "hummingbird")]),
        .testTarget(name: "AdvisorTests", dependencies: ["Advisor", "Audit", "Report", "Jobs", "Engine", "Policy", "RuleLanguage", "MarketData", "Vocabulary", "LoopbackServing",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Logging", package: "swift-log")]),
    ],
    swiftLanguageModes: [.v5]
)
