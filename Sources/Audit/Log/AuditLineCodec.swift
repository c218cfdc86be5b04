import Crypto
import Foundation
import Vocabulary

/// How a record becomes the bytes of one line and back, and how a line is hashed.
/// Lines are written field by field with sorted keys and unescaped slashes
/// (`AuditRecord+Writing.swift`): the bytes are a pure function of the record, and the same
/// bytes `JSONEncoder` wrote with `[.sortedKeys, .withoutEscapingSlashes]` before, so logs
/// written then and now chain and verify alike. They are read back with `JSONDecoder`.
enum AuditLineCodec {
    static func encode(_ record: AuditRecord) throws -> [UInt8] {
        var writer = JSONFieldWriter(capacity: 1024)
        try encode(record, into: &writer)
        return writer.bytes
    }

    /// Appends the record's line (without a newline) to `writer`; on error nothing is appended.
    static func encode(_ record: AuditRecord, into writer: inout JSONFieldWriter) throws {
        let start = writer.bytes.count
        do {
            try record.write(to: &writer)
        } catch {
            writer.bytes.removeSubrange(start...)
            throw AuditError.encoding(reason: error.description)
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
            // Not JSON at all, or JSON that is not an object: the decoder's own words name types.
            return context.underlyingError != nil || context.codingPath.isEmpty ? "it is not valid JSON" : context.debugDescription
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
    static func hash(_ line: [UInt8]) -> String {
        line.withUnsafeBytes { hash($0) }
    }

    /// The same, of bytes in place (a line inside a larger buffer: no copy).
    static func hash(_ line: UnsafeRawBufferPointer) -> String {
        // Hashing through raw buffers, not the generic DataProtocol path, keeps debug
        // builds (the test suite, `verify` during development) fast.
        var hasher = SHA256()
        hasher.update(bufferPointer: line)
        let digest = hasher.finalize()
        return digest.withUnsafeBytes { bytes in
            String(unsafeUninitializedCapacity: 64) { out in
                for (i, byte) in bytes.enumerated() {
                    out[2 * i] = hexDigits[Int(byte >> 4)]
                    out[2 * i + 1] = hexDigits[Int(byte & 0x0f)]
                }
                return 64
            }
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
