/// "Did you mean …?" for a name the linter does not know (`closest`) and for an id an
/// operator typed (`ranked`), with one distance: Levenshtein with a swap of two neighbouring
/// characters counted as one edit (optimal string alignment), ignoring case.
public enum Suggestions {
    /// The closest candidate, if it is close enough to be a plausible typo rather than a
    /// different word; ties go to the alphabetically first.
    public static func closest<S: Sequence>(to word: String, in candidates: S) -> String? where S.Element == String {
        let lowered = word.lowercased()
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let d = distance(lowered, candidate.lowercased())
            if best == nil || d < best!.distance || (d == best!.distance && candidate < best!.name) {
                best = (candidate, d)
            }
        }
        guard let best else { return nil }
        let limit = max(1, min(3, (word.count + 1) / 3))
        return best.distance <= limit ? best.name : nil
    }

    /// Up to `limit` ids for what an operator typed: the same id in other case first, then
    /// ids that start with what was typed (or that it starts with), then ids within a small
    /// distance; nearer first, ties by id. Nothing typed lists the first ids.
    public static func ranked(for typed: String, among candidates: [String], limit: Int = 3) -> [String] {
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
            } else if abs(lower.count - query.count) <= maxDistance {
                let d = distance(query, lower)
                if d <= maxDistance { scored.append((1 + d, id)) }
            }
        }
        return scored.sorted { $0.score != $1.score ? $0.score < $1.score : $0.id < $1.id }.prefix(limit).map(\.id)
    }

    /// Edits (insert, delete, replace, swap two neighbours) between two words, by Unicode scalar.
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous2 = [Int](repeating: 0, count: y.count + 1)
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    value = min(value, previous2[j - 2] + 1)
                }
                current[j] = value
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[y.count]
    }

    /// "a, b or c" for help lines listing allowed values.
    public static func list(_ items: [String], conjunction: String = "or") -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " \(conjunction) " + items.last!
        }
    }
}
