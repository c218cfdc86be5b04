/// SplitMix64: small, fast and the same on every platform, so a mutant is reproducible
/// from its number alone.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Breaks YAML files the ways people and editors do (and some ways nobody would), at the
/// byte level so that invalid UTF-8 and NUL bytes are possible.
struct YAMLMutator {
    var rng: SeededGenerator

    enum Kind: CaseIterable {
        case deleteLine, duplicateLine, swapLines, insertBytes, truncate, reindent, replaceInCondition,
             longLine, deepNesting, flipByte, lineBreaks, duplicateBlock
    }

    static let noise: [[UInt8]] = ([
        "\0", "\t", ":", ": ", "&", "&a ", "*", "*a", "[", "]", "{", "}", "\"", "'", "#", "- ", "-", "!", "!!str ", "|", ">",
        "%", "@", "`", ",", "?", "---\n", "...", "\n", "\r", "\r\n", " ", "    ", "é", "€", "𝄞", "\u{200B}", "\u{2028}",
        "\u{85}", "\u{FEFF}", "ß", "日本", "🙂", "0x", "1e999", "1e300", "-1e300", "-", ".inf", "~", "null", "true", "<<: ",
    ] as [String]).map { Array($0.utf8) }

    static let tokens = [
        "(", ")", "[", "]", ",", "+", "-", "*", "/", "<", "<=", ">", ">=", "==", "!=", "=", "&&", "||", "!", "%", "**",
        "and", "or", "not", "in", "close", "open", "high", "low", "volume", "position", "equity", "cash", "price",
        "symbol", "side", "qty", "notional", "reduces_position", "drawdown_today", "sma", "ema", "rsi", "highest",
        "lowest", "abs", "min", "max", "crosses_above", "crosses_below", "fast", "slow", "true", "false", "x",
        "0", "1", "-1", "0.5", "2.5", "1e3", "1e999", "1e300", "5000", "5001", "10000", "99999999999999999999", ".5", "1.2.3",
        "\"SPY\"", "'buy'", "\"", "'", "[\"SPY\", \"QQQ\"]", "close[1]", "close[-1]", "sma(close)", "sma(close, 0)",
        "é", "𝄞", "\t", "",
    ]

    init(seed: UInt64) { rng = SeededGenerator(seed: seed) }

    mutating func int(_ upper: Int) -> Int { upper <= 0 ? 0 : Int.random(in: 0..<upper, using: &rng) }
    mutating func chance(_ percent: Int) -> Bool { int(100) < percent }

    /// One to three mutations of `bytes`.
    mutating func mutate(_ bytes: [UInt8]) -> (bytes: [UInt8], kinds: [Kind]) {
        var out = bytes
        var kinds: [Kind] = []
        for _ in 0..<(1 + int(3)) {
            let kind = Kind.allCases[int(Kind.allCases.count)]
            kinds.append(kind)
            out = apply(kind, to: out)
        }
        return (out, kinds)
    }

    private static func lines(_ bytes: [UInt8]) -> [[UInt8]] {
        bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
    }

    private static func join(_ lines: [[UInt8]]) -> [UInt8] {
        Array(lines.joined(separator: [0x0A]))
    }

