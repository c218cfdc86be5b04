import Foundation

/// Where the jobs' tests find the repository's own files (strategies, rules, the bundled
/// bars), relative to this file: no working-directory paths.
enum JobsFixtures {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
}
