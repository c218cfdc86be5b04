import Testing
@testable import AlpacaSimulator

@Test func AlpacaSimulatorBuilds() { #expect(Bool(true)) }
