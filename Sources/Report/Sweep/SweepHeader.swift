import Vocabulary

/// What a sweep ran: the files, the span, the params and their values, the condition, the
/// ranking and which shard. Written at the top of the JSON; `sweep merge` checks that its
/// parts agree on every field but the shard.
public struct SweepHeader: Sendable, Equatable {
    public let strategy: String
    public let strategyFile: String
    public let symbols: [String]
    public let policy: String
    public let policyFile: String
    public let data: String
    public let from: String?
    public let to: String?
    public let params: [SweepParam]
    public let condition: String?
    public let metric: String
    public let top: Int
    /// Combinations after `--where`, in all shards.
    public let combinations: Int
    public let shard: SweepShard?

    package init(strategy: String, strategyFile: String, symbols: [String], policy: String, policyFile: String, data: String,
                 from: String?, to: String?, params: [SweepParam], condition: String?, metric: String, top: Int, combinations: Int,
                 shard: SweepShard?) {
        self.strategy = strategy
        self.strategyFile = strategyFile
        self.symbols = symbols
        self.policy = policy
        self.policyFile = policyFile
        self.data = data
        self.from = from
        self.to = to
        self.params = params
        self.condition = condition
        self.metric = metric
        self.top = top
        self.combinations = combinations
        self.shard = shard
    }

    func with(shard: SweepShard?) -> SweepHeader {
        SweepHeader(strategy: strategy, strategyFile: strategyFile, symbols: symbols, policy: policy, policyFile: policyFile, data: data,
                    from: from, to: to, params: params, condition: condition, metric: metric, top: top, combinations: combinations,
                    shard: shard)
    }

    /// The files, span, params, condition and metric: the keys a sweep's JSON and a
    /// walk-forward's (which sweeps each train span) open with.
    var searchPairs: [(String, JSONValue)] {
        [
            ("strategy", .object([("name", .string(strategy)), ("file", .string(strategyFile)),
                                  ("symbols", .array(symbols.map(JSONValue.string)))])),
            ("policy", .object([("name", .string(policy)), ("file", .string(policyFile))])),
            ("data", .string(data)),
            ("from", from.map(JSONValue.string) ?? .null),
            ("to", to.map(JSONValue.string) ?? .null),
            ("params", .array(params.map { .object([("name", .string($0.name)), ("values", .array($0.values.map(JSONValue.number)))]) })),
            ("where", condition.map(JSONValue.string) ?? .null),
            ("metric", .string(metric)),
        ]
    }

    var jsonValue: JSONValue {
        .object(searchPairs + [
            ("top", .number(Double(top))),
            ("combinations", .number(Double(combinations))),
            ("shard", shard.map { .object([("index", .number(Double($0.index))), ("count", .number(Double($0.count)))]) } ?? .null),
        ])
    }
}
