import Foundation

public enum AuditExportFormat: String, Sendable, CaseIterable {
    /// One row per record; columns documented on `AuditExporter.csvColumns`.
    case csv
    /// The log's lines verbatim (a filtered export keeps each line's bytes, so each line
    /// still hashes to what its successor in the full log says).
    case jsonl
}

/// Writes an audit log as CSV or JSONL, optionally only the records whose `at` day lies in
/// `from...to` (inclusive, `YYYY-MM-DD`), to a file or standard output. The export also
/// reports the head of the log it read (its last record and that line's hash, whatever the
/// date range), so a copy kept elsewhere comes with the anchor that checks the log later.
public enum AuditExporter {
    /// The CSV columns, in order: seq, at, wall, type, symbol, order_id, client_order_id,
    /// broker_order_id, decision_id, rule, outcome, side, qty, notional, price, status, by,
    /// message. See `CSVRow` for what each holds per record type.
    public static var csvColumns: [String] { CSVRow.columns }

    /// Exports to `outputPath`, or to standard output when it is nil.
    @discardableResult
    public static func export(logPath: String, format: AuditExportFormat, from: String? = nil, to: String? = nil,
                              outputPath: String?) throws -> ExportSummary {
        if let outputPath {
            let folder = (outputPath as NSString).deletingLastPathComponent
            if !folder.isEmpty { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            let file = try PosixFile.openOutput(outputPath)
            defer { file.close() }
            var sink = BufferedSink { try file.writeAll($0) }
            let summary = try export(logPath: logPath, format: format, from: from, to: to, into: &sink)
            try sink.flush()
            try file.sync()
            return summary
        }
        var sink = BufferedSink { bytes in
            try bytes.withUnsafeBytes { buffer in
                if fwrite(buffer.baseAddress, 1, buffer.count, stdout) != buffer.count {
                    throw AuditError.io(path: "standard output", action: "write", reason: PosixFile.errnoText())
                }
            }
        }
        let summary = try export(logPath: logPath, format: format, from: from, to: to, into: &sink)
        try sink.flush()
        fflush(stdout)
        return summary
    }

    /// Exports into any byte sink (tests, the CLI's own streams).
    @discardableResult
    public static func export(logPath: String, format: AuditExportFormat, from: String? = nil, to: String? = nil,
                              into sink: inout some ExportSink) throws -> ExportSummary {
        let range = try DayRange(from: from, to: to)
        var orders: [String: (symbol: String, client: String)] = [:]
        var count = 0
        var last: (seq: Int, bytes: [UInt8])?
        if format == .csv { try sink.write(Array((CSVRow.header + "\r\n").utf8)) }
        try AuditReader(path: logPath).forEachLine { line, record in
            last = (record.seq, line.bytes)
            // Rows outside the range still teach the CSV which symbol an order has.
            let row = format == .csv ? CSVRow(record, orders: &orders) : nil
            guard range.contains(record.at) else { return }
            switch format {
            case .csv: try sink.write(Array((row!.line + "\r\n").utf8))
            case .jsonl: try sink.write(line.bytes + [UInt8(ascii: "\n")])
            }
            count += 1
        }
        let head = last.map { AuditHead(seq: $0.seq, hash: AuditLineCodec.hash($0.bytes)) }
            ?? AuditHead(seq: 0, hash: AuditRecord.genesisHash)
        return ExportSummary(records: count, head: head)
    }
}

/// What an export wrote, and the head of the log it read.
public struct ExportSummary: Sendable, Equatable {
    /// Records written (those in the date range).
    public var records: Int
    /// The log's last record and the hash of its line.
    public var head: AuditHead
}

/// Where exported bytes go.
public protocol ExportSink {
    mutating func write(_ bytes: [UInt8]) throws
}

/// Collects the export in memory.
public struct MemorySink: ExportSink {
    public var bytes: [UInt8] = []
    public init() {}
    public mutating func write(_ bytes: [UInt8]) throws { self.bytes += bytes }
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// Batches small writes into 64 KiB blocks.
struct BufferedSink: ExportSink {
    private var buffer: [UInt8] = []
    private let emit: ([UInt8]) throws -> Void

    init(_ emit: @escaping ([UInt8]) throws -> Void) {
        self.emit = emit
    }

    mutating func write(_ bytes: [UInt8]) throws {
        buffer += bytes
        if buffer.count >= 1 << 16 { try flush() }
    }

    mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        try emit(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

/// An inclusive range of `at` days; either end may be open.
struct DayRange {
    var from: String?
    var to: String?

    init(from: String?, to: String?) throws {
        for text in [from, to].compactMap({ $0 }) {
            guard text.count == 10, let time = ISOTime(text), time.isDateOnly else {
                throw AuditError.badDate(text: text, expected: "a day like 2024-03-08 (YYYY-MM-DD)")
            }
        }
        self.from = from
        self.to = to
    }

    func contains(_ at: String) -> Bool {
        let day = String(at.prefix(10))
        if let from, day < from { return false }
        if let to, day > to { return false }
        return true
    }
}
