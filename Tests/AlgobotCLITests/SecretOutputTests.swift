import Foundation
import Runtime
import Testing

/// No configured secret reaches standard output, standard error, the audit log or the state
/// folder, wherever the secret was configured (environment or `.env`) and wherever the text
/// came from (a broker's answer, an operator's words).
@Suite struct SecretOutputTests {
    static let root = RunProcessTests.root
    static let keyID = "PKTESTKEY123456"
    static let secret = "echo-test-secret-0000000001"

    enum KeyPlace: String, CaseIterable, CustomTestStringConvertible {
        case environment, dotEnv
        var testDescription: String { rawValue }
    }

    /// The keys in the environment, or in `dir/.env` (mode 600) with the command run in `dir`.
    static func place(_ keys: KeyPlace, in dir: CLITempDir) throws -> (environment: [String: String], workingDirectory: String?) {
        let values = ["APCA_API_KEY_ID": keyID, "APCA_API_SECRET_KEY": secret]
        switch keys {
        case .environment:
            return (values, nil)
        case .dotEnv:
            try values.keys.sorted().map { "\($0)=\(values[$0]!)\n" }.joined().write(toFile: dir.file(".env"), atomically: true, encoding: .utf8)
            chmod(dir.file(".env"), 0o600)
            return ([:], dir.path)
        }
    }

