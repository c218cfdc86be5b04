import Foundation

/// The OpenAI-compatible chat-completions request and the part of the answer we read.
enum ChatWire {
    /// Says what the model is for and what it is not: it explains, it cannot act.
    static let systemPrompt = """
        You explain decisions that a rule-based trading bot has already made, for the person who runs it. \
        You cannot place, change, approve, veto or cancel orders; nothing you write is acted on. \
        The user message is a JSON summary of one decision: the strategy rule that fired and the values it saw, \
        every policy check with its result, the outcome and the order. In two or three plain sentences, say why \
        the rule fired (with the numbers) and what the policy checks decided. Give no advice and no predictions.
        """

    struct Request: Encodable {
        struct Message: Encodable {
            var role: String
            var content: String
        }

        var model: String
        var messages: [Message]
        var maxTokens: Int
        var temperature: Double

        enum CodingKeys: String, CodingKey {
            case model, messages, temperature
            case maxTokens = "max_tokens"
        }
    }

    struct Response: Decodable {
        struct Choice: Decodable {
            struct Message: Decodable {
                var content: String?
            }

            var message: Message
        }

        var choices: [Choice]
    }

    /// `{"error": {"message": "..."}}`, which most compatible servers send with a non-2xx.
    struct ErrorBody: Decodable {
        struct Detail: Decodable {
            var message: String?
        }

        var error: Detail?
    }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The request body: system prompt plus the input as compact JSON (sorted keys, so the
    /// same decision always sends the same bytes).
    static func body(for input: AdvisorInput, model: String, maxTokens: Int) throws -> Data {
        let summary = String(decoding: try encoder().encode(input), as: UTF8.self)
        let request = Request(model: model, messages: [
            .init(role: "system", content: systemPrompt),
            .init(role: "user", content: summary),
        ], maxTokens: maxTokens, temperature: 0)
        return try encoder().encode(request)
    }
}
