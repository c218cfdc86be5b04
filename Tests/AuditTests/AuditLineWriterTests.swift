import Foundation
import Testing
@testable import Audit
import Vocabulary

/// Audit lines are written field by field (`AuditRecord+Writing.swift`), and their bytes are
/// hashed into the chain: they must be exactly what `JSONEncoder` with
/// `[.sortedKeys, .withoutEscapingSlashes]` wrote for the same record, which is the oracle
/// here — for every kind of record, every optional filled and empty, awkward numbers and
/// awkward text.
@Suite struct AuditLineWriterTests {
    private func oracle(_ record: AuditRecord) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(record))
    }

    private func expectSameBytes(_ body: AuditBody, at: String = "2024-03-08", wall: String? = nil,
                                 sourceLocation: SourceLocation = #_sourceLocation) throws {
        let record = AuditRecord(seq: 42, at: at, wall: wall, prev: AuditRecord.genesisHash, body: body)
        let written = try AuditLineCodec.encode(record)
        let expected = try oracle(record)
        #expect(String(decoding: written, as: UTF8.self) == String(decoding: expected, as: UTF8.self), sourceLocation: sourceLocation)
        #expect(written == expected, sourceLocation: sourceLocation)
    }

    static let awkwardNumbers: [Double] = [
        0, -0.0, 1, -1, 0.1 + 0.2, 1e-7, 1e-5, 0.0001, 1e21, 1e22, -1e21, 1e15, 1e16, 123_456_789_012_345.0,
        9_007_199_254_740_992, 9_007_199_254_740_993, 1_234_567_890_123_456_789, 5e-324, .leastNormalMagnitude,
        .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 401.23, 9_629.52, 100_433.28, 1.0 / 3, 2.0 / 3, 1e300,
        -123.456e-200, 0.5, 100, 1e6, 12_345_678.9,
        // Whole numbers on both sides of 10^15, where the writer stops writing digits itself.
        24, -42, 999_999_999_999_999, -999_999_999_999_999, 1e15 + 1, -1e15, 4_503_599_627_370_496,
    ]

    static let awkwardText: [String] = [
        "", "plain", "say \"hi\"", "back\\slash", "a/b/c https://example.com/x", "line\nbreak", "tab\there", "cr\rlf",
        "\u{0}\u{1}\u{7}\u{8}\u{b}\u{c}\u{e}\u{f}\u{10}\u{1b}\u{1f}\u{7f}", "≤ ≥ — é ü ✓ 日本 🙂 e\u{301}", "\u{2028}\u{2029}",
        "K = \u{212A}", "mixed \"/\\\n\u{8}\u{c}\u{1}🙂",
    ]

    @Test func everyRecordKindWritesWhatTheEncoderWrote() throws {
        for entry in Sample.backtest + Sample.paper {
            try expectSameBytes(entry.body, at: entry.at, wall: entry.wall)
        }
        let trigger = ExitTrigger(reason: .trailingStop, level: 104.5, entryPrice: 110, percent: 5, mark: 111.25, open: 106,
                                  reached: 103.9, atOpen: false)
        let bare = ExitTrigger(reason: .stopLoss, level: 104.5, entryPrice: nil, percent: nil, mark: nil, open: 103, reached: nil,
                               atOpen: true)
        let bodies: [AuditBody] = [
            .runStart(RunStart(runId: "r", mode: .dryRun, strategy: Sample.strategy, policy: Sample.policy, config: [:],
                               versions: [:], dataFiles: [])),
            .runEnd(RunEnd(runId: "r", status: "failed", summary: [:])),
            .orderSubmitted(OrderSubmitted(orderId: "o-1", clientOrderId: "c-1", decisionId: "d-1", symbol: "SPY",
                                           side: .sellShort, qty: nil, notional: 1_000.5, broker: "sim")),
            .orderUpdate(OrderUpdate(orderId: "o-1", clientOrderId: "c-1", brokerOrderId: nil, status: "canceled",
                                     message: "no cash")),
            .fill(FillRecord(orderId: "o-1", clientOrderId: "c-1", brokerOrderId: nil, symbol: "SPY", side: .buyToCover, qty: 3,
                             price: 104.5, commission: 0.35, trigger: trigger)),
            .fill(FillRecord(orderId: "o-2", clientOrderId: "c-2", brokerOrderId: "b-2", symbol: "SPY", side: .sell, qty: 3,
                             price: 103, commission: 0, trigger: bare)),
            .approval(ApprovalRecord(orderId: "o-1", decisionId: "d-1", action: .recheckBlocked)),
            .approval(ApprovalRecord(orderId: "o-1", decisionId: "d-1", action: .expired, by: "ops", note: "late",
                                     recheckOutcome: .block, recheck: [])),
            .reconciliation(ReconciliationRecord(ok: false, mismatches: ["SPY: broker 10, log 12", "cash"])),
            .reconciliation(ReconciliationRecord(ok: true, mismatches: [], positions: ["SPY": 10, "BRK.B": 0.5, "aapl": -2,
                                                 "Z": 1, "ÄB": 3, "A B": 4], cash: 12_345.67, openOrders: ["c-1", "c-2"],
                                                 note: "accepted by ops")),
            .control(ControlRecord(action: "halt")),
            .control(ControlRecord(action: "resume", by: "alice", reason: "earnings are out")),
            .brokerHealth(BrokerHealthRecord(state: "degraded", detail: "HTTP 503 from /v2/account")),
            .note(NoteRecord(kind: "torn_line_set_aside", message: "line 17 moved to audit.jsonl.torn-1")),
            .note(NoteRecord(kind: "exit_watched", message: "d-1: stop_loss at $9.50; the bar's low reached it", decisionId: "d-1")),
            .advisorNote(AdvisorNoteRecord(decisionId: "d-1", advisor: "template", status: "ok", text: "Crossed up.")),
            .advisorNote(AdvisorNoteRecord(decisionId: "d-1", advisor: "chat:gpt", status: "unavailable", text: "",
                                           error: "timed out after 10 s")),
        ]
        for body in bodies { try expectSameBytes(body) }
    }

    @Test func decisionsWithEveryOptionalFilledAndEmpty() throws {
        let base = Sample.allowedDecision
        var full = base
        full.advisorNote = "note"
        full.gates = [GateCheck(.tradingHalted, message: "halted by ops"), GateCheck(.staleBar, message: "bar is 3 days old")]
        full.order = DecidedOrder(orderId: "o-9", clientOrderId: "c-9", side: .sellShort, action: .sellShort, qty: 12.5,
                                  notional: 5_000, price: 400.25)
        full.rule.values = [ObservedValue(expression: "sma(close, 10)", value: nil, previous: nil),
                            ObservedValue(expression: "close", value: 1.5, previous: nil),
                            ObservedValue(expression: "rsi(close, 14)", value: 30.000000000000004, previous: 29.9)]
        full.checks[0].values = [NamedValue(name: "n", value: nil, text: "unknown"), NamedValue(name: "t", value: 1, text: "x")]
        full.checks[1].limit = nil
        full.checks[1].location = nil
        full.input = DecisionInput(
            intent: IntentInput(strategy: "sma", symbol: "SPY", ruleId: "go-short", time: 1_583_159_400, utcOffset: -18_000,
                                side: .sellShort, action: .sellShort, qty: 12.5, notional: 5_000, price: 400.25, fractional: true,
                                orderType: .stopLimit, limitPrice: 399.5, stopPrice: 400, exitReason: .takeProfit, reversing: true),
            account: AccountInput(cash: 10_000, equity: .nan, dayStartEquity: .infinity, grossExposure: 0, position: -0.0,
                                  mark: 400.25))
        var empty = base
        empty.advisorNote = nil
        empty.gates = []
        empty.checks = []
        empty.rule.values = []
        empty.order = DecidedOrder(orderId: "o-8", clientOrderId: "c-8", side: .sell, action: .sellAll, qty: nil, notional: nil,
                                   price: 1)
        empty.input = DecisionInput(
            intent: IntentInput(strategy: "sma", symbol: "SPY", ruleId: "exit", time: -86_400, utcOffset: nil, side: .sell,
                                action: .sellAll, qty: nil, notional: nil, price: 1, fractional: false),
            account: AccountInput(cash: 0, equity: 0, dayStartEquity: 0, grossExposure: 0, position: 0, mark: 0))
        for decision in [base, full, empty, Sample.blockedDecision, Sample.approvalDecision] {
            try expectSameBytes(.decision(decision))
        }
    }

    @Test func awkwardNumbersAndTextAreSpelledAsTheEncoderSpellsThem() throws {
        for x in Self.awkwardNumbers + Self.awkwardNumbers.map({ -$0 }) {
            try expectSameBytes(.fill(FillRecord(orderId: "o", clientOrderId: "c", brokerOrderId: nil, symbol: "S", side: .buy,
                                                 qty: x, price: x / 3, commission: x / 7)))
            try expectSameBytes(.runEnd(RunEnd(runId: "r", status: "completed", summary: ["x": x, "y": x / 10])))
        }
        for text in Self.awkwardText {
            try expectSameBytes(.note(NoteRecord(kind: text, message: text + text)), at: text, wall: text)
            try expectSameBytes(.runStart(RunStart(runId: text, mode: .paper, strategy: FileRef(name: text, file: text, sha256: text),
                                                   policy: Sample.policy, config: [text: text, "a": text, text + "z": "1"],
                                                   versions: [text: "1"], dataFiles: [FileRef(name: text, file: "x/y", sha256: "")])))
        }
    }

    /// Many doubles of every size and precision from a fixed seed, and strings of random
    /// scalars (control characters, quotes, non-ASCII), in decisions' observed values.
    @Test func seededNumbersAndTextMatchTheEncoder() throws {
        var generator = SplitMix(seed: 16)
        for _ in 0..<200 {
            var decision = Sample.allowedDecision
            decision.rule.values = (0..<20).map { _ in
                let mantissa = Double(generator.next() % 10_000_000) / Double(1 + generator.next() % 1000)
                let scale = pow(10.0, Double(Int(generator.next() % 40) - 20))
                let bits = Double(bitPattern: generator.next())
                return ObservedValue(expression: generator.text(), value: mantissa * scale,
                                     previous: bits.isFinite ? bits : nil)
            }
            try expectSameBytes(.decision(decision))
        }
    }

    @Test func aNumberJSONCannotHoldIsRefusedAsTheEncoderRefusedIt() throws {
        for x in [Double.nan, .infinity, -.infinity] {
            let record = AuditRecord(seq: 1, at: "2024-03-08", prev: AuditRecord.genesisHash, body: .fill(FillRecord(
                orderId: "o", clientOrderId: "c", brokerOrderId: nil, symbol: "S", side: .buy, qty: 1, price: x, commission: 0)))
            #expect(throws: (any Error).self) { try oracle(record) }
            #expect(throws: AuditError.self) { try AuditLineCodec.encode(record) }
        }
    }
}

/// A small deterministic generator (SplitMix64), so a failure names the same inputs each run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// Up to 12 scalars, a third of them below U+0080 (control characters included).
    mutating func text() -> String {
        var out = String.UnicodeScalarView()
        for _ in 0..<(next() % 13) {
            let pick = next()
            let value: UInt32 = pick % 3 == 0 ? UInt32((pick >> 8) % 0x80) : UInt32(0x80 + (pick >> 8) % 0x1_0000)
            if let scalar = Unicode.Scalar(value) { out.append(scalar) }
        }
        return String(out)
    }
}
