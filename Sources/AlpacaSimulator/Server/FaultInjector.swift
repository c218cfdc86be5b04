/// Decides, request by request, whether a fault rule hits. Deterministic: the outcome depends
/// only on the plan (with its seed) and the sequence of requests each rule matched.
struct FaultInjector {
    private(set) var plan: FaultPlan
    private var matched: [Int]
    private var hits: [Int]
    private var generators: [SeededGenerator]
    private(set) var fired: [FiredFault] = []

    init(plan: FaultPlan) {
        self.plan = plan
        matched = Array(repeating: 0, count: plan.rules.count)
        hits = Array(repeating: 0, count: plan.rules.count)
        generators = plan.rules.indices.map { SeededGenerator(seed: plan.seed, label: "fault-rule-\($0)") }
    }

    /// Counts the request against every matching rule and returns the first rule that hits.
    mutating func decide(method: String, path: String, requestNumber: Int) -> FaultRule? {
        var chosen: FaultRule?
        for index in plan.rules.indices {
            let rule = plan.rules[index]
            guard rule.matches(method: method, path: path) else { continue }
            matched[index] += 1
            guard rule.inRange(matched[index]) else { continue }
            // Draw for every in-range request so one rule's hits never depend on another rule.
            let roll = generators[index].nextUnit()
            guard chosen == nil else { continue }
            if let max = rule.maxFires, hits[index] >= max { continue }
            if let p = rule.probability, roll >= p { continue }
            hits[index] += 1
            fired.append(FiredFault(rule: index, kind: rule.kind, requestNumber: requestNumber, method: method, path: path))
            chosen = rule
        }
        return chosen
    }
}
