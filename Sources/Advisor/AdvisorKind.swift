import Audit
import Foundation
import Logging

/// Which advisor a run uses: `off` (the default), `template`, or `chat` (an
/// OpenAI-compatible endpoint configured from the environment).
public enum AdvisorKind: String, Sendable, CaseIterable {
    case off
    case template
    case chat

    public init(parsing text: String) throws {
        guard let kind = AdvisorKind(rawValue: text.lowercased()) else { throw AdvisorConfigurationError.unknownKind(text) }
        self = kind
    }

    /// The advisor for this kind, or nil for `off`. `chat` reads `LLM_API_KEY` (or
    /// `keyVariable`), `LLM_BASE_URL` and `LLM_MODEL` unless `baseURL`/`model` are given, and
    /// throws a `AdvisorConfigurationError` saying what is missing.
    public func makeAdvisor(environment: [String: String] = ProcessInfo.processInfo.environment,
                            keyVariable: String = ChatCompletionsConfiguration.defaultKeyVariable,
                            baseURL: String? = nil, model: String? = nil, timeout: Duration = .seconds(5),
                            logger: Logger = Logger(label: "algobot.advisor")) throws -> (any Advisor)? {
        switch self {
        case .off:
            return nil
        case .template:
            return TemplateAdvisor()
        case .chat:
            let configuration = try ChatCompletionsConfiguration.fromEnvironment(
                environment, keyVariable: keyVariable, baseURL: baseURL, model: model, timeout: timeout)
            return ChatCompletionsAdvisor(configuration: configuration, logger: logger,
                                          redactor: SecretRedactor(environment: environment))
        }
    }
}
