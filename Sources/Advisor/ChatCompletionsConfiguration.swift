import Foundation

/// Where and how the chat-completions advisor asks: an OpenAI-compatible endpoint, a model,
/// a key from the environment, a timeout.
public struct ChatCompletionsConfiguration: Sendable {
    public static let defaultKeyVariable = "LLM_API_KEY"
    public static let baseURLVariable = "LLM_BASE_URL"
    public static let modelVariable = "LLM_MODEL"

    /// `https://api.example.com/v1`; requests go to `<baseURL>/chat/completions`.
    public let baseURL: URL
    public let model: String
    public let apiKey: APIKey
    /// Total time for one note (connect, send, answer); slower answers become
    /// "advisor unavailable".
    public var timeout: Duration
    public var maxTokens: Int

    public init(baseURL: URL, model: String, apiKey: APIKey, timeout: Duration = .seconds(5), maxTokens: Int = 200) {
        self.baseURL = baseURL
        self.model = model
        self.apiKey = apiKey
        self.timeout = timeout
        self.maxTokens = maxTokens
    }

    /// Reads the key from `environment[keyVariable]`; `baseURL` and `model` are used when
    /// given (flags or algobot.yaml, already resolved by the caller), otherwise
    /// `LLM_BASE_URL` and `LLM_MODEL`.
    public static func fromEnvironment(_ environment: [String: String], keyVariable: String = defaultKeyVariable,
                                       baseURL: String? = nil, model: String? = nil,
                                       timeout: Duration = .seconds(5)) throws -> ChatCompletionsConfiguration {
        let key = environment[keyVariable]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !key.isEmpty else { throw AdvisorConfigurationError.missingKey(variable: keyVariable) }
        guard let base = nonEmpty(baseURL) ?? nonEmpty(environment[baseURLVariable]) else {
            throw AdvisorConfigurationError.missingBaseURL
        }
        guard let model = nonEmpty(model) ?? nonEmpty(environment[modelVariable]) else {
            throw AdvisorConfigurationError.missingModel
        }
        guard timeout > .zero else { throw AdvisorConfigurationError.badTimeout }
        return ChatCompletionsConfiguration(baseURL: try checkedURL(base), model: model,
                                            apiKey: APIKey(key), timeout: timeout)
    }

    /// https anywhere; plain http only to this machine (a local model server or a test),
    /// because the key travels in a header.
    static func checkedURL(_ text: String) throws -> URL {
        let trimmed = text.hasSuffix("/") ? String(text.dropLast()) : text
        guard let url = URL(string: trimmed), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else {
            throw AdvisorConfigurationError.badBaseURL(trimmed, why: "it is not an absolute http(s) URL")
        }
        switch scheme {
        case "https": return url
        case "http" where ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host.lowercased()): return url
        case "http": throw AdvisorConfigurationError.badBaseURL(trimmed, why: "plain http would send the key unencrypted; use https")
        default: throw AdvisorConfigurationError.badBaseURL(trimmed, why: "the scheme must be https")
        }
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let t = text?.trimmingCharacters(in: .whitespacesAndNewlines), !t.isEmpty else { return nil }
        return t
    }

    /// `<baseURL>/chat/completions`
    var endpoint: String { baseURL.absoluteString + "/chat/completions" }
}

/// The API key. Printing it (string interpolation, `dump`, logs) shows `***`; only the
/// request header reads `value`.
public struct APIKey: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    let value: String

    public init(_ value: String) { self.value = value }

    public var description: String { "***" }
    public var debugDescription: String { "***" }
    public var customMirror: Mirror { Mirror(self, children: []) }
}

/// The advisor could not be set up; each case says what to do.
public enum AdvisorConfigurationError: Error, Equatable, CustomStringConvertible {
    case missingKey(variable: String)
    case missingBaseURL
    case missingModel
    case badBaseURL(String, why: String)
    case badTimeout
    case unknownKind(String)

    public var description: String {
        switch self {
        case .missingKey(let variable):
            return "the chat advisor needs an API key in the environment variable \(variable); set it (or put it in .env), "
                + "or use --advisor template"
        case .missingBaseURL:
            return "the chat advisor needs a base URL: set \(ChatCompletionsConfiguration.baseURLVariable) "
                + "(for example https://api.openai.com/v1)"
        case .missingModel:
            return "the chat advisor needs a model name: set \(ChatCompletionsConfiguration.modelVariable)"
        case let .badBaseURL(url, why):
            return "advisor base URL \(url): \(why)"
        case .badTimeout:
            return "the advisor timeout must be more than zero seconds"
        case .unknownKind(let kind):
            return "unknown advisor '\(kind)': use off, template or chat"
        }
    }
}
