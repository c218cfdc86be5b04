extension YAMLNode {
    /// Reads a JSON document with the strict reader the schemas are read with (key order
    /// kept, `1` told from `true`, numbers read exactly as written); errors say
    /// `file:line:col`. `algobot sweep merge` reads its partial results with it.
    package static func parseJSON(_ text: String, path: String) throws(SchemaError) -> YAMLNode {
        try JSONReader.parse(text, path: path)
    }
}
