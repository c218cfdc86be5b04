import Foundation
import Testing

/// docs/COMPLETIONS.md tells operators to run `algobot completion SHELL` (or ArgumentParser's
/// `algobot --generate-completion-script SHELL`); this runs both on the built binary for each
/// shell it documents.
@Suite struct ScriptsCompletionTests {
    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptIsGenerated(shell: String) async throws {
        let result = try await ScriptsSupport.run(try ScriptsSupport.algobotBinary(), ["completion", shell])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("algobot"))
        for subcommand in ["lint", "backtest", "audit", "explain", "completion"] {
            #expect(result.stdout.contains(subcommand), "\(shell) completions lack '\(subcommand)'")
        }
        let flag = try await ScriptsSupport.run(try ScriptsSupport.algobotBinary(), ["--generate-completion-script", shell])
        #expect(flag.status == 0, "\(flag.output)")
        #expect(flag.stdout == result.stdout, "both spellings print the same script")
    }

    @Test func completionsDocumentNamesEveryShellItTests() throws {
        let doc = try String(contentsOf: ScriptsSupport.packageRoot.appendingPathComponent("docs/COMPLETIONS.md"), encoding: .utf8)
        for shell in ["bash", "zsh", "fish"] {
            #expect(doc.contains("algobot completion \(shell) > "))
        }
    }
}
