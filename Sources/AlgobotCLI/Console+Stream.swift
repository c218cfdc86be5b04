import Audit
import Foundation
import Vocabulary

extension Console {
    /// Writes the JSON document `produce` writes to the file at `path` as it is produced, a
    /// chunk at a time (a million-bar report is tens of megabytes; it is never held whole).
    /// Each chunk is masked like `write` masks text; a chunk ends between two values, never
    /// inside a string.
    static func writeJSON(to path: String, _ produce: (inout JSONStreamWriter) -> Void) throws {
        try write(to: path) { piece in
            var writer = JSONStreamWriter(sink: piece)
            produce(&writer)
            writer.finish()
        }
    }

    /// Writes the UTF-8 pieces `produce` hands over to the file at `path`, each as it comes
    /// (a streamed report's chunks; a sweep's `--json`, its combinations a slice per core):
    /// no `String` made of them, and never put together. Each piece is masked like `write`
    /// masks text, so it must end between two values, never inside a string.
    static func write(to path: String, pieces produce: (@escaping ([UInt8]) -> Void) -> Void) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        guard FileManager.default.createFile(atPath: path, contents: nil), let file = FileHandle(forWritingAtPath: path) else {
            throw CLIFailure("cannot write \(path): check the folder exists and is writable")
        }
        defer { try? file.close() }
        ConfiguredSecrets.register(envFile: ConfiguredSecrets.defaultFile)
        let redactor = SecretRedactor.configured
        var failure: (any Error)?
        produce { piece in
            guard failure == nil else { return }
            do {
                if redactor.isEmpty {
                    try file.write(contentsOf: piece)
                } else {
                    try file.write(contentsOf: Data(redactor.redact(String(decoding: piece, as: UTF8.self)).utf8))
                }
            } catch {
                failure = error
            }
        }
        if let failure {
            throw CLIFailure("cannot write \(path): \(failure.localizedDescription)")
        }
    }
}
