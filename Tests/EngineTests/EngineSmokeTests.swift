import Testing
@testable import Engine

@Test func EngineBuilds() { #expect(Bool(true)) }
