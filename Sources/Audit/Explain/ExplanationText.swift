import Foundation
import Vocabulary

public enum ExplainFormat: String, Sendable, CaseIterable {
    case text, json
}

/// Renders an `Explanation` for a person (`text`) or a program (`json`, sorted keys).
public enum ExplanationText {
    public static func render(_ explanation: Explanation, format: ExplainFormat) throws -> String {
        switch format {
        case .text:
            return text(explanation)
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(explanation), as: UTF8.self) + "\n"
        }
    }

    public static func text(_ e: Explanation) -> String {
        var out: [String] = []
        out.append(e.headline)
        out.append("  client order id \(e.clientOrderId) · decision \(e.decisionId) · \(e.mode.words)")

        if e.outcome == .block {
            section(&out, "Why it did not trade")
            for check in e.checks where check.decisive { out.append("  - \(check.text)\(where_(check))") }
            out.append("  \(e.reason)")
        }

        section(&out, e.outcome == .block ? "What would have been ordered" : "What was ordered")
        out.append("  \(e.ordered)")
        if let wall = e.wall {
            out.append("  Decided at \(e.at) (market time; wall clock \(wall)).")
        } else {
            out.append("  Decided at \(e.at) (bar time).")
        }

        if let exit = e.exitReason {
            // The engine placed it for the rule's position; the rule's condition opened the position.
            section(&out, "Why: \(PlainWords.exitWhy(exit, rule: e.rule.id))")
            out.append("  Strategy: \(e.strategy.name) (\(e.strategy.file)), its exits for rule \"\(e.rule.id)\"")
            out.append("  Opened:   \(e.rule.expression)  [\(e.rule.location)]")
            if let trigger = e.trigger { out.append("  Trigger:  \(trigger)") }
            if let held = e.exitHeldBy { out.append("  Held by:  \(held)") }
        } else {
            section(&out, "Why: strategy rule \"\(e.rule.id)\" fired")
            out.append("  Strategy: \(e.strategy.name) (\(e.strategy.file))")
            out.append("  Where:    \(e.rule.location)")
            out.append("  Rule:     \(e.rule.expression)")
        }
        for (i, value) in e.rule.values.enumerated() {
            out.append((i == 0 ? "  Values:   " : "            ") + value.text)
        }
        if let crossing = e.rule.crossing { out.append("  \(crossing)") }

        let failed = e.checks.filter { $0.result != .pass }.count
        let passed = e.checks.count - failed
        let tally = failed == 0 ? "\(passed) passed" : "\(passed) passed, \(failed) failed"
        section(&out, "Policy checks: \(e.policy.name) (\(e.policy.file)), \(tally)")
        if e.checks.isEmpty { out.append("  (no checks were recorded)") }
        for check in e.checks { out.append("  - \(check.text)\(where_(check))") }

        section(&out, "Outcome: \(e.outcomeText)")
        out.append("  \(e.reason)")
        if let hint = e.approvalHint { out.append("  \(hint)") }

        if !e.approvals.isEmpty {
            section(&out, "Approval")
            for event in e.approvals { out.append("  \(event.wall ?? event.at)  \(event.text)") }
        }

        section(&out, "At the broker")
        if let summary = e.brokerSummary { out.append("  \(summary)") }
        for event in e.broker { out.append("  \(event.at)  \(event.text)") }

        if let note = e.advisorNote, !note.isEmpty {
            let by = e.advisor.map { " by \($0.advisor)" } ?? ""
            section(&out, "Advisor note\(by) (for information; it never changes the outcome)")
            out.append(contentsOf: note.split(separator: "\n", omittingEmptySubsequences: false).map { "  \($0)" })
        }
        return out.joined(separator: "\n") + "\n"
    }

    private static func section(_ out: inout [String], _ title: String) {
        out.append("")
        out.append(title)
    }

    private static func where_(_ check: CheckExplanation) -> String {
        let place = check.location.map { ", \($0)" } ?? ""
        return "  [\(check.kind) \(check.id)\(place)]"
    }
}
