/// Small helpers for reading a schema-checked `YAMLNode` tree into typed values. They
/// never report: anything malformed was already reported by the schema stage, so the
/// readers simply skip it (one clear error per mistake, no cascades).
extension YAMLNode {
    func stringValue(_ key: String) -> (String, YAMLNode)? {
        guard let node = self[key], let s = node.string else { return nil }
        return (s, node)
    }

    func numberValue(_ key: String) -> (Double, YAMLNode)? {
        guard let node = self[key], let n = node.number, n.isFinite else { return nil }
        return (n, node)
    }

    func entry(_ key: String) -> YAMLEntry? {
        entries?.first { $0.key == key }
    }
}

extension SourceSpan {
    /// `file:line:col`, the way audit records and explain point into YAML.
    public var location: String { "\(file):\(start.line):\(start.column)" }
}
