import Foundation
import Testing
import Vocabulary

/// The report's JSON written as it is produced: the same bytes as the tree writer, handed
/// over in chunks that end only between values.
@Suite struct JSONStreamWriterTests {
    private let items: [JSONValue] = [
        .object([("id", .string("o-1")), ("qty", .number(101)), ("note", .null)]),
        .object([]), .array([]), .array([.int(1), .string("a \"quoted\" word")]),
        .object([("nested", .object([("a", .array([.bool(true)]))]))]),
    ]

    /// The writer's document: a head value, a streamed list, an empty streamed list, a tail.
    private func stream(_ writer: inout JSONStreamWriter) {
        writer.beginObject()
        writer.entry("name", .string("sma"))
        writer.key("orders")
        writer.beginArray()
        for item in items { writer.value(item) }
        writer.endArray()
        writer.key("trades")
        writer.beginArray()
        writer.endArray()
        writer.key("empty")
        writer.beginObject()
        writer.endObject()
        writer.entry("tail", .array([.number(1.5)]))
        writer.endObject()
        writer.endLine()
    }

    private var tree: JSONValue {
        .object([("name", .string("sma")), ("orders", .array(items)), ("trades", .array([])), ("empty", .object([])),
                 ("tail", .array([.number(1.5)]))])
    }

    @Test func writesTheBytesOfTheTreeWriter() {
        var writer = JSONStreamWriter()
        stream(&writer)
        #expect(String(decoding: writer.finish(), as: UTF8.self) == tree.serialized() + "\n")
    }

    @Test func aTopLevelListIsTheTreeWritersArray() {
        var writer = JSONStreamWriter()
        writer.beginArray()
        for item in items { writer.value(item) }
        writer.endArray()
        #expect(String(decoding: writer.finish(), as: UTF8.self) == JSONValue.array(items).serialized())
    }

    @Test func chunksEndBetweenValuesAndAddUpToTheDocument() {
        var chunks: [[UInt8]] = []
        var writer = JSONStreamWriter(chunk: 1) { chunks.append($0) }
        stream(&writer)
        writer.finish()
        #expect(chunks.count > items.count)
        #expect(String(decoding: chunks.joined(), as: UTF8.self) == tree.serialized() + "\n")
        for chunk in chunks.dropLast() {
            // A chunk ends where a value ends: after a quote-free closing bracket, a number or a
            // literal, never inside a string (an even number of unescaped quotes so far).
            let text = String(decoding: chunk, as: UTF8.self)
            #expect(text.last.map { "}]\"0123456789el".contains($0) } ?? false, "\(text)")
        }
        let text = String(decoding: chunks.joined(), as: UTF8.self)
        var written = ""
        for chunk in chunks.dropLast() {
            written += String(decoding: chunk, as: UTF8.self)
            #expect(written.replacingOccurrences(of: "\\\"", with: "").filter { $0 == "\"" }.count % 2 == 0)
        }
        #expect(text.hasSuffix("}\n"))
    }

    @Test func withoutASinkNothingIsHandedOver() {
        var writer = JSONStreamWriter(chunk: 1)
        stream(&writer)
        #expect(writer.buffer.count == (tree.serialized() + "\n").utf8.count)
    }
}
