import ArgumentParser
import Foundation
import Report

struct SweepMergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the partial JSON files of 'algobot sweep --shard I/N' into exactly the unsharded sweep's output.")

    @Argument(help: "The partial JSON files, one per shard.", completion: PathCompletion.jsonFile)
    var parts: [String] = []

    @Option(help: "Write the merged JSON to this file.", completion: PathCompletion.jsonFile)
    var json: String?

    @Option(help: "Write one row per combination as CSV.")
    var csv: String?

    @Option(help: "Write a self-contained HTML page.", completion: PathCompletion.htmlFile)
    var html: String?

    func validate() throws {
        if parts.isEmpty { throw ValidationError("give the partial JSON files, e.g. algobot sweep merge out/part-*.json") }
    }

    func run() throws {
        try Console.run {
            let report: SweepReport
            do {
                report = try SweepMerge.merge(parts.map { path in
                    guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                        throw CLIFailure("algobot sweep merge: \(path): cannot read the file")
                    }
                    return (path, text)
                })
            } catch let error as SweepError {
                throw CLIFailure("algobot sweep merge: \(error.message)")
            }
            try SweepRunCommand.write(report, json: json, csv: csv, html: html)
        }
    }
}