    mutating func apply(_ kind: Kind, to bytes: [UInt8]) -> [UInt8] {
        var lines = Self.lines(bytes)
        let n = lines.count
        switch kind {
        case .deleteLine:
            if n > 1 { lines.remove(at: int(n)) }
        case .duplicateLine:
            let i = int(n)
            lines.insert(lines[i], at: int(n + 1))
        case .swapLines:
            let i = int(n), j = int(n)
            lines.swapAt(i, j)
        case .insertBytes:
            var out = bytes
            for _ in 0..<(1 + int(4)) {
                let piece = chance(80) ? Self.noise[int(Self.noise.count)] : [UInt8(truncatingIfNeeded: int(256))]
                out.insert(contentsOf: piece, at: int(out.count + 1))
            }
            return out
        case .truncate:
            return Array(bytes.prefix(int(bytes.count + 1)))
        case .reindent:
            let i = int(n)
            let body = lines[i].drop { $0 == 0x20 }
            let indent = chance(20) ? [UInt8(0x09)] : [UInt8](repeating: 0x20, count: int(9))
            lines[i] = indent + body
        case .replaceInCondition:
            return replaceToken(in: lines)
        case .longLine:
            let i = int(n)
            let unit = Array(([" close +", "a", "é", "[1, ", "x: ", " and close > open"] as [String])[int(6)].utf8)
            lines[i] += Self.repeated(unit, 200 + int(2_000))
        case .deepNesting:
            let depth = [10, 40, 63, 65, 200, 1_000, 5_000][int(7)]
            let (open, close): ([UInt8], [UInt8]) = [(Array("(".utf8), Array(")".utf8)), (Array("[".utf8), Array("]".utf8)),
                                                     (Array("{a: ".utf8), Array("}".utf8)), (Array("not ".utf8), []),
                                                     (Array("-".utf8), []), (Array("abs(".utf8), Array(")".utf8)),
                                                     (Array("close + ".utf8), [])][int(7)]
            let nested = Self.repeated(open, depth) + Array("close".utf8) + (chance(80) ? Self.repeated(close, depth) : [])
            let i = Self.conditionLines(lines).randomElement(using: &rng) ?? int(n)
            lines[i] = Array("    when: ".utf8) + nested + (chance(50) ? Array(" > 1".utf8) : [])
        case .flipByte:
            guard !bytes.isEmpty else { return [0xFF] }
            var out = bytes
            out[int(out.count)] ^= UInt8(truncatingIfNeeded: 1 << int(8))
            return out
        case .lineBreaks:
            let breaks: [[UInt8]] = [[0x0D, 0x0A], [0x0D], Array("\u{2028}".utf8), Array("\u{85}".utf8)]
            let style = breaks[int(breaks.count)]
            return Array(lines.joined(separator: style))
        case .duplicateBlock:
            let i = int(n), length = 1 + int(6)
            let block = lines[i..<min(n, i + length)]
            lines.insert(contentsOf: block, at: int(n + 1))
        }
        return Self.join(lines)
    }

    private static func conditionLines(_ lines: [[UInt8]]) -> [Int] {
        lines.indices.filter { String(decoding: lines[$0], as: UTF8.self).contains("when:") }
    }

    /// `unit` written `count` times (a plain loop: debug builds are slow with lazy joins).
    private static func repeated(_ unit: [UInt8], _ count: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(unit.count * count)
        for _ in 0..<count { out.append(contentsOf: unit) }
        return out
    }

    /// Replaces one word, number or operator inside a `when:` line with another token.
    private mutating func replaceToken(in lines: [[UInt8]]) -> [UInt8] {
        var lines = lines
        guard let i = Self.conditionLines(lines).randomElement(using: &rng) else { return Self.join(lines) }
        var text = String(decoding: lines[i], as: UTF8.self)
        let scalars = Array(text.unicodeScalars)
        guard let colon = scalars.firstIndex(of: ":") else { return Self.join(lines) }
        var starts: [Range<Int>] = []
        var k = colon + 1
        while k < scalars.count {
            let c = scalars[k]
            if c == " " { k += 1; continue }
            var end = k + 1
            if c.properties.isAlphabetic || c == "_" || ("0"..."9").contains(c) {
                while end < scalars.count, scalars[end].properties.isAlphabetic || scalars[end] == "_" || scalars[end] == "."
                        || ("0"..."9").contains(scalars[end]) { end += 1 }
            }
            starts.append(k..<end)
            k = end
        }
        guard let range = starts.randomElement(using: &rng) else { return Self.join(lines) }
        var replaced = scalars
        let token = Self.tokens[int(Self.tokens.count)]
        replaced.replaceSubrange(range, with: Array(token.unicodeScalars))
        if chance(30), let other = starts.randomElement(using: &rng), other.upperBound <= replaced.count {
            replaced.replaceSubrange(other, with: Array(Self.tokens[int(Self.tokens.count)].unicodeScalars))
        }
        text = String(String.UnicodeScalarView(replaced))
        lines[i] = Array(text.utf8)
        return Self.join(lines)
    }
}
