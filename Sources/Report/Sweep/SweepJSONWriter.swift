import Vocabulary

/// Writes values as `JSONValue.write(into:indent:)` writes them, byte for byte, for
/// thousands of values of one shape (a sweep's combinations): each object's keys, with the
/// newline and indent before them, are kept from the value written before at the same place
/// and copied, not quoted again (quoting them was a third of writing a sweep's `--json`).
/// A key that differs from the one kept is quoted and kept instead. One writer per thread.
final class SweepJSONWriter {
    /// An object at one place in the values written: its keys as last written, each with its
    /// newline, indent, quotes and `: `, and the places of the objects inside it.
    private final class Place {
        let indent: Int
        var keys: [String] = []
        var prefixes: [[UInt8]] = []
        var inner: [Place?] = []
        /// The newline and indent before the closing brace.
        let closing: [UInt8]

        init(indent: Int) {
            self.indent = indent
            closing = [UInt8(ascii: "\n")] + Array(repeating: UInt8(ascii: " "), count: 2 * indent)
        }

        func prefix(_ i: Int, _ key: String) -> [UInt8] {
            if i < keys.count, keys[i] == key { return prefixes[i] }
            var bytes = [UInt8(ascii: "\n")] + Array(repeating: UInt8(ascii: " "), count: 2 * (indent + 1))
            JSONText.append(quoted: key, to: &bytes)
            bytes.append(contentsOf: ": ".utf8)
            if i < keys.count {
                keys[i] = key
                prefixes[i] = bytes
                inner[i] = nil
            } else {
                keys.append(key)
                prefixes.append(bytes)
                inner.append(nil)
            }
            return bytes
        }

        func place(_ i: Int) -> Place {
            if let place = inner[i] { return place }
            let place = Place(indent: indent + 1)
            inner[i] = place
            return place
        }
    }

    private var root: Place?

    /// `value.write(into: &out, indent: indent)`.
    func write(_ value: JSONValue, into out: inout [UInt8], indent: Int) {
        let place = root.flatMap { $0.indent == indent ? $0 : nil } ?? Place(indent: indent)
        root = place
        write(value, at: place, into: &out)
    }

    private func write(_ value: JSONValue, at place: Place, into out: inout [UInt8]) {
        guard case .object(let entries) = value, !entries.isEmpty else {
            value.write(into: &out, indent: place.indent)
            return
        }
        out.append(UInt8(ascii: "{"))
        for i in entries.indices {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: place.prefix(i, entries[i].0))
            let inner = entries[i].1
            if case .object = inner {
                write(inner, at: place.place(i), into: &out)
            } else {
                inner.write(into: &out, indent: place.indent + 1)
            }
        }
        out.append(contentsOf: place.closing)
        out.append(UInt8(ascii: "}"))
    }
}
