import Crypto
import Foundation

/// How a record becomes the bytes of one line and back, and how a line is hashed.
/// Sorted keys and unescaped slashes make the bytes a pure function of the record.
enum AuditLineCodec {
    static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static func encode(_ record: AuditRecord, with encoder: JSONEncoder = makeEncoder()) throws -> [UInt8] {
        do {
            return Array(try encoder.encode(record))
        } catch {
            throw AuditError.encoding(reason: "\(error)")
        }
    }

    static func decode<Bytes: Collection>(_ line: Bytes, with decoder: JSONDecoder = JSONDecoder()) throws -> AuditRecord
    where Bytes.Element == UInt8 {
        try decoder.decode(AuditRecord.self, from: Data(line))
    }

    /// A short, plain reason a line did not decode (no Swift type names).
    static func reason(for error: Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context):
            return context.underlyingError.map { _ in "it is not valid JSON" } ?? context.debugDescription
        case DecodingError.keyNotFound(let key, let context):
            return "field '\(path(context.codingPath + [key]))' is missing"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "field '\(path(context.codingPath))' has the wrong kind of value"
        default:
            return "\(error)"
        }
    }

    private static func path(_ keys: [CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    /// Lowercase hex SHA-256 of a line's bytes (without its newline).
    static func hash<Bytes: Collection>(_ line: Bytes) -> String where Bytes.Element == UInt8 {
        let digest = SHA256.hash(data: Array(line))
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in digest {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
