import RuleLanguage
import Vocabulary

/// Reads the parts of a sweep's JSON back (`sweep merge`): the header and the records, each
/// problem named with the file and the field.
struct SweepJSONReader {
    let path: String

    private func fail(_ what: String) -> SweepError {
        SweepError(message: "\(path): \(what); is it a file written by 'algobot sweep --json'?")
    }

    private func number(_ node: YAMLNode?, _ field: String) throws -> Double {
        guard let n = node?.number else { throw fail("\(field) is not a number") }
        return n
    }

    private func integer(_ node: YAMLNode?, _ field: String) throws -> Int {
        let n = try number(node, field)
        guard n >= 0, n < 1e15, n == n.rounded() else { throw fail("\(field) is not a whole number") }
        return Int(n)
    }

    private func string(_ node: YAMLNode?, _ field: String) throws -> String {
        guard let s = node?.string else { throw fail("\(field) is not text") }
        return s
    }

    private func optionalString(_ node: YAMLNode?, _ field: String) throws -> String? {
        if case .null = node?.value { return nil }
        return try string(node, field)
    }

    func header(_ node: YAMLNode?) throws -> SweepHeader {
        guard let node, node.entries != nil else { throw fail("no sweep object") }
        let params = try (node["params"]?.items ?? []).map { p in
            SweepParam(name: try string(p["name"], "sweep.params.name"),
                       values: try (p["values"]?.items ?? []).map { try number($0, "sweep.params.values") })
        }
        var shard: SweepShard?
        if let s = node["shard"], s.entries != nil {
            shard = SweepShard(index: try integer(s["index"], "sweep.shard.index"), count: try integer(s["count"], "sweep.shard.count"))
        }
        return SweepHeader(strategy: try string(node["strategy"]?["name"], "sweep.strategy.name"),
                           strategyFile: try string(node["strategy"]?["file"], "sweep.strategy.file"),
                           symbols: try (node["strategy"]?["symbols"]?.items ?? []).map { try string($0, "sweep.strategy.symbols") },
                           policy: try string(node["policy"]?["name"], "sweep.policy.name"),
                           policyFile: try string(node["policy"]?["file"], "sweep.policy.file"),
                           data: try string(node["data"], "sweep.data"),
                           from: try optionalString(node["from"], "sweep.from"), to: try optionalString(node["to"], "sweep.to"),
                           params: params, condition: try optionalString(node["where"], "sweep.where"),
                           metric: try string(node["metric"], "sweep.metric"), top: try integer(node["top"], "sweep.top"),
                           combinations: try integer(node["combinations"], "sweep.combinations"), shard: shard)
    }

    func records(_ node: YAMLNode?, header: SweepHeader) throws -> [SweepRecord] {
        guard let items = node?.items else { throw fail("no combinations list") }
        return try items.map { item in
            let params = item["params"]?.entries ?? []
            guard params.map(\.key) == header.params.map(\.name) else { throw fail("a combination's params are not \(header.params.map(\.name))") }
            let returns = item["returns"]
            func optional(_ key: String) throws -> Double? {
                if case .null = returns?[key]?.value { return nil }
                return try number(returns?[key], "returns.\(key)")
            }
            return SweepRecord(index: try integer(item["index"], "index"), values: try params.map { try number($0.value, "params") },
                               summary: try value(item["summary"]), violations: try value(item["violations"]),
                               returns: ReturnMoments(observations: try integer(returns?["observations"], "returns.observations"),
                                                      sharpe: try optional("sharpe"), skewness: try optional("skewness"),
                                                      kurtosis: try optional("kurtosis")))
        }
    }

    /// A JSON object as written (key order kept), for the parts passed through unchanged.
    private func value(_ node: YAMLNode?) throws -> JSONValue {
        guard let node else { throw fail("a combination lacks its summary or violations") }
        switch node.value {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let n): return .number(n)
        case .string(let s): return .string(s)
        case .sequence(let items): return .array(try items.map { try value($0) })
        case .mapping(let entries): return .object(try entries.map { ($0.key, try value($0.value)) })
        }
    }
}