    static func expectNoSecret(_ texts: [String: String], sourceLocation: SourceLocation = #_sourceLocation) {
        for (name, text) in texts.sorted(by: { $0.key < $1.key }) {
            #expect(!text.contains(keyID), "key id in \(name): \(text)", sourceLocation: sourceLocation)
            #expect(!text.contains(secret), "secret key in \(name): \(text)", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: KeyPlace.allCases)
    func aKeyEchoedByTheBrokerNeverReachesTheOutput(_ keys: KeyPlace) async throws {
        let dir = CLITempDir()
        defer { dir.remove() }
        let server = try await EchoingAlpacaServer.start()
        let folder = StateFolder(dir.file("state"))
        let id = try ApproveProcessTests.queueDecision(in: folder)
        let (environment, workingDirectory) = try Self.place(keys, in: dir)
        let result = try await RunProcessTests.algobot(
            ["approvals", "approve", id, "--broker", "alpaca", "--state", folder.path,
             "--strategy", Self.root + "/strategies/sma.yaml", "--policy", Self.root + "/rules/limits.yaml",
             "--by", "tester", "--retries", "1", "--timeout", "20"],
            in: dir, environment: environment.merging(["APCA_API_BASE_URL": server.url, "APCA_API_DATA_URL": server.url]) { $1 },
            workingDirectory: workingDirectory)
        await server.stop()
        #expect(server.receivedKeyIDs.contains(Self.keyID), "the server never saw the key, so nothing was echoed")
        #expect(result.status == 1)
        #expect(result.stderr.contains("Nothing was approved"), "\(result.stderr)")
        #expect(result.stderr.contains("cash"), "the error still names the field the broker got wrong")
        Self.expectNoSecret(["stdout": result.stdout, "stderr": result.stderr,
                             "audit": (try? String(contentsOfFile: folder.audit, encoding: .utf8)) ?? ""])
    }

    @Test(arguments: KeyPlace.allCases)
    func haltAndResumeMaskKeysTheOperatorTyped(_ keys: KeyPlace) async throws {
        let dir = CLITempDir()
        defer { dir.remove() }
        let (environment, workingDirectory) = try Self.place(keys, in: dir)
        let state = dir.file("state")
        let halt = try await RunProcessTests.algobot(["halt", "--reason", "rotating \(Self.keyID)", "--state", state],
                                                     in: dir, environment: environment, workingDirectory: workingDirectory)
        #expect(halt.status == 0, "\(halt.stderr)")
        let haltFile = (try? String(contentsOfFile: StateFolder(state).halt, encoding: .utf8)) ?? ""
        #expect(haltFile.contains("rotating ***"))
        let status = try await RunProcessTests.algobot(["status", "--state", state], in: dir, environment: environment,
                                                       workingDirectory: workingDirectory)
        let resume = try await RunProcessTests.algobot(["resume", "--reason", "new key is not \(Self.secret)", "--state", state],
                                                       in: dir, environment: environment, workingDirectory: workingDirectory)
        #expect(resume.status == 0, "\(resume.stderr)")
        let audit = try String(contentsOfFile: StateFolder(state).audit, encoding: .utf8)
        #expect(audit.contains("rotating ***"))
        #expect(audit.contains("new key is not ***"))
        Self.expectNoSecret(["audit": audit, "HALT": haltFile, "halt output": halt.stdout + halt.stderr,
                             "status output": status.stdout + status.stderr, "resume output": resume.stdout + resume.stderr])
    }

    @Test func anUnknownApprovalIdIsSaidToBeUnknown() async throws {
        let dir = CLITempDir()
        defer { dir.remove() }
        let folder = StateFolder(dir.file("state"))
        let id = try ApproveProcessTests.queueDecision(in: folder)
        let common = ["--state", folder.path, "--strategy", Self.root + "/strategies/sma.yaml", "--policy", Self.root + "/rules/limits.yaml",
                      "--broker", "sim", "--sim-url", "http://127.0.0.1:1", "--retries", "1", "--timeout", "1"]
        let unknown = try await RunProcessTests.algobot(["approvals", "approve", "o-doesnotexist"] + common, in: dir)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("there is no order 'o-doesnotexist' in the approval queue"), "\(unknown.stderr)")
        #expect(!unknown.stderr.contains("keeps waiting"))
        let typo = String(id.dropLast())
        let misspelt = try await RunProcessTests.algobot(["approvals", "approve", typo] + common, in: dir)
        #expect(misspelt.status == 1)
        #expect(misspelt.stderr.contains("Did you mean \(id)?"), "\(misspelt.stderr)")
    }

    @Test func aDotEnvOthersCanReadIsWarnedAboutOnce() async throws {
        let dir = CLITempDir()
        defer { dir.remove() }
        try "APCA_API_KEY_ID=\(Self.keyID)\nAPCA_API_SECRET_KEY=\(Self.secret)\n".write(toFile: dir.file(".env"), atomically: true, encoding: .utf8)
        chmod(dir.file(".env"), 0o644)
        let open = try await RunProcessTests.algobot(["config", "show"], in: dir, workingDirectory: dir.path)
        #expect(open.status == 0, "\(open.stderr)")
        #expect(open.stderr.components(separatedBy: "chmod 600 .env").count == 2, "\(open.stderr)")
        #expect(open.stderr.contains("readable by group or others"))
        chmod(dir.file(".env"), 0o600)
        let closed = try await RunProcessTests.algobot(["config", "show"], in: dir, workingDirectory: dir.path)
        #expect(closed.status == 0)
        #expect(!closed.stderr.contains("chmod"), "\(closed.stderr)")
    }

    @Test func configShowMasksAPasswordInAURL() async throws {
        let dir = CLITempDir()
        defer { dir.remove() }
        let environment = ["APCA_API_BASE_URL": "https://operator:hunter2hunter2@paper-api.alpaca.markets",
                           "LLM_BASE_URL": "https://me:llmpass99@llm.example/v1"]
        for format in ["text", "json"] {
            let shown = try await RunProcessTests.algobot(["config", "show", "--format", format], in: dir, environment: environment,
                                                          workingDirectory: dir.path)
            #expect(shown.status == 0, "\(shown.stderr)")
            #expect(shown.stdout.contains("***@paper-api.alpaca.markets"), "\(shown.stdout)")
            #expect(!shown.stdout.contains("hunter2hunter2") && !shown.stdout.contains("operator:"))
            #expect(!shown.stdout.contains("llmpass99"))
        }
    }
}
