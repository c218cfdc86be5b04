/// A JSON Schema (draft 2020-12, the keywords our schemas use) compiled once and then
/// applied to any number of `YAMLNode` documents.
///
/// Supported: type, enum, const, the number/text/list/mapping keywords, allOf/anyOf/oneOf/not,
/// if/then/else, `$ref` to local JSON pointers, boolean schemas. Annotations (title,
/// description, examples, default, `x-help`, ...) are accepted and feed the help lines.
package struct JSONSchema: Sendable {
    /// The file name the schema came from, used in `SchemaError`s.
    package let name: String
    let nodes: [SchemaNode]
    /// Keywords the validator does not know and therefore ignores (JSON pointers).
    let unknownKeywords: [String]

    package init(jsonText: String, name: String) throws {
        let root = try JSONReader.parse(jsonText, path: name)
        try self.init(root: root, name: name)
    }

    /// A schema that is already a tree (the conformance suite embeds schemas in its files).
    init(root: YAMLNode, name: String) throws(SchemaError) {
        var compiler = SchemaCompiler(root: root, file: name)
        try compiler.compileAll()
        self.name = name
        self.nodes = compiler.nodes
        self.unknownKeywords = compiler.unknownKeywords
    }

    /// Stops at the first failure; the cheap check for "is this document usable".
    package func isValid(_ node: YAMLNode) -> Bool {
        var evaluator = SchemaEvaluator(nodes: nodes, collect: false)
        return evaluator.evaluate(node, 0)
    }

    /// Every problem, one located `Diagnostic` each, sorted with `Diagnostic.ordered`.
    /// Empty exactly when `isValid(node)` is true.
    package func validate(_ node: YAMLNode) -> [Diagnostic] {
        var evaluator = SchemaEvaluator(nodes: nodes, collect: true)
        let valid = evaluator.evaluate(node, 0)
        let describer = SchemaDiagnostics(nodes: nodes)
        var seen: Set<Diagnostic> = []
        var diagnostics = evaluator.failures.map(describer.diagnostic).filter { seen.insert($0).inserted }
        if !valid && diagnostics.isEmpty {
            diagnostics.append(describer.diagnostic(SchemaFailure(kind: .noMatch, node: node, path: [], schema: 0)))
        }
        return diagnostics.sorted(by: Diagnostic.ordered)
    }
}
