import Foundation

/// A minimal `.env` reader: `KEY=VALUE` lines, an optional `export ` prefix, single or double
/// quotes, blank lines and `#` comments. Values never appear in error messages because a
/// malformed line may well be the one holding the secret key.
public enum DotEnv {
    public struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
        public let file: String
        public let line: Int
        public let problem: String

        public var description: String {
            "\(file):\(line): \(problem). Each line must look like KEY=VALUE "
                + "(optionally `export KEY=VALUE`, the value optionally in quotes); "
                + "start a line with # to comment it out."
        }

        public var errorDescription: String? { description }
    }

    /// Reads `path`; a missing file is not an error (the environment may hold everything).
    public static func load(path: String) throws -> [String: String] {
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let text = String(data: data, encoding: .utf8) else {
            throw SyntaxError(file: path, line: 1, problem: "the file is not UTF-8 text")
        }
        return try parse(text, file: path)
    }

    /// A warning when the file at `path` can be read by others, or by a group other than this
    /// process's own (the systemd deployment's root:algobot 640 is fine); nil otherwise, or when
    /// there is no file. It holds keys, so it should be mode 600.
    public static func exposureWarning(path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let mode = info.st_mode & 0o777
        let othersRead = mode & 0o004 != 0
        let foreignGroupRead = mode & 0o040 != 0 && info.st_gid != getegid()
        guard othersRead || foreignGroupRead else { return nil }
        return "\(path) is readable by group or others (mode \(String(format: "%03o", mode))) and holds keys: "
            + "run `chmod 600 \(path)` so only you can read it."
    }

    public static func parse(_ text: String, file: String = ".env") throws -> [String: String] {
        var values: [String: String] = [:]
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        for (index, rawLine) in lines.enumerated() {
            var line = Substring(rawLine).trimmingCharacters(in: .whitespaces)[...]
            if line.hasSuffix("\r") { line = line.dropLast() }
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") || line.hasPrefix("export\t") {
                line = line.dropFirst("export".count).drop(while: { $0 == " " || $0 == "\t" })
            }
            let lineNumber = index + 1
            guard let equals = line.firstIndex(of: "=") else {
                throw SyntaxError(file: file, line: lineNumber, problem: "missing `=`")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            guard isValidKey(key) else {
                throw SyntaxError(file: file, line: lineNumber,
                                  problem: "the name before `=` must be letters, digits and underscores")
            }
            let rest = line[line.index(after: equals)...].drop(while: { $0 == " " || $0 == "\t" })
            values[key] = try parseValue(rest, file: file, line: lineNumber)
        }
        return values
    }

    private static func isValidKey(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, !CharacterSet.decimalDigits.contains(first) else { return false }
        return key.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && CharacterSet.alphanumerics.contains($0)) }
    }

    private static func parseValue(_ text: Substring, file: String, line: Int) throws -> String {
        guard let quote = text.first, quote == "\"" || quote == "'" else {
            // Unquoted: a `#` after whitespace starts a comment.
            var value = ""
            var previous: Character = " "
            for character in text {
                if character == "#" && (previous == " " || previous == "\t") { break }
                value.append(character)
                previous = character
            }
            return value.trimmingCharacters(in: .whitespaces)
        }
        var value = ""
        var escaped = false
        var index = text.index(after: text.startIndex)
        while index < text.endIndex {
            let character = text[index]
            if quote == "\"" && escaped {
                switch character {
                case "n": value.append("\n")
                case "t": value.append("\t")
                default: value.append(character)
                }
                escaped = false
            } else if quote == "\"" && character == "\\" {
                escaped = true
            } else if character == quote {
                let trailing = text[text.index(after: index)...].trimmingCharacters(in: .whitespaces)
                guard trailing.isEmpty || trailing.hasPrefix("#") else {
                    throw SyntaxError(file: file, line: line, problem: "unexpected text after the closing quote")
                }
                return value
            } else {
                value.append(character)
            }
            index = text.index(after: index)
        }
        throw SyntaxError(file: file, line: line, problem: "the quoted value has no closing \(quote)")
    }
}
