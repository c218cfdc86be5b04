import Vocabulary

/// The `--json` of `algobot sweep` (and of a shard, which `sweep merge` reads back), and
/// the `--csv`: one row per combination.
extension SweepReport {
    public func json() -> String { jsonValue.serialized() + "\n" }

    var jsonValue: JSONValue {
        let names = header.params.map(\.name)
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
        return .object([
            ("sweep", header.jsonValue),
            ("best", bestValue),
            ("deflated_sharpe", dsrValue),
            ("ranking", .array(ranking.map { .number(Double(records[$0].index)) })),
            ("combinations", .array(records.map { $0.jsonValue(names: names) })),
        ])
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
