import Foundation
import Testing

/// scripts/deploy.sh checks .env before anything else: it says whether each key is set, never
/// what it is, and refuses placeholders, half-set key pairs and live-trading URLs.
@Suite struct ScriptsDeployTests {
    static let secret = "s3cr3t-Value-That-Must-Not-Leak-0123456789"
    static let keyID = "PKTESTKEYID0123456789"

    func deploy(env text: String?) async throws -> (ScriptsSupport.Result, URL) {
        let folder = try ScriptsSupport.temporaryDirectory(prefix: "deploy")
        let env = folder.appendingPathComponent(".env")
        if let text {
            try text.write(to: env, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: env.path)
        }
        let result = try await ScriptsSupport.runScript("deploy.sh", [
            "--docker", "--dry-run", "--env", env.path, "--state", folder.appendingPathComponent("state").path,
        ])
        return (result, folder)
    }

    @Test func reportsKeysAsSetWithoutPrintingThem() async throws {
        let (result, folder) = await try deploy(env: """
            # paper keys
            APCA_API_KEY_ID=\(Self.keyID)
            export APCA_API_SECRET_KEY="\(Self.secret)"
            APCA_API_BASE_URL=https://paper-api.alpaca.markets
            """)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("APCA_API_KEY_ID set, APCA_API_SECRET_KEY set, LLM_API_KEY missing"))
        #expect(!result.output.contains(Self.secret))
        #expect(!result.output.contains(Self.keyID))
        #expect(result.stdout.contains("would run: mkdir -p"))
        #expect(result.stdout.contains("up -d algobot"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("state").path),
                "a dry run creates no state folder")
    }

    @Test(arguments: [
        ("APCA_API_KEY_ID=\(keyID)\nAPCA_API_SECRET_KEY=\n", "sets only one"),
        ("APCA_API_KEY_ID=PKXXXXXXXXXXXXXXXXXX\nAPCA_API_SECRET_KEY=\(secret)\n", "placeholder"),
        ("APCA_API_KEY_ID=\(keyID)\nAPCA_API_SECRET_KEY=\(secret)\nAPCA_API_BASE_URL=https://api.alpaca.markets\n",
         "live trading is not allowed"),
    ])
    func refusesABadEnvFile(text: String, reason: String) async throws {
        let (result, folder) = await try deploy(env: text)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(result.status == 1, "\(result.output)")
        #expect(result.stderr.contains(reason), "\(result.output)")
        #expect(!result.output.contains(Self.secret))
        #expect(!result.stdout.contains("would run: mkdir"), "nothing is prepared after a refusal")
    }

    @Test func missingEnvIsCreatedFromTheExample() async throws {
        let (result, folder) = await try deploy(env: nil)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("creating it from .env.example"))
        #expect(result.stdout.contains("would run: install -m 600 .env.example"))
    }

    @Test func systemdDryRunRendersTheUnitForThisCheckout() async throws {
        let folder = try ScriptsSupport.temporaryDirectory(prefix: "deploy-systemd")
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = ScriptsSupport.packageRoot.path
        let result = try await ScriptsSupport.runScript("deploy.sh", [
            "--systemd", "--dry-run", "--user", "botuser", "--unit-dir", folder.path,
            "--env", folder.appendingPathComponent(".env").path, "--state", folder.appendingPathComponent("state").path,
        ])
        #expect(result.status == 0, "\(result.output)")
        for line in ["User=botuser", "Group=botuser", "WorkingDirectory=\(root)", "ExecStart=\(root)/bin/algobot run",
                     "EnvironmentFile=\(folder.path)/.env", "ReadWritePaths=\(folder.path)/state"] {
            #expect(result.stdout.contains("    \(line)\n"), "missing \(line) in:\n\(result.stdout)")
        }
        #expect(result.stdout.contains("would run: true enable --now algobot.service"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "a dry run writes no unit")
    }

    @Test func exampleEnvFileHasNoValuesAndIsNotIgnoredWhileEnvIs() throws {
        let example = try String(contentsOf: ScriptsSupport.packageRoot.appendingPathComponent(".env.example"), encoding: .utf8)
        for line in example.split(separator: "\n") where !line.hasPrefix("#") {
            #expect(line.hasSuffix("="), "an uncommented line of .env.example carries a value: \(line)")
        }
        for key in ["APCA_API_KEY_ID=", "APCA_API_SECRET_KEY=", "APCA_API_BASE_URL=", "LLM_API_KEY="] {
            #expect(example.contains(key))
        }
        let gitignore = try String(contentsOf: ScriptsSupport.packageRoot.appendingPathComponent(".gitignore"), encoding: .utf8)
        #expect(gitignore.split(separator: "\n").contains(".env"))
    }
}
