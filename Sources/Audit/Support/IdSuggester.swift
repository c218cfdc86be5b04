/// "Did you mean …?" for ids typed by an operator: ids that share a prefix with what was
/// typed, then ids within a small edit distance, nearest first, ties by name.
public enum IdSuggester {
    public static func suggest(for typed: String, among candidates: [String], limit: Int = 3) -> [String] {
        let query = typed.lowercased()
        guard !query.isEmpty else { return Array(candidates.sorted().prefix(limit)) }
        let maxDistance = max(2, query.count / 3)
        var scored: [(score: Int, id: String)] = []
        for id in Set(candidates) {
            let lower = id.lowercased()
            if lower == query {
                scored.append((0, id))
            } else if lower.hasPrefix(query) || query.hasPrefix(lower) {
                scored.append((1 + abs(lower.count - query.count), id))
            } else {
                let d = distance(Array(query.utf8), Array(lower.utf8), limit: maxDistance)
                if d <= maxDistance { scored.append((1 + d, id)) }
            }
        }
        return scored.sorted { $0.score != $1.score ? $0.score < $1.score : $0.id < $1.id }.prefix(limit).map(\.id)
    }

    /// Levenshtein distance, giving up (returning `limit + 1`) once every path exceeds `limit`.
    static func distance(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMin = current[0]
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                rowMin = min(rowMin, current[j])
            }
            if rowMin > limit { return limit + 1 }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
