import Foundation
import Testing
import Vocabulary

/// The words are the strings records, reports and policy files have always used: a word's
/// JSON is its text, and text that is not a word does not decode.
struct VocabularyWordsTests {
    @Test func everyWordIsWrittenAsTheTextRecordsUse() throws {
        #expect(Outcome.allCases.map(\.rawValue) == ["allow", "needs_approval", "block"])
        #expect(Side.allCases.map(\.rawValue) == ["buy", "sell", "sell_short", "buy_to_cover"])
        #expect(Action.allCases.map(\.rawValue) == ["buy", "sell", "sell_all", "sell_short", "buy_to_cover", "cover_all"])
        #expect(PositionSide.allCases.map(\.rawValue) == ["long", "short"])
        #expect(Mode.allCases.map(\.rawValue) == ["backtest", "dry-run", "paper"])
        #expect(CheckStatus.allCases.map(\.rawValue) == ["pass", "fail", "error"])
        #expect(CheckKind.allCases.map(\.rawValue) == ["limit", "rule", "runtime"])
        #expect(RuntimeGate.allCases.map(\.id) == ["trading_halted", "broker_unreachable", "reconciliation_pending",
                                                   "reconciliation_mismatch", "account_blocked", "stale_bar", "shorting_disabled",
                                                   "reversal_incomplete", "exit_legs_open"])
        let encoder = JSONEncoder()
        #expect(String(decoding: try encoder.encode([Outcome.needsApproval]), as: UTF8.self) == #"["needs_approval"]"#)
        #expect(String(decoding: try encoder.encode([Action.sellAll]), as: UTF8.self) == #"["sell_all"]"#)
        #expect(String(decoding: try encoder.encode([Mode.dryRun]), as: UTF8.self) == #"["dry-run"]"#)
        #expect(try JSONDecoder().decode([RuntimeGate].self, from: Data(#"["stale_bar"]"#.utf8)) == [.staleBar])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Side].self, from: Data(#"["short"]"#.utf8)) }
    }

    @Test func aWordInASentenceIsItsText() {
        // String interpolation of an enum would print the case name (`needsApproval`).
        #expect("\(Outcome.needsApproval) \(Action.sellAll) \(Mode.dryRun) \(RuntimeGate.staleBar)"
            == "needs_approval sell_all dry-run stale_bar")
        #expect(Outcome.allCases.map(\.pastTense) == ["allowed", "needed approval", "blocked"])
        #expect(Mode.allCases.map(\.words) == ["backtest", "dry run", "paper trading"])
    }

    @Test func outcomesOrderBySeverity() {
        #expect(Outcome.allow < .needsApproval && Outcome.needsApproval < .block)
        #expect([Outcome.needsApproval, .block, .allow].max() == .block)
        #expect(CheckStatus.pass.outcome(onFailure: .block) == .allow)
        #expect(CheckStatus.fail.outcome(onFailure: .needsApproval) == .needsApproval)
        #expect(CheckStatus.error.outcome(onFailure: .allow) == .block)
        #expect(RuntimeGate.allCases.allSatisfy { $0.outcome == .block })
    }

    @Test func aStatusSurvivesItsByte() {
        for status in CheckStatus.allCases { #expect(CheckStatus(byte: status.byte) == status) }
        #expect(CheckStatus(byte: 3) == nil)
    }

    @Test func sidesAndActionsAgreeOnDirection() {
        #expect(Side.buy.sign == 1 && Side.sell.sign == -1)
        #expect(Side.allCases.map(\.sign) == [1, -1, -1, 1])
        #expect(Action.allCases.map(\.side) == [.buy, .sell, .sell, .sellShort, .buyToCover, .buyToCover])
        #expect(Side.allCases.map(\.verb) == ["Buy", "Sell", "Sell short", "Buy to cover"])
        // A broker has two sides: a short sale is a sell, a cover a buy.
        #expect(Side.allCases.map(\.brokerSide) == [.buy, .sell, .sell, .buy])
        #expect(Side.allCases.map(\.positionSide) == [.long, .long, .short, .short])
        #expect(Side.allCases.filter(\.opens) == [.buy, .sellShort])
        #expect(PositionSide.allCases.map(\.opening) == [.buy, .sellShort])
        #expect(PositionSide.allCases.map(\.closing) == [.sell, .buyToCover])
        #expect(Action.allCases.filter(\.closesAll) == [.sellAll, .coverAll])
    }
}
