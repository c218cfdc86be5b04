import ArgumentParser
import Audit
import Foundation

/// Prints a message to standard error and exits with a code, for failures that are not
/// usage errors (usage errors go through ArgumentParser and exit 2... via `ValidationError`).
struct CLIFailure: Error, CustomStringConvertible {
    let message: String
    let code: Int32

    init(_ message: String, code: Int32 = 1) {
        self.message = message
        self.code = code
    }

    var description: String { message }
}

/// Everything the commands print or write passes through here, and every configured secret
/// (`SecretRedactor.configured`: the environment's, `.env`'s, passwords in URLs) is masked on
/// the way out, whatever produced the text: our messages, a broker's answer, an operator's words.
enum Console {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data(masked(text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(masked(text).utf8))
    }

    /// Standard error, masked like `error` except for `testValues`: values meant to be shown,
    /// the simulator's test keys (which `TestKeys` has checked are not Alpaca's), that a `.env`
    /// pointing the bot at the simulator also lists as secrets. Every other secret stays masked.
    static func error(_ text: String, revealing testValues: [String]) {
        FileHandle.standardError.write(Data(masked(text.hasSuffix("\n") ? text : text + "\n", revealing: testValues).utf8))
    }

    /// Standard error without a newline added (progress lines that rewrite themselves).
    static func errorInPlace(_ text: String) {
        FileHandle.standardError.write(Data(masked(text).utf8))
    }

    /// `text` with every secret known to this process replaced by `***` (the working folder's
    /// `.env` is read first if no command did yet, e.g. for a usage error).
    static func masked(_ text: String) -> String {
        masked(text, revealing: [])
    }

    static func masked(_ text: String, revealing testValues: [String]) -> String {
        ConfiguredSecrets.register(envFile: ConfiguredSecrets.defaultFile)
        let configured = SecretRedactor.configured
        guard !testValues.isEmpty else { return configured.redact(text) }
        return SecretRedactor(secrets: configured.secrets.filter { !testValues.contains($0) }).redact(text)
    }

    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }
    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) != 0 }

    /// Registers the secrets in the environment, `.env` and `envFile` (see `ConfiguredSecrets`),
    /// then runs `body`, printing a failure's message and exiting with its code.
    static func run(envFile: String = ConfiguredSecrets.defaultFile, _ body: () throws -> Void) throws {
        ConfiguredSecrets.register(envFile: envFile)
        do {
            try body()
        } catch let failure as CLIFailure {
            error(failure.message)
            throw ExitCode(failure.code)
        }
    }

    static func write(_ text: String, to path: String) throws {
        try write(contents: Data(masked(text).utf8), to: path)
    }

    /// `write` for text already in UTF-8 bytes (a sweep's `--json`: megabytes), masked the
    /// same way; with no secret configured the bytes go to the file as they are, without a
    /// `String` made of them and a copy of that.
    static func write(bytes: [UInt8], to path: String) throws {
        ConfiguredSecrets.register(envFile: ConfiguredSecrets.defaultFile)
        guard SecretRedactor.configured.isEmpty else { return try write(String(decoding: bytes, as: UTF8.self), to: path) }
        try bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return try write(contents: Data(), to: path) }
            try write(contents: Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: raw.count, deallocator: .none), to: path)
        }
    }

    private static func write(contents: Data, to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        guard FileManager.default.createFile(atPath: path, contents: contents) else {
            throw CLIFailure("cannot write \(path): check the folder exists and is writable")
        }
    }
}

extension AlgobotCommand {
    /// What ArgumentParser prints for `error` (help on standard output; usage errors and other
    /// failures on standard error), with secrets masked; exits 2 for usage errors, as the lint
    /// contract says, and with the error's own code otherwise.
    public static func exitReporting(_ error: any Error) -> Never {
        let code = exitCode(for: error)
        let message = fullMessage(for: error)
        if !message.isEmpty {
            if code == .success { Console.out(message + "\n") } else { Console.error(message) }
        }
        terminate(code == .validationFailure ? 2 : code.rawValue)
    }
}

/// The C library's `exit` (inside a command type, `exit` names ArgumentParser's).
private func terminate(_ status: Int32) -> Never {
    exit(status)
}
