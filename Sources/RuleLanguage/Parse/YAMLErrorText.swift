import CYAML

/// libyaml reports problems in parser terms ("mapping values are not allowed in this
/// context"); operators need plain words and a next step.
enum YAMLErrorText {
    static func diagnostic(parser: yaml_parser_t, source: SourceFile) -> Diagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown YAML error"
        let context = parser.context.map { String(cString: $0) }
        let path = source.path
        func location(_ mark: yaml_mark_t) -> SourceLocation {
            source.clamp(SourceLocation(line: Int(mark.line) + 1, column: Int(mark.column) + 1))
        }
        let start = location(parser.problem_mark)
        let span = SourceSpan(file: path, line: start.line, column: start.column)
        let (message, help) = explain(problem: problem, context: context)
        var notes: [Diagnostic.Note] = []
        let contextStart = location(parser.context_mark)
        if let context, contextStart != start {
            notes.append(Diagnostic.Note(contextWords[context] ?? context,
                span: SourceSpan(file: path, line: contextStart.line, column: contextStart.column)))
        }
        return Diagnostic(.yamlSyntax, message, at: span, help: help, notes: notes)
    }

    /// libyaml's "while parsing ..." context, said as where the unfinished part began.
    static let contextWords = [
        "while parsing a flow sequence": "the list in [ ] starts here",
        "while parsing a flow mapping": "the mapping in { } starts here",
        "while parsing a block mapping": "the block of keys this line belongs to starts here",
        "while parsing a block collection": "the list this line belongs to starts here",
        "while scanning a quoted scalar": "the quoted text starts here",
        "while scanning a simple key": "the key starts here",
        "while scanning a plain scalar": "the value starts here",
        "while parsing a node": "the value starts here",
        "while scanning a block scalar": "the | or > text block starts here",
        "while scanning an anchor": "the anchor starts here",
        "while scanning an alias": "the alias starts here",
        "while scanning a tag": "the tag starts here",
        "while parsing a tag": "the tag starts here",
        "while scanning a directive": "the % directive starts here",
    ]

    static func explain(problem: String, context: String?) -> (String, String) {
        switch problem {
        case "mapping values are not allowed in this context":
            return ("unexpected ':' here",
                    "check this line's indentation against the line above; a value that contains ': ' must be in quotes")
        case "did not find expected key":
            return ("this line is not indented like its neighbours",
                    "line it up with the other keys at the same level (use the same number of spaces)")
        case "found character that cannot start any token":
            return ("a value cannot start with this character",
                    "put the value in quotes, e.g. 'text'; and indent with spaces, not tabs")
        case "found unexpected end of stream":
            return ("the file ends inside a quoted text or a bracket", "close the quote or bracket that is still open")
        case "did not find expected ',' or ']'":
            return ("a list in [ ] is not closed, or two items lack a comma between them",
                    "separate items with ', ' and end the list with ']'")
        case "did not find expected ',' or '}'":
            return ("a mapping in { } is not closed, or two entries lack a comma between them",
                    "separate entries with ', ' and end with '}'")
        case "block sequence entries are not allowed in this context":
            return ("a '- ' list item where a single value was expected",
                    "start the list on its own line after 'key:', indented by two more spaces")
        case "could not find expected ':'":
            return ("a key without a ':' after it", "write 'key: value'")
        case "did not find expected '-' indicator":
            return ("a list item is not indented like the others", "start every item with '- ' at the same column")
        case "did not find expected node content":
            return ("a value is missing here", "write a value after the ':' or '- '")
        default:
            let text = context.map { "\(problem) (\($0))" } ?? problem
            return (text, "compare this line with strategies/sma.yaml; indentation and quotes are the usual causes")
        }
    }
}
