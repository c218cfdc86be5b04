import CYAML

/// libyaml reports problems in parser terms ("mapping values are not allowed in this
/// context"); operators need plain words and a next step.
enum YAMLErrorText {
    static func diagnostic(parser: yaml_parser_t, path: String) -> Diagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown YAML error"
        let context = parser.context.map { String(cString: $0) }
        let mark = parser.problem_mark
        let span = SourceSpan(file: path, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
        let (message, help) = explain(problem: problem, context: context)
        var notes: [Diagnostic.Note] = []
        if let context, parser.context_mark.line != mark.line || parser.context_mark.column != mark.column {
            notes.append(Diagnostic.Note(context, span: SourceSpan(file: path,
                line: Int(parser.context_mark.line) + 1, column: Int(parser.context_mark.column) + 1)))
        }
        return Diagnostic(.yamlSyntax, message, at: span, help: help, notes: notes)
    }

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
