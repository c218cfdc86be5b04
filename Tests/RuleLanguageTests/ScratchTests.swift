import Testing
import Foundation
@testable import RuleLanguage

@Test func scratch() throws {
    let run = try Linter(knownSymbols: ["SPY", "QQQ"]).lint(paths: ["/tmp/lt"])
    print(run.render(.text))
}
