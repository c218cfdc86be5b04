import Testing
@testable import Alpaca

@Test func AlpacaBuilds() { #expect(Bool(true)) }
