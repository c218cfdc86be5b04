import Crypto
import Foundation

/// SHA-256 of a file's bytes, for run-start records ("which strategy file exactly?").
public enum FileDigest {
    public static func sha256(bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// Nil when the file cannot be read.
    public static func sha256(path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return sha256(bytes: [UInt8](data))
    }
}
