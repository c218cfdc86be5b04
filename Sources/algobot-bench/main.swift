import Engine
import Foundation
import MarketData
import Policy
import RuleLanguage

// algobot-bench: the engine against a hand-written loop on the same data.
// Run: swift run -c release algobot-bench [--bars N] [--symbols N --symbol-bars N] [--no-audit-records]
BenchmarkCommand.run(arguments: Array(CommandLine.arguments.dropFirst()))
