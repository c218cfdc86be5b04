import ArgumentParser
import Foundation
import Testing
@testable import AlgobotCLI

/// Every `algobot …` command written in the README, RUNBOOK and docs/ must at least parse
/// (the subcommands, flags and arguments exist); the offline ones are run for real, in
/// order, in a scratch copy of the project, and must succeed. Docs that rot fail here.
@Suite struct DocumentedCommandsTests {
    static let documents = ["README.md", "RUNBOOK.md", "SECURITY.md"] + (try! FileManager.default
        .contentsOfDirectory(atPath: AlgobotBinary.repoRoot.appendingPathComponent("docs").path)
        .filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 })

    /// Subcommands that run offline and quickly; the others (run, sim, approvals, data fetch…)
    /// are covered by their own tests and only parsed here.
    static let runnable: Set<String> = ["lint", "backtest", "eval", "explain", "audit", "config", "data import", "completion", "init", "sweep", "walkforward"]

    struct Command {
        let document: String
        let line: Int
        let words: [String]
    }

    /// `algobot …` lines inside fenced code blocks, comments removed.
    static func commands(in document: String) throws -> [Command] {
        let text = try String(contentsOf: AlgobotBinary.repoRoot.appendingPathComponent(document), encoding: .utf8)
        var inBlock = false, language = ""
        var found: [Command] = []
        for (index, raw) in text.components(separatedBy: "\n").enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("```") {
                inBlock.toggle()
                language = inBlock ? String(line.dropFirst(3)) : ""
                continue
            }
            guard inBlock, ["", "sh", "bash", "shell", "console"].contains(language) else { continue }
            var command = line.hasPrefix("$ ") ? String(line.dropFirst(2)) : line
            if command.hasPrefix("swift run algobot ") { command = String(command.dropFirst("swift run ".count)) }
            guard command.hasPrefix("algobot ") || command == "algobot" else { continue }
            if let comment = command.range(of: "  #") ?? command.range(of: " # ") { command = String(command[..<comment.lowerBound]) }
            // A redirection, a pipe or a trailing `&` belongs to the shell, not to algobot.
            if let shell = command.range(of: " > ") ?? command.range(of: " | ") { command = String(command[..<shell.lowerBound]) }
            if command.hasSuffix(" &") { command.removeLast(2) }
            found.append(Command(document: document, line: index + 1, words: Self.split(command)))
        }
        return found
    }

    /// Shell-like split: spaces separate words; double or single quotes, and a `<placeholder
    /// of several words>`, group them.
    static func split(_ command: String) -> [String] {
        var words: [String] = [], current = "", quote: Character?
        for ch in command {
            if let q = quote {
                if q == "<" { current.append(ch) }
                if ch == (q == "<" ? ">" : q) { quote = nil } else if q != "<" { current.append(ch) }
            } else if ch == "\"" || ch == "'" || ch == "<" {
                quote = ch
                if ch == "<" { current.append(ch) }
            } else if ch == " " {
                if !current.isEmpty { words.append(current); current = "" }
            } else {
                current.append(ch)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    @Test func everyDocumentedCommandParses() throws {
        var total = 0
        for document in Self.documents {
            for command in try Self.commands(in: document) {
                total += 1
                // Placeholders like <id> or [--to D] stand for a value: parse with a stand-in.
                let arguments = command.words.dropFirst().compactMap { word -> String? in
                    if word.hasPrefix("[") || word.hasSuffix("]") { return nil }
                    return word.contains("<") ? "placeholder" : word
                }
                do {
                    _ = try AlgobotCommand.parseAsRoot(Array(arguments))
                } catch {
                    let message = AlgobotCommand.fullMessage(for: error)
                    // `--help` and `--version` "fail" by printing; anything else is a broken doc.
                    if AlgobotCommand.exitCode(for: error) != .success {
                        Issue.record("\(command.document):\(command.line): `\(command.words.joined(separator: " "))` does not parse: \(message)")
                    }
                }
            }
        }
        #expect(total >= 20, "found only \(total) documented commands")
    }

    @Test func offlineDocumentedCommandsRunInOrder() async throws {
        let sandbox = try AlgobotBinary.temporaryDirectory()
        for item in ["strategies", "rules", "data", "schemas", "algobot.yaml"] {
            try FileManager.default.createSymbolicLink(at: sandbox.appendingPathComponent(item),
                                                       withDestinationURL: AlgobotBinary.repoRoot.appendingPathComponent(item))
        }
        var ran = 0
        for document in Self.documents {
            for command in try Self.commands(in: document) {
                let words = Array(command.words.dropFirst())
                guard let first = words.first else { continue }
                let name = first == "data" || first == "audit" || first == "config" ? "\(first) \(words.dropFirst().first ?? "")" : first
                // Files in state/ exist only where a bot has been running: parsed, not run.
                guard Self.runnable.contains(first) || Self.runnable.contains(name),
                      !words.contains(where: { $0.hasPrefix("[") || $0.hasSuffix("]") || $0.hasPrefix("state/") }) else { continue }
                guard let arguments = substitute(words, in: sandbox) else { continue }
                let result = try await AlgobotBinary.run(arguments, in: sandbox)
                ran += 1
                #expect(result.status == 0, """
                    \(command.document):\(command.line): `\(command.words.joined(separator: " "))` exited \(result.status)
                    \(result.stderr.suffix(800))
                    """)
            }
        }
        #expect(ran >= 8, "ran only \(ran) documented commands")
    }

    /// Fills placeholders that the docs' earlier commands make possible (an order id from a
    /// report written just before); nil when the command needs something this test cannot make.
    private func substitute(_ words: [String], in sandbox: URL) -> [String]? {
        var out: [String] = []
        for word in words {
            guard word.contains("<") else { out.append(word); continue }
            guard word.lowercased().contains("order"), let id = latestOrderId(in: sandbox) else { return nil }
            out.append(id)
        }
        return out
    }

    private func latestOrderId(in sandbox: URL) -> String? {
        let reports = (FileManager.default.enumerator(at: sandbox, includingPropertiesForKeys: [.contentModificationDateKey])?
            .compactMap { $0 as? URL } ?? []).filter { $0.pathExtension == "json" && !$0.path.contains("/data/") }
        for report in reports.sorted(by: { $0.path < $1.path }) {
            guard let data = try? Data(contentsOf: report),
                  let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let orders = object["orders"] as? [[String: Any]], let id = orders.first?["order_id"] as? String else { continue }
            return id
        }
        return nil
    }
}
