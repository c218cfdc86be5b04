import Audit
import Report
import Vocabulary

/// `algobot audit verify --format json`: the verdict a script reads, with the same words and
/// the same exit status as the text output.
struct VerifyJSON {
    let file: String
    let result: VerifyResult

    /// 0 intact; 1 a bad line or a head that does not match; 3 intact but the index unreadable.
    static func exitStatus(_ result: VerifyResult) -> Int32 {
        if result.problem != nil || result.headCheck?.matches == false { return 1 }
        return result.index.isFinding ? AuditVerifyCommand.unreadableIndexStatus : 0
    }

    var value: JSONValue {
        let r = result
        var index: [(String, JSONValue)]
        switch r.index {
        case .notUsed: index = [("state", .string("not_used"))]
        case .missing: index = [("state", .string("missing"))]
        case .unreadable(let reason): index = [("state", .string("unreadable")), ("reason", .string(reason))]
        case .otherVersion(let version): index = [("state", .string("other_version")), ("version", .number(Double(version)))]
        case .notCompared: index = [("state", .string("not_compared"))]
        case .compared(let upTo): index = [("state", .string("compared")), ("indexed_up_to", .number(Double(upTo)))]
        }
        if let finding = r.indexFinding { index.append(("finding", .string(finding))) }
        let head: JSONValue = r.head.map { .object([("seq", .number(Double($0.seq))), ("hash", .string($0.hash)), ("text", .string($0.text))]) } ?? .null
        let headCheck: JSONValue = r.headCheck.map { check in
            .object([("expected", .string(check.expected.seq.map { "\($0):\(check.expected.hash)" } ?? check.expected.hash)), ("matches", .bool(check.matches)),
                     ("message", r.headCheckText.map(JSONValue.string) ?? .null)])
        } ?? .null
        return .object([
            ("file", .string(file)),
            ("ok", .bool(r.ok)),
            ("exit_status", .number(Double(Self.exitStatus(r)))),
            ("message", .string(r.message)),
            ("records", .number(Double(r.recordCount))),
            ("problem", r.problem.map { .string($0.rawValue) } ?? .null),
            ("first_bad_line", r.firstBadLine.map { .number(Double($0)) } ?? .null),
            ("head", head),
            ("expect_head", headCheck),
            ("index", .object(index)),
            ("warnings", .array(r.warnings.map(JSONValue.string))),
        ])
    }
}
