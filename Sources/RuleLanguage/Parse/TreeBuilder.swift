import CYAML

/// Consumes libyaml's event stream and assembles `YAMLNode`s with an explicit stack
/// (no recursion, so hostile nesting cannot overflow ours).
struct TreeBuilder {
    private enum Frame {
        case sequence(items: [YAMLNode], start: SourceLocation)
        case mapping(entries: [YAMLEntry], pendingKey: (String, SourceSpan)?, seen: [String: SourceSpan], start: SourceLocation)
    }

    let path: String
    /// To keep every position inside the file (see `SourceFile.clamp`).
    let source: SourceFile
    private(set) var root: YAMLNode?
    private(set) var diagnostics: [Diagnostic] = []
    /// Where a refused alias was replaced by an empty value.
    private(set) var aliasSpans: [SourceSpan] = []
    private var stack: [Frame] = []
    private var documents = 0

    init(source: SourceFile) {
        self.path = source.path
        self.source = source
    }

    /// Returns false when libyaml stopped on a syntax error (the tree is then unusable).
    mutating func run(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return false }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else {
                diagnostics.append(YAMLErrorText.diagnostic(parser: parser, source: source))
                return false
            }
            defer { yaml_event_delete(&event) }
            if event.type == YAML_STREAM_END_EVENT { return true }
            if !handle(event) { return false }
        }
    }

    private func location(_ mark: yaml_mark_t) -> SourceLocation {
        source.clamp(SourceLocation(line: Int(mark.line) + 1, column: Int(mark.column) + 1))
    }

    private func span(_ event: yaml_event_t) -> SourceSpan {
        SourceSpan(file: path, start: location(event.start_mark), end: location(event.end_mark))
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
    }

    private mutating func handle(_ event: yaml_event_t) -> Bool {
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                diagnostics.append(Diagnostic(.yamlSyntax, "a second YAML document starts here",
                    at: span(event), help: "keep one document per file; remove the extra '---'"))
                return false
            }
        case YAML_ALIAS_EVENT:
            let name = Self.string(event.data.alias.anchor) ?? ""
            diagnostics.append(Diagnostic(.aliasNotAllowed, "alias '*\(name)' is not allowed",
                at: span(event), help: "write the value out in full; anchors and aliases are refused"))
            aliasSpans.append(span(event))
            attach(YAMLNode(.null, span: span(event)))
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            refuseAnchor(scalar.anchor, event)
            let value = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
            let tag = Self.string(scalar.tag)
            if let tag, !ScalarResolver.knownTags.contains(tag) { refuseTag(tag, event) }
            attach(scalarNode(value: value, style: scalar.style, tag: tag, span: span(event)))
        case YAML_SEQUENCE_START_EVENT:
            refuseAnchor(event.data.sequence_start.anchor, event)
            if let tag = Self.string(event.data.sequence_start.tag), tag != "tag:yaml.org,2002:seq" { refuseTag(tag, event) }
            guard push(.sequence(items: [], start: location(event.start_mark)), event) else { return false }
        case YAML_MAPPING_START_EVENT:
            refuseAnchor(event.data.mapping_start.anchor, event)
            if let tag = Self.string(event.data.mapping_start.tag), tag != "tag:yaml.org,2002:map" { refuseTag(tag, event) }
            guard push(.mapping(entries: [], pendingKey: nil, seen: [:], start: location(event.start_mark)), event) else { return false }
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let frame = stack.popLast() else { return true }
            let end = location(event.end_mark)
            switch frame {
            case .sequence(let items, let start):
                attach(YAMLNode(.sequence(items), span: SourceSpan(file: path, start: start, end: end)))
            case .mapping(let entries, _, _, let start):
                attach(YAMLNode(.mapping(entries), span: SourceSpan(file: path, start: start, end: end)))
            }
        default:
            break
        }
        return true
    }

    private mutating func push(_ frame: Frame, _ event: yaml_event_t) -> Bool {
        guard stack.count < YAMLParser.maxDepth else {
            diagnostics.append(Diagnostic(.yamlSyntax, "values are nested more than \(YAMLParser.maxDepth) levels deep",
                at: span(event), help: "flatten the structure; strategy files need only a few levels"))
            return false
        }
        stack.append(frame)
        return true
    }

    private mutating func refuseAnchor(_ anchor: UnsafeMutablePointer<yaml_char_t>?, _ event: yaml_event_t) {
        guard let name = Self.string(anchor) else { return }
        diagnostics.append(Diagnostic(.aliasNotAllowed, "anchor '&\(name)' is not allowed",
            at: SourceSpan(file: path, line: location(event.start_mark).line, column: location(event.start_mark).column, length: name.count + 1),
            help: "remove '&\(name)' and write repeated values out in full"))
    }

    private mutating func refuseTag(_ tag: String, _ event: yaml_event_t) {
        diagnostics.append(Diagnostic(.yamlSyntax, "YAML tag '\(tag)' is not supported", at: span(event),
            help: "remove the tag; write plain values"))
    }

    private func scalarNode(value: String, style: yaml_scalar_style_t, tag: String?, span: SourceSpan) -> YAMLNode {
        let plain = style == YAML_PLAIN_SCALAR_STYLE
        let quoted = style == YAML_SINGLE_QUOTED_SCALAR_STYLE || style == YAML_DOUBLE_QUOTED_SCALAR_STYLE
        var contentStart: SourceLocation?
        if span.start.line == span.end.line {
            if plain {
                contentStart = span.start
            } else if quoted, span.end.column - span.start.column - 2 == value.unicodeScalars.count {
                contentStart = SourceLocation(line: span.start.line, column: span.start.column + 1)
            }
        }
        let resolved = ScalarResolver.resolve(value, plain: plain, tag: tag)
        return YAMLNode(resolved, span: span, text: value, contentStart: contentStart)
    }

    /// Adds a finished node to the collection being built, or makes it the root.
    private mutating func attach(_ node: YAMLNode) {
        guard let top = stack.popLast() else {
            root = node
            return
        }
        switch top {
        case .sequence(var items, let start):
            items.append(node)
            stack.append(.sequence(items: items, start: start))
        case .mapping(var entries, let pendingKey, var seen, let start):
            guard let (key, keySpan) = pendingKey else {
                var keyText = node.text ?? ""
                if node.text == nil {
                    diagnostics.append(Diagnostic(.wrongType, "a key must be a plain word, not \(node.kindDescription)",
                        at: node.span, help: "write keys as plain words, like 'symbols:'"))
                    keyText = "?"
                }
                stack.append(.mapping(entries: entries, pendingKey: (keyText, node.span), seen: seen, start: start))
                return
            }
            if let first = seen[key] {
                diagnostics.append(Diagnostic(.duplicateKey, "key '\(key)' appears twice in the same mapping",
                    at: keySpan, help: "keep one '\(key):' and delete the other",
                    notes: [Diagnostic.Note("first defined here", span: first)]))
            } else {
                seen[key] = keySpan
                entries.append(YAMLEntry(key: key, keySpan: keySpan, value: node))
            }
            stack.append(.mapping(entries: entries, pendingKey: nil, seen: seen, start: start))
        }
    }
}
