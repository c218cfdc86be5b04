import Foundation
import Testing

/// scripts/update.sh for real (no dry run) in a throw-away copy of the checkout, with a fake
/// `swift` (its "build" copies the already built algobot) and a fake `systemctl` that logs calls.
@Suite struct ScriptsUpdateRunTests {
    struct Sandbox {
        let folder: URL
        var root: URL { folder.appendingPathComponent("root") }
        var log: URL { folder.appendingPathComponent("systemctl.log") }
        var state: URL { root.appendingPathComponent("state") }

        func file(_ path: String) -> URL { root.appendingPathComponent(path) }

        func systemctlCalls() throws -> [String] {
            guard FileManager.default.fileExists(atPath: log.path) else { return [] }
            return try String(contentsOf: log, encoding: .utf8).split(separator: "\n").map(String.init)
        }
    }

    /// A checkout with scripts/, bin/algobot, a state folder and the fakes.
    /// `onStop` is a shell line the fake systemctl runs when asked to stop the service.
    func makeSandbox(onStop: String = ":") async throws -> Sandbox {
        let folder = try ScriptsSupport.temporaryDirectory(prefix: "update-run")
        let box = Sandbox(folder: folder)
        let fm = FileManager.default
        try fm.createDirectory(at: box.root, withIntermediateDirectories: true)
        try fm.copyItem(at: ScriptsSupport.packageRoot.appendingPathComponent("scripts"), to: box.file("scripts"))
        try fm.createDirectory(at: box.file("bin"), withIntermediateDirectories: true)
        try fm.copyItem(atPath: try ScriptsSupport.algobotBinary(), toPath: box.file("bin/algobot").path)
        try fm.createDirectory(at: box.state, withIntermediateDirectories: true)
        try fm.copyItem(at: try await ScriptsSupport.sampleAudit.value, to: box.state.appendingPathComponent("audit.jsonl"))
        try #"{"open_orders":0,"submitting":false}"#.write(
            to: box.state.appendingPathComponent("status.json"), atomically: true, encoding: .utf8)

        let built = folder.appendingPathComponent("fakebuild")
        try writeExecutable(folder.appendingPathComponent("swift"), """
            #!/bin/sh
            case "$*" in
              *--show-bin-path*) echo '\(built.path)' ;;
              *) mkdir -p '\(built.path)' && cp '\(try ScriptsSupport.algobotBinary())' '\(built.path)/algobot' ;;
            esac
            """)
        try writeExecutable(folder.appendingPathComponent("systemctl"), """
            #!/bin/sh
            echo "$*" >> '\(box.log.path)'
            if [ "$1" = stop ]; then cd '\(box.root.path)' && \(onStop); fi
            """)
        return box
    }

    func writeExecutable(_ url: URL, _ text: String) throws {
        try (text + "\n").write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
    }

    func update(_ box: Sandbox) async throws -> ScriptsSupport.Result {
        try await ScriptsSupport.run("/bin/bash", [box.file("scripts/update.sh").path, "--systemd", "--no-pull"],
                               environment: ["SWIFT": box.folder.appendingPathComponent("swift").path,
                                             "SYSTEMCTL": box.folder.appendingPathComponent("systemctl").path,
                                             "GIT": "true"],
                               directory: box.root)
    }

    @Test func updatesBacksUpReindexesAndSwapsTheBinary() async throws {
        let box = await try makeSandbox()
        defer { try? FileManager.default.removeItem(at: box.folder) }
        let result = await try update(box)
        #expect(result.status == 0, "\(result.output)")
        #expect(try box.systemctlCalls() == ["stop algobot.service", "start algobot.service"])
        let fm = FileManager.default
        #expect(fm.isExecutableFile(atPath: box.file("bin/algobot").path))
        #expect(fm.isExecutableFile(atPath: box.file("bin/algobot.previous").path))
        #expect(!fm.fileExists(atPath: box.file("bin/algobot.next").path))
        let backups = try fm.contentsOfDirectory(atPath: box.file("backups").path)
        #expect(backups.count == 1 && backups[0].hasPrefix("state-") && backups[0].hasSuffix("-unknown.tar.gz"),
                "\(backups)")
        #expect(fm.fileExists(atPath: box.state.appendingPathComponent("audit.jsonl.index.sqlite").path),
                "the migration step rebuilt the audit index")
        #expect(result.stdout.contains("new version: algobot audit verify"))
    }

    @Test func anOrderSentDuringTheBuildRestartsTheOldVersion() async throws {
        let box = await try makeSandbox(onStop: #"echo '{"open_orders":1}' > state/status.json"#)
        defer { try? FileManager.default.removeItem(at: box.folder) }
        let result = await try update(box)
        #expect(result.status == 3, "\(result.output)")
        #expect(result.stdout.contains("starting the previous version again"))
        #expect(try box.systemctlCalls() == ["stop algobot.service", "start algobot.service"])
        let fm = FileManager.default
        #expect(!fm.fileExists(atPath: box.file("bin/algobot.previous").path), "the running binary was not swapped")
        #expect(!fm.fileExists(atPath: box.file("backups").path), "no backup or migration after the refusal")
    }
}
