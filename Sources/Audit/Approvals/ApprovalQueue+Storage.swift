import Foundation
import GRDB
import Vocabulary

/// Table layout and row mapping of the approval queue.
extension ApprovalQueue {
    static let schemaVersion = 1

    static func createSchema(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS approvals (
                id TEXT PRIMARY KEY,
                decision_id TEXT NOT NULL,
                symbol TEXT NOT NULL,
                decision_json TEXT NOT NULL,
                decided_at TEXT NOT NULL,
                expires_at TEXT NOT NULL,
                expires_epoch REAL NOT NULL,
                state TEXT NOT NULL,
                by TEXT,
                note TEXT,
                changed_at TEXT,
                recheck_outcome TEXT,
                recheck_json TEXT
            );
            CREATE INDEX IF NOT EXISTS approvals_state ON approvals(state);
            PRAGMA user_version = \(schemaVersion);
            """)
    }

    func insert(_ db: Database, _ item: ApprovalItem) throws {
        try db.execute(sql: """
            INSERT INTO approvals (id, decision_id, symbol, decision_json, decided_at, expires_at, expires_epoch, state,
                by, note, changed_at, recheck_outcome, recheck_json)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [
                item.id, item.decisionId, item.symbol, try Self.json(item.decision), item.decidedAt, item.expiresAt,
                ISOTime(item.expiresAt)?.epochSeconds ?? 0, item.state.rawValue, item.by, item.note, item.changedAt,
                item.recheckOutcome?.rawValue, try item.recheck.map(Self.json),
            ])
    }

    func update(_ db: Database, _ item: ApprovalItem) throws {
        try db.execute(sql: """
            UPDATE approvals SET state = ?, by = ?, note = ?, changed_at = ?, recheck_outcome = ?, recheck_json = ?
            WHERE id = ?
            """, arguments: [
                item.state.rawValue, item.by, item.note, item.changedAt, item.recheckOutcome?.rawValue,
                try item.recheck.map(Self.json), item.id,
            ])
    }

    func fetch(_ db: Database, id: String, now: ISOTime?) throws -> ApprovalItem? {
        try Row.fetchOne(db, sql: "SELECT * FROM approvals WHERE id = ?", arguments: [id]).map { try Self.item($0, now: now) }
    }

    /// The order `id`, or `ApprovalError.unknown` with the nearest ids.
    func require(_ db: Database, id: String, now: ISOTime) throws -> ApprovalItem {
        if let item = try fetch(db, id: id, now: now) { return item }
        let ids = try String.fetchAll(db, sql: "SELECT id FROM approvals")
        throw ApprovalError.unknown(id: id, suggestions: Suggestions.ranked(for: id, among: ids))
    }

    func fetchAll(_ db: Database, includeClosed: Bool, now: ISOTime) throws -> [ApprovalItem] {
        let filter = includeClosed ? "" : " WHERE state IN ('pending', 'approved')"
        return try Row.fetchAll(db, sql: "SELECT * FROM approvals\(filter) ORDER BY rowid").map { try Self.item($0, now: now) }
    }

    private static func item(_ row: Row, now: ISOTime?) throws -> ApprovalItem {
        let stateText: String = row["state"]
        let expiresEpoch: Double = row["expires_epoch"]
        let recheckJSON: String? = row["recheck_json"]
        let recheckOutcome: String? = row["recheck_outcome"]
        return ApprovalItem(
            id: row["id"],
            decision: try decode(DecisionRecord.self, row["decision_json"]),
            decidedAt: row["decided_at"],
            expiresAt: row["expires_at"],
            state: ApprovalState(rawValue: stateText) ?? .expired,
            by: row["by"],
            note: row["note"],
            changedAt: row["changed_at"],
            recheckOutcome: recheckOutcome.flatMap(Outcome.init(rawValue:)),
            recheck: try recheckJSON.map { try decode([PolicyCheck].self, $0) },
            isExpired: now.map { $0.epochSeconds >= expiresEpoch } ?? false
        )
    }

    private static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
