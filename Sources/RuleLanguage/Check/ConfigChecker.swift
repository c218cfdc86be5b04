import Foundation

/// Reads a schema-checked settings file. Beyond the schema it refuses secrets (they belong
/// in the environment or `.env`) and checks that the files it names exist.
struct ConfigChecker {
    /// Key names that look like credentials.
    static func looksSecret(_ key: String) -> Bool {
        let k = key.lowercased()
        return k.contains("secret") || k.contains("password") || k.contains("token") || k.hasSuffix("key")
            || k.hasSuffix("key_id") || k.hasPrefix("apca_") || k.contains("api_key")
    }

    let root: YAMLNode
    let file: String
    /// Resolves paths in the file; tests pass a fixed folder.
    let baseDirectory: String?
    private(set) var diagnostics: [Diagnostic] = []
    /// Spans of keys reported as secrets, so the schema's "unknown key" for them is dropped.
    private(set) var secretKeySpans: Set<SourceSpan> = []

    init(root: YAMLNode, file: String, baseDirectory: String? = nil) {
        self.root = root
        self.file = file
        self.baseDirectory = baseDirectory
    }

    mutating func check() -> CheckedConfig? {
        findSecrets(root)
        var values: [String: CheckedConfig.Value<String>] = [:]
        flatten(root, prefix: "", into: &values)
        for key in ["strategy_file", "policy_file"] {
            guard let entry = root.entry(key), let path = entry.value.string else { continue }
            let resolved = path.hasPrefix("/") || baseDirectory == nil ? path : baseDirectory! + "/" + path
            if !FileManager.default.fileExists(atPath: resolved) {
                diagnostics.append(Diagnostic(.missingReferencedFile, "\(key) names '\(path)', which does not exist",
                    at: entry.value.span, help: "check the path (it is relative to the folder you run algobot from)"))
            }
        }
        guard !diagnostics.hasErrors, let (name, _) = root.stringValue("config") else { return nil }
        let symbols = root["symbols"].flatMap { node in
            node.items.map { CheckedConfig.Value(value: $0.compactMap(\.string), location: node.span.location) }
        }
        var config = CheckedConfig(name: name, file: file, values: values, symbols: symbols)
        config.notify = (root["notify"]?.items ?? []).compactMap { item in
            item["format"]?.string.map { format in
                CheckedConfig.NotifyEntry(url: item["url"]?.string, urlEnv: item["url_env"]?.string, format: format,
                                          events: item["events"]?.items?.compactMap(\.string), location: item.span.location)
            }
        }
        return config
    }

    private mutating func findSecrets(_ node: YAMLNode) {
        for entry in node.entries ?? [] {
            if Self.looksSecret(entry.key) {
                secretKeySpans.insert(entry.keySpan)
                diagnostics.append(Diagnostic(.secretInFile, "'\(entry.key)' looks like a secret; secrets must not be written in YAML files",
                    at: entry.keySpan,
                    help: "delete it here and set it in the environment or in .env (see .env.example); then rotate the key, since this file may have been shared"))
            } else {
                findSecrets(entry.value)
            }
        }
    }

    private func flatten(_ node: YAMLNode, prefix: String, into values: inout [String: CheckedConfig.Value<String>]) {
        for entry in node.entries ?? [] where !Self.looksSecret(entry.key) {
            let key = prefix.isEmpty ? entry.key : prefix + "." + entry.key
            switch entry.value.value {
            case .mapping: flatten(entry.value, prefix: key, into: &values)
            case .string(let s): values[key] = .init(value: s, location: entry.value.span.location)
            case .number(let n): values[key] = .init(value: Expr.format(n), location: entry.value.span.location)
            case .bool(let b): values[key] = .init(value: b ? "true" : "false", location: entry.value.span.location)
            default: break
            }
        }
    }
}
