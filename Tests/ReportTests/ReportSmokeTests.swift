import Testing
@testable import Report

@Test func ReportBuilds() { #expect(Bool(true)) }
