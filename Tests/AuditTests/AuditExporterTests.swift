import Foundation
import Testing
@testable import Audit

@Suite struct AuditExporterTests {
    @Test func csvHasTheDocumentedColumnsAndOneRowPerRecord() throws {
        let dir = TempDir()
        let path = dir.file("audit.jsonl")
        try Sample.makeLog(at: path)
        var sink = MemorySink()
        let summary = try AuditExporter.export(logPath: path, format: .csv, into: &sink)
        #expect(summary.records == 16)
        let rows = sink.text.components(separatedBy: "\r\n").dropLast()
        #expect(rows.count == 17)
        #expect(rows[0] == "seq,at,wall,type,symbol,order_id,client_order_id,broker_order_id,decision_id,rule,outcome,"
            + "side,qty,notional,price,status,by,message")
        #expect(rows[2] == "2,2024-03-08,,decision,SPY,o-000001,sma-crossover-SPY-20240308-enter-long,,"
            + "bt-0301-SPY-2024-03-08-enter-long,enter-long,allow,buy,24,,401.23,,,All 5 policy checks passed.")
        #expect(rows[5] == "5,2024-03-11,,fill,SPY,o-000001,sma-crossover-SPY-20240308-enter-long,bt-000001,,,,buy,24,,402.1,"
            + "fill,,commission 0")
        // The order update inherits the symbol from its order.
        #expect(rows[6].hasPrefix("6,2024-03-11,,order_update,SPY,o-000001,"))
        // A comma in the reason means quotes (RFC 4180).
        #expect(rows[7].hasSuffix(",block,buy,205,,441.87,,,\"max_position_per_symbol blocks the order: position after order "
            + "$90,583.35 > limit $25,000.00.\""))
        #expect(rows[12].contains(",approval,SPY,o-000003,") && rows[12].contains(",allow,,,,,approved,alice,within the April plan"))
    }

    @Test func rfc4180Quoting() {
        #expect(CSVRow.quote("plain") == "plain")
        #expect(CSVRow.quote("a,b") == "\"a,b\"")
        #expect(CSVRow.quote("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVRow.quote("two\nlines") == "\"two\nlines\"")
    }

    @Test func jsonlIsTheLinesVerbatim() throws {
        let dir = TempDir()
        let path = dir.file("audit.jsonl")
        try Sample.makeLog(at: path)
        let out = dir.file("export/all.jsonl")
        #expect(try AuditExporter.export(logPath: path, format: .jsonl, outputPath: out).records == 16)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(contentsOf: URL(fileURLWithPath: path)))
    }

    @Test func theExportNamesTheHeadOfTheWholeLog() throws {
        let dir = TempDir()
        let path = dir.file("audit.jsonl")
        let written = try Sample.makeLog(at: path)
        let lastLine = try #require(try dir.lines("audit.jsonl").last)
        let head = AuditHead(seq: 16, hash: AuditLineCodec.hash(Array(lastLine.utf8)))
        var all = MemorySink(), march = MemorySink()
        #expect(try AuditExporter.export(logPath: path, format: .jsonl, into: &all).head == head)
        // A filtered export still names the log's own head, the one `verify --expect-head` checks.
        #expect(try AuditExporter.export(logPath: path, format: .csv, from: "2024-03-08", to: "2024-03-11", into: &march).head == head)
        #expect(try AuditVerifier.verify(path: path).head == head)
        #expect(written.count == 16)
        #expect(head.text == "16:" + head.hash)
    }

    @Test func dateFiltersAreInclusiveDays() throws {
        let dir = TempDir()
        let path = dir.file("audit.jsonl")
        try Sample.makeLog(at: path)
        let lines = try dir.lines("audit.jsonl")

        var march = MemorySink()
        #expect(try AuditExporter.export(logPath: path, format: .jsonl, from: "2024-03-08", to: "2024-03-11", into: &march).records == 5)
        #expect(march.text == lines[1...5].joined(separator: "\n") + "\n")

        var april = MemorySink()
        #expect(try AuditExporter.export(logPath: path, format: .csv, from: "2024-04-02", into: &april).records == 8)
        let rows = april.text.components(separatedBy: "\r\n").dropLast()
        #expect(rows.count == 9)
        #expect(rows[1].hasPrefix("9,2024-04-02T13:30:00Z,2024-04-02T13:30:00Z,run_start,"))

        var upTo = MemorySink()
        #expect(try AuditExporter.export(logPath: path, format: .csv, to: "2024-03-01", into: &upTo).records == 1)
    }

    @Test func badDatesAreRefusedInPlainWords() throws {
        let dir = TempDir()
        let path = dir.file("audit.jsonl")
        try Sample.makeLog(at: path)
        var sink = MemorySink()
        #expect(throws: AuditError.badDate(text: "03/08/2024", expected: "a day like 2024-03-08 (YYYY-MM-DD)")) {
            try AuditExporter.export(logPath: path, format: .csv, from: "03/08/2024", into: &sink)
        }
    }

    @Test func aBrokenLineStopsTheExportWithItsNumber() throws {
        let dir = TempDir()
        let path = dir.file("audit.jsonl")
        try Sample.makeLog(at: path)
        var lines = try dir.lines("audit.jsonl")
        lines[2] = "not json"
        try dir.write("audit.jsonl", lines: lines)
        var sink = MemorySink()
        #expect {
            try AuditExporter.export(logPath: path, format: .csv, into: &sink)
        } throws: { error in
            guard case let AuditError.unreadableLine(_, line, _) = error else { return false }
            return line == 3
        }
    }
}
