/// A pretty-printed JSON document written as it is produced: the same bytes `JSONValue.write`
/// gives for the same document, but a long list is written one item at a time, and the
/// buffer is handed to `sink` whenever it passes `chunk` bytes after a complete value. A
/// million-bar report's tens of thousands of orders then never exist as one tree, one
/// buffer or one `String`.
public struct JSONStreamWriter: JSONObjectSink {
    /// Bytes written and not yet handed to the sink.
    public private(set) var buffer: [UInt8] = []
    /// Per open object or array, innermost last: whether it has an entry yet.
    private var open: [Bool] = []
    /// A key was just written: the next value follows it on the same line.
    private var afterKey = false
    private let chunk: Int
    private let sink: (([UInt8]) -> Void)?

    /// Without a sink the whole document stays in `buffer` (`finish()` returns it).
    public init(chunk: Int = 1 << 20, sink: (([UInt8]) -> Void)? = nil) {
        self.chunk = chunk
        self.sink = sink
        buffer.reserveCapacity(sink == nil ? 4096 : chunk + chunk / 4)
    }

    public mutating func beginObject() {
        startValue()
        buffer.append(UInt8(ascii: "{"))
        open.append(false)
    }

    public mutating func beginArray() {
        startValue()
        buffer.append(UInt8(ascii: "["))
        open.append(false)
    }

    public mutating func endObject() { end(UInt8(ascii: "}")) }
    public mutating func endArray() { end(UInt8(ascii: "]")) }

    /// The next entry's key in the innermost object; its value follows.
    public mutating func key(_ key: String) {
        separate()
        JSONText.append(quoted: key, to: &buffer)
        buffer.append(contentsOf: ": ".utf8)
        afterKey = true
    }

    /// A whole value: after a key, or as the next item of the innermost array.
    public mutating func value(_ value: JSONValue) {
        startValue()
        value.write(into: &buffer, indent: open.count, pretty: true)
        handOver()
    }

    /// `key` and its whole `value`.
    public mutating func entry(_ key: String, _ value: JSONValue) {
        self.key(key)
        self.value(value)
    }

    /// The newline a file's last line ends with, after the document.
    public mutating func endLine() {
        buffer.append(UInt8(ascii: "\n"))
    }

    public mutating func entry(_ key: String, string: String?) {
        self.key(key)
        startValue()
        if let string { JSONText.append(quoted: string, to: &buffer) } else { buffer.append(contentsOf: "null".utf8) }
    }

    public mutating func entry(_ key: String, rounded x: Double?, _ places: Int) {
        self.key(key)
        startValue()
        if let r = JSONValue.roundedNumber(x, places) { JSONValue.appendNumber(r, to: &buffer) } else { buffer.append(contentsOf: "null".utf8) }
    }

    /// An object of the entries `body` writes, as the next value (`JSONObjectSink` writers
    /// serve the stream and `JSONObjectBuilder` alike).
    public mutating func object(_ body: (inout JSONStreamWriter) -> Void) {
        beginObject()
        body(&self)
        endObject()
    }

    /// Hands what is left to the sink, and returns it (everything, without a sink).
    @discardableResult
    public mutating func finish() -> [UInt8] {
        let rest = buffer
        if let sink, !rest.isEmpty {
            sink(rest)
            buffer.removeAll()
        }
        return rest
    }

    private mutating func startValue() {
        if afterKey { afterKey = false } else { separate() }
    }

    /// The comma before every entry but the first, and the entry's own line.
    private mutating func separate() {
        guard let last = open.indices.last else { return }
        if open[last] { buffer.append(UInt8(ascii: ",")) }
        open[last] = true
        JSONValue.newline(open.count, &buffer)
    }

    private mutating func end(_ close: UInt8) {
        let hadEntries = open.removeLast()
        if hadEntries { JSONValue.newline(open.count, &buffer) }
        buffer.append(close)
        handOver()
    }

    /// Only between values, so a chunk never ends inside a string.
    private mutating func handOver() {
        guard let sink, buffer.count >= chunk else { return }
        sink(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
