import Foundation
import Testing

/// docs/COMPLETIONS.md tells operators to run `algobot --generate-completion-script SHELL`;
/// this runs that exact command on the built binary for each shell it documents.
@Suite struct ScriptsCompletionTests {
    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptIsGenerated(shell: String) throws {
        let result = try ScriptsSupport.run(try ScriptsSupport.algobotBinary(), ["--generate-completion-script", shell])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("algobot"))
        for subcommand in ["lint", "backtest", "audit", "explain"] {
            #expect(result.stdout.contains(subcommand), "\(shell) completions lack '\(subcommand)'")
        }
    }

    @Test func completionsDocumentNamesEveryShellItTests() throws {
        let doc = try String(contentsOf: ScriptsSupport.packageRoot.appendingPathComponent("docs/COMPLETIONS.md"), encoding: .utf8)
        for shell in ["bash", "zsh", "fish"] {
            #expect(doc.contains("algobot --generate-completion-script \(shell)"))
        }
    }
}
