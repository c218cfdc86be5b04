import Testing
@testable import AlgobotCLI

@Test func cliBuilds() { #expect(Bool(true)) }
