import Testing
@testable import MarketData

@Test func MarketDataBuilds() { #expect(Bool(true)) }
