import Foundation
import Testing
@testable import AlgobotCLI

/// `algobot completion bash|zsh|fish` prints a script that completes paths where a command
/// reads or writes a file, and the allowed words where an option takes one of a few. The bash
/// script is also run for real: bash asks it what Tab offers, as it would in a terminal.
@Suite struct CompletionCommandTests {
    static func script(_ shell: String) async throws -> String {
        let result = try await AlgobotBinary.run(["completion", shell])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout
    }

    @Test func bashScriptCompletesPolicyFilesAndTimeframes() async throws {
        let bash = await try Self.script("bash")
        #expect(bash.contains("complete -o filenames -F _algobot algobot"))
        // --policy: YAML files and folders (to walk into); --timeframe: the six timeframes.
        #expect(bash.contains("""
            '--policy')
                    __algobot_add_completions -o plusdirs -fX '!*.@(yaml|yml)'
            """))
        #expect(bash.contains("""
            '--timeframe')
                    __algobot_add_completions -W '1Min'$'\\n''5Min'$'\\n''15Min'$'\\n''30Min'$'\\n''1Hour'$'\\n''1Day'
            """))
        #expect(bash.contains("""
            '--state')
                    __algobot_add_completions -d
            """))
    }

    /// What bash offers after `line` (the last word is the one being completed), in `directory`.
    static func bashOffers(_ line: String, in directory: String, script: String) async throws -> [String] {
        let words = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let quoted = words.map { "'\($0)'" }.joined(separator: " ")
        let program = """
            source "$1"
            COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count - 1)
            COMP_LINE='\(line)'; COMP_POINT=${#COMP_LINE}
            _algobot algobot '\(words[words.count - 1])' '\(words[words.count - 2])'
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let scriptFile = directory + "/algobot.bash"
        try script.write(toFile: scriptFile, atomically: true, encoding: .utf8)
        let result = try await ScriptsSupport.run("/bin/bash", ["-c", program, "bash", scriptFile], directory: URL(fileURLWithPath: directory))
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.split(separator: "\n").map(String.init).sorted()
    }

    @Test func bashOffersOnlyYAMLFilesForAPolicyAndTheWordsOfAnEnum() async throws {
        let dir = CLITempDir()
        defer { dir.remove() }
        try FileManager.default.createDirectory(atPath: dir.file("rules/old"), withIntermediateDirectories: true)
        for name in ["rules/limits.yaml", "rules/strict.yml", "rules/notes.txt", "report.json"] {
            FileManager.default.createFile(atPath: dir.file(name), contents: Data())
        }
        let bash = await try Self.script("bash")
        await #expect(try Self.bashOffers("algobot backtest --policy rules/", in: dir.path, script: bash)
                == ["rules/limits.yaml", "rules/old", "rules/strict.yml"])
        await #expect(try Self.bashOffers("algobot run --strategy rules/l", in: dir.path, script: bash) == ["rules/limits.yaml"])
        await #expect(try Self.bashOffers("algobot data fetch --timeframe 1", in: dir.path, script: bash) == ["15Min", "1Day", "1Hour", "1Min"])
        await #expect(try Self.bashOffers("algobot run --broker ", in: dir.path, script: bash) == ["alpaca", "sim"])
        await #expect(try Self.bashOffers("algobot lint --format j", in: dir.path, script: bash) == ["json"])
        await #expect(try Self.bashOffers("algobot backtest --advisor t", in: dir.path, script: bash) == ["template"])
        await #expect(try Self.bashOffers("algobot status --state r", in: dir.path, script: bash) == ["rules"])
        await #expect(try Self.bashOffers("algobot backtest --json r", in: dir.path, script: bash) == ["report.json", "rules"])
    }

    @Test func fishAndZshScriptsCompletePathsToo() async throws {
        let fish = await try Self.script("fish")
        #expect(fish.contains("complete -c 'algobot'"))
        #expect(fish.contains("-l 'policy'"))
        #expect(fish.contains(#"set -l exts \'yaml\' \'yml\'"#), "fish completes --policy with YAML files")
        #expect(fish.contains("-rfka '1Min 5Min 15Min 30Min 1Hour 1Day'"), "fish offers the timeframes")
        let zsh = await try Self.script("zsh")
        #expect(zsh.contains("#compdef algobot"))
        #expect(zsh.contains(#":policy:_files -g '\''*.yaml *.yml'\''"#), "zsh completes --policy with YAML files")
        #expect(zsh.contains("___timeframe=('1Min' '5Min' '15Min' '30Min' '1Hour' '1Day')"), "zsh offers the timeframes")
    }

    @Test func completionIsListedInHelpAndRefusesAnUnknownShell() async throws {
        let help = try await AlgobotBinary.run(["--help"])
        #expect(help.stdout.contains("completion"), "\(help.stdout)")
        let unknown = try await AlgobotBinary.run(["completion", "powershell"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("bash"), "\(unknown.stderr)")
    }

    /// The timeframes offered are the ones a strategy may declare.
    @Test func timeframesAreTheStrategySchemasTimeframes() throws {
        let data = try Data(contentsOf: AlgobotBinary.repoRoot.appendingPathComponent("schemas/strategy.schema.json"))
        let schema = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let properties = try #require(schema["properties"] as? [String: Any])
        let timeframe = try #require(properties["timeframe"] as? [String: Any])
        #expect(timeframe["enum"] as? [String] == PathCompletion.timeframes)
    }
}
