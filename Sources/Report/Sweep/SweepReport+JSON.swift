import Foundation
import Vocabulary

/// The `--json` of `algobot sweep` (and of a shard, which `sweep merge` reads back), and
/// the `--csv`: one row per combination.
extension SweepReport {
    /// The text of `jsonValue` and a newline.
    public func json() -> String {
        String(decoding: jsonBytes(), as: UTF8.self)
    }

    /// `json()`'s UTF-8 bytes.
    public func jsonBytes() -> [UInt8] {
        var out: [UInt8] = []
        writeJSON { out.append(contentsOf: $0) }
        return out
    }

    /// `json()`'s UTF-8 bytes in pieces, each ending between two values, in order: a file
    /// takes them as they are (megabytes for a large sweep: no `String` made of them, and not
    /// put together first). The combinations, nearly all of it, are written a slice per core:
    /// the bytes are those of writing the document in one go.
    public func writeJSON(_ piece: ([UInt8]) -> Void) {
        var head = JSONValue.object(headEntries).bytes()
        // `{ ... \n}`: reopened after the last entry for the combinations, at indent 1.
        head.removeLast(2)
        head.append(contentsOf: ",\n  \"combinations\": ".utf8)
        guard !records.isEmpty else {
            piece(head + "[]\n}\n".utf8)
            return
        }
        head.append(UInt8(ascii: "["))
        piece(head)
        for slice in combinationSlices() { piece(slice) }
        piece(Array("\n  ]\n}\n".utf8))
    }

    /// The document `json()` writes.
    var jsonValue: JSONValue {
        let names = header.params.map(\.name)
        return .object(headEntries + [("combinations", .array(records.map { $0.jsonValue(names: names) }))])
    }

    /// The combinations as the items of an array at indent 1 (each after a comma but the
    /// first, on a line of its own), in a few slices written at once.
    private func combinationSlices() -> [[UInt8]] {
        let names = header.params.map(\.name)
        let records = self.records
        let count = max(1, min(ProcessInfo.processInfo.activeProcessorCount, records.count / 256))
        let slices = UnsafeMutableBufferPointer<[UInt8]>.allocate(capacity: count)
        slices.initialize(repeating: [])
        defer {
            _ = slices.deinitialize()
            slices.deallocate()
        }
        nonisolated(unsafe) let out = slices
        DispatchQueue.concurrentPerform(iterations: count) { s in
            let range = records.count * s / count ..< records.count * (s + 1) / count
            var bytes: [UInt8] = []
            // About 1.9 KB a combination with two params; room reserved and not touched costs
            // nothing, and growing by doubling copies the slice again and again.
            bytes.reserveCapacity(range.count * 2048)
            let writer = SweepJSONWriter()
            for i in range {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                bytes.append(contentsOf: "\n    ".utf8)
                writer.write(records[i].jsonValue(names: names), into: &bytes, indent: 2)
            }
            out[s] = bytes
        }
        return Array(slices)
    }

    /// Every entry of the document but the combinations.
    private var headEntries: [(String, JSONValue)] {
        let bestValue: JSONValue = best.map { b in
            .object([
                ("index", .number(Double(b.index))),
                ("params", .object(b.params.map { ($0.name, .number($0.value)) })),
                ("metric", .string(header.metric)),
                ("value", b.figure(header.metric).map(JSONValue.number) ?? .null),
                ("combinations_tried", .number(Double(count))),
                ("neighbours", .number(Double(neighbours.count))),
                ("neighbours_median", .rounded(neighbours.median, 4)),
            ])
        } ?? .null
        let dsrValue: JSONValue = deflatedSharpe.map { d in
            .object([
                ("probability", .rounded(d.probability, 4)),
                ("trials", .number(Double(d.trials))),
                ("expected_max_sharpe_per_bar", .rounded(d.expectedMaxSharpe, 6)),
                ("sharpe_per_bar", .rounded(best?.record.returns.sharpe, 6)),
            ])
        } ?? .null
        return [
            ("sweep", header.jsonValue),
            ("best", bestValue),
            ("deflated_sharpe", dsrValue),
            ("ranking", .array(ranking.map { .number(Double(records[$0].index)) })),
        ]
    }

    /// `index`, the params, then every summary figure and the objections; empty for none.
    public func csv() -> String {
        let names = header.params.map(\.name)
        let keys = records.first.map { r -> [String] in
            guard case .object(let entries) = r.summary else { return [] }
            return entries.map(\.0)
        } ?? []
        var out = (["index"] + names + keys + ["objections"]).joined(separator: ",") + "\n"
        for r in records {
            var cells = [String(r.index)] + r.values.map { JSONValue.number($0).serialized() }
            if case .object(let entries) = r.summary {
                cells += entries.map { _, value in
                    switch value {
                    case .null: return ""
                    case .string(let s): return s
                    default: return value.serialized()
                    }
                }
            }
            cells.append(String(r.objections))
            out += cells.joined(separator: ",") + "\n"
        }
        return out
    }
}
