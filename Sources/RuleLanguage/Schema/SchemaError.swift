/// Why a schema file could not be turned into a `JSONSchema`. These reach developers who
/// edit `schemas/*.json`, so each names the file, the place and what to change.
package enum SchemaError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text is not JSON (RFC 8259).
    case invalidJSON(file: String, line: Int, column: Int, message: String)
    /// A keyword has a value JSON Schema does not allow (`"minimum": "3"`, a bad regex).
    case invalidKeyword(file: String, pointer: String, message: String)
    /// A feature outside the supported subset (remote `$ref`, `$id` base-URI changes, anchors).
    case unsupported(file: String, pointer: String, message: String)

    package var description: String {
        switch self {
        case .invalidJSON(let file, let line, let column, let message):
            return "\(file):\(line):\(column): not valid JSON: \(message)"
        case .invalidKeyword(let file, let pointer, let message):
            return "\(file) at \(pointer.isEmpty ? "#" : "#" + pointer): \(message)"
        case .unsupported(let file, let pointer, let message):
            return "\(file) at \(pointer.isEmpty ? "#" : "#" + pointer): not supported: \(message); "
                + "use only local references like \"#/$defs/name\""
        }
    }
}
