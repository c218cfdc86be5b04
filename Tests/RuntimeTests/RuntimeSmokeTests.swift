import Testing
@testable import Runtime

@Test func RuntimeBuilds() { #expect(Bool(true)) }
