import Foundation

/// A failed Alpaca call: what was asked (method and path, never headers), what came back
/// (HTTP status plus Alpaca's `code` and `message`) and whether trying again can help.
public struct AlpacaError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    public enum Kind: Sendable, Equatable {
        /// The server answered with a non-2xx status.
        case http(status: Int)
        /// No complete answer within the request timeout.
        case timeout
        /// The connection failed or dropped before a complete answer arrived.
        case connection(String)
        /// A 2xx answer whose body is not what the API documents.
        case invalidResponse(String)
        /// Refused before sending: the request itself breaks one of Alpaca's rules.
        case invalidRequest(String)
    }

    public var kind: Kind
    public var method: String
    /// Path only (no host, query or headers).
    public var path: String
    /// Alpaca's 8-digit error code, when the body carried one.
    public var code: Int?
    /// Alpaca's message, or a short excerpt of a non-JSON body.
    public var message: String?
    /// How many attempts were made in all.
    public var attempts: Int
    /// The wait the server asked for (`Retry-After` / `X-RateLimit-Reset`) on a 429.
    public var retryAfter: Duration?
    /// Extra context added by the caller, e.g. that an order's fate is unknown.
    public var note: String?

    public init(kind: Kind, method: String, path: String, code: Int? = nil, message: String? = nil,
                attempts: Int = 1, retryAfter: Duration? = nil, note: String? = nil) {
        self.kind = kind
        self.method = method
        self.path = path
        self.code = code
        self.message = message
        self.attempts = attempts
        self.retryAfter = retryAfter
        self.note = note
    }

    public var status: Int? {
        if case .http(let status) = kind { return status }
        return nil
    }

    /// Timeouts, connection errors, 5xx and 429 may succeed later; any other 4xx never will.
    public var isRetryable: Bool {
        switch kind {
        case .timeout, .connection: return true
        case .http(let status): return status == 429 || (500...599).contains(status)
        case .invalidResponse, .invalidRequest: return false
        }
    }

    public var isNotFound: Bool { status == 404 }

    /// Alpaca refuses a reused `client_order_id` with 422 (API.md §2.4).
    public var isDuplicateClientOrderId: Bool {
        status == 422 && (message ?? "").localizedCaseInsensitiveContains("client_order_id must be unique")
    }

    public var description: String {
        var text = "Alpaca \(method) \(path) failed: "
        switch kind {
        case .http(let status):
            text += "HTTP \(status)"
            if let code { text += " (code \(code))" }
            if let message, !message.isEmpty { text += ": \(message)" }
        case .timeout:
            text += "no answer within the request timeout"
        case .connection(let detail):
            text += "connection problem (\(detail))"
        case .invalidResponse(let detail):
            text += "unexpected response (\(detail))"
        case .invalidRequest(let detail):
            text += "invalid request: \(detail)"
        }
        if attempts > 1 { text += " after \(attempts) attempts" }
        text += "."
        if let hint { text += " \(hint)" }
        if let note { text += " \(note)" }
        return text
    }

    public var errorDescription: String? { description }

    private var hint: String? {
        switch kind {
        case .http(401):
            return "Check APCA_API_KEY_ID and APCA_API_SECRET_KEY: they must be paper-trading keys."
        case .http(403) where (message ?? "").lowercased().hasPrefix("forbidden"):
            return "The keys are not allowed here; paper keys work only with the paper-trading URL."
        case .http(429):
            return "Alpaca's rate limit was hit; requests slow down on their own."
        case .http(let status) where status >= 500:
            return "Alpaca had a server problem; it usually passes, and the bot retries on its own."
        case .timeout, .connection:
            return "Check the network connection to Alpaca; the bot retries on its own."
        default:
            return nil
        }
    }
}
