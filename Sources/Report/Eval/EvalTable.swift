import Audit
import Foundation
import Vocabulary

/// The values `algobot eval` shows: a row per bar, a column per expression (one, or each
/// part of a rule's condition and the whole), as a table for people, CSV or JSON. Numbers
/// are written in full (the shortest text that reads back as the same double); a bar with
/// no value (warm-up, or no value at all) shows nothing (CSV, table) or null (JSON);
/// conditions show true or false.
public struct EvalTable: Sendable {
    public enum Format: String, Sendable, CaseIterable { case table, csv, json }

    public enum Title: Sendable, Equatable {
        /// One expression: CSV `time,value`.
        case expression
        /// A rule's condition: its parts, then the whole under the rule's id.
        case rule(file: String, id: String)
    }

    public let title: Title
    public let symbol: String
    /// Each column's expression (params as numbers) and whether it is a condition.
    public let columns: [(text: String, isCondition: Bool)]
    public let times: [String]
    /// `values[column][row]`; NaN is no value; conditions are 1 or 0.
    public let values: [[Double]]

    package init(title: Title, symbol: String, columns: [(text: String, isCondition: Bool)], times: [String], values: [[Double]]) {
        self.title = title
        self.symbol = symbol
        self.columns = columns
        self.times = times
        self.values = values
    }

    /// Column headers: `value` for one expression; each part's text and the rule id.
    public var headers: [String] {
        switch title {
        case .expression: return ["value"]
        case .rule(_, let id): return columns.dropLast().map(\.text) + [id]
        }
    }

    /// The text of a cell; nil when it has no value.
    public func cell(column c: Int, row r: Int) -> String? {
        let v = values[c][r]
        guard !v.isNaN else { return nil }
        return columns[c].isCondition ? (v != 0 ? "true" : "false") : Money.plain(v)
    }

    public func render(_ format: Format) -> String {
        switch format {
        case .table: return table()
        case .csv: return csv()
        case .json: return json()
        }
    }

    private func csv() -> String {
        var out = (["time"] + headers).map(Self.csvField).joined(separator: ",") + "\n"
        for r in times.indices {
            out += times[r]
            for c in columns.indices { out += "," + (cell(column: c, row: r) ?? "") }
            out += "\n"
        }
        return out
    }

    /// RFC 4180: a field with a comma, quote or line break goes in quotes, quotes doubled.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private func table() -> String {
        let header = ["time"] + (title == .expression ? [columns.first?.text ?? "value"] : headers)
        var rows = [header]
        for r in times.indices { rows.append([times[r]] + columns.indices.map { cell(column: $0, row: r) ?? "" }) }
        let widths = header.indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        var out = ""
        for row in rows {
            var line = row[0].padding(toLength: widths[0], withPad: " ", startingAt: 0)
            for c in 1..<row.count { line += "  " + String(repeating: " ", count: widths[c] - row[c].count) + row[c] }
            out += line + "\n"
        }
        return out
    }

    private func json() -> String {
        func value(_ c: Int, _ r: Int) -> JSONValue {
            let v = values[c][r]
            guard !v.isNaN else { return .null }
            return columns[c].isCondition ? .bool(v != 0) : .number(v)
        }
        var document: [(String, JSONValue)]
        switch title {
        case .expression:
            document = [("expression", .string(columns.first?.text ?? "")), ("symbol", .string(symbol)),
                        ("type", .string(columns.first?.isCondition == true ? "condition" : "number"))]
            document.append(("rows", .array(times.indices.map { r in .object([("time", .string(times[r])), ("value", value(0, r))]) })))
        case .rule(let file, let id):
            document = [("strategy", .string(file)), ("rule", .string(id)), ("symbol", .string(symbol)),
                        ("columns", .array(columns.map { .string($0.text) }))]
            document.append(("rows", .array(times.indices.map { r in
                .object([("time", .string(times[r])), ("values", .array(columns.indices.map { value($0, r) }))])
            })))
        }
        return JSONValue.object(document).serialized() + "\n"
    }
}
