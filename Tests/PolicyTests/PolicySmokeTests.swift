import Testing
@testable import Policy

@Test func PolicyBuilds() { #expect(Bool(true)) }
