import Foundation

/// Paths of test inputs, found from this file's location (never the working directory).
enum Fixtures {
    static let repoRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static func path(_ name: String) -> String { repoRoot + "/Tests/Fixtures/data/" + name }

    static var bundledDaily: String { repoRoot + "/data/daily" }

    /// The project's shared data collection beside the repository (as on developer machines
    /// and in CI), or nil when it is not there.
    static var sharedData: String? {
        let path = URL(fileURLWithPath: repoRoot).deletingLastPathComponent().path + "/shared/data"
        return FileManager.default.fileExists(atPath: path + "/README.md") ? path : nil
    }

    /// Every `.csv` under `folder`, recursively, sorted.
    static func csvFiles(under folder: String) -> [String] {
        let names = (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String]) ?? []
        return names.filter { $0.hasSuffix(".csv") }.sorted().map { folder + "/" + $0 }
    }

    /// A new empty folder for one test; the caller removes it.
    static func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "algobot-marketdata-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
