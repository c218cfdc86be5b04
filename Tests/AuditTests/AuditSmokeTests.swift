import Testing
@testable import Audit

@Test func AuditBuilds() { #expect(Bool(true)) }
