import Bench
import Foundation

// algobot-bench: the engine against a hand-written loop on the same data (see docs/BACKTEST.md, "Speed").
// Run: swift run -c release algobot-bench [--bars N] [--symbols N --symbol-bars N] [--no-audit-records]
switch BenchmarkOptions.parse(Array(CommandLine.arguments.dropFirst())) {
case .run(let options):
    BenchmarkCommand.keepFreedMemory()
    if !BenchmarkCommand.run(options) { exit(1) }
case .help:
    print(BenchmarkOptions.usage)
case .invalid(let message):
    FileHandle.standardError.write(Data("algobot-bench: \(message)\n\(BenchmarkOptions.usage)\n".utf8))
    exit(2)
}
