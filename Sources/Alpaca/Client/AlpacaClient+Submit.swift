import Foundation
import Logging

/// Order submission without blind retries (API.md §2.4).
///
/// A timeout, a dropped connection or a 5xx on `POST /v2/orders` does not say whether the
/// order landed. So after such a failure the client waits (backoff), asks
/// `GET /v2/orders:by_client_order_id`, and only on a 404 sends the same request again with the
/// same `client_order_id`. A 429 is refused before processing and is simply sent again after
/// the requested wait. A 422 "client_order_id must be unique" means an earlier attempt (or an
/// earlier run) did land: the existing order is fetched and returned if it is the same order.
extension AlpacaClient {
    public func submitOrder(_ request: OrderRequest) async throws -> Order {
        let spec = RequestSpec(.POST, .trading, "/v2/orders", body: try encodeBody(request))
        if let problem = request.problem() {
            throw AlpacaError(kind: .invalidRequest(problem), method: "POST", path: spec.path)
        }
        let scheduling = configuration.scheduling
        let health = executor.health
        var logger = configuration.logger
        logger[metadataKey: "alpaca.client_order_id"] = "\(request.clientOrderId)"
        var budget = RetryBudget(policy: configuration.retryPolicy, scheduling: scheduling)
        while true {
            budget.startAttempt()
            let failure: any Error
            switch await executor.sendOnce(spec, attempt: budget.attempts) {
            case .success(let response):
                health.succeeded(attempts: budget.attempts, at: scheduling.now())
                return try executor.decode(Order.self, from: response, spec: spec)
            case .failure(let error):
                failure = error
            }
            if failure is CancellationError { throw failure }
            var error = failure as? AlpacaError ?? executor.transportError(failure, spec: spec)
            error.attempts = budget.attempts
            if error.isDuplicateClientOrderId {
                health.answered(error, at: scheduling.now())
                return try await existingOrder(for: request, duplicateError: error, logger: logger)
            }
            guard error.isRetryable else {
                health.answered(error, at: scheduling.now())
                throw error
            }
            health.attemptFailed(error, at: scheduling.now())
            // Only a 429 tells us for certain that nothing was processed.
            let fateUnknown = error.status != 429
            guard let delay = budget.delay(after: error) else {
                health.exhausted(error, at: scheduling.now())
                logger.error("alpaca order submission failed, giving up", metadata: ["alpaca.error": "\(error)"])
                if fateUnknown, let landed = try await lastLookUp(request, error: &error) { return landed }
                throw error
            }
            logger.warning("alpaca order submission failed; will check whether it landed before resending",
                           metadata: ["alpaca.error": "\(error)",
                                      "alpaca.retry_in_ms": "\(Int(delay.inSeconds * 1000))"])
            try await scheduling.sleep(delay)
            guard fateUnknown else { continue }
            let existing: Order?
            do {
                existing = try await order(clientOrderId: request.clientOrderId)
            } catch var lookupError as AlpacaError {
                lookupError.note = Self.unknownFateNote(request.clientOrderId)
                throw lookupError
            }
            if let existing {
                logger.notice("alpaca order had landed despite the failed response; not resending")
                return existing
            }
            logger.info("alpaca order did not land; resending with the same client_order_id")
        }
    }

    /// After a 422 duplicate: the order that holds this `client_order_id`, if it is ours.
    private func existingOrder(for request: OrderRequest, duplicateError: AlpacaError,
                               logger: Logger) async throws -> Order {
        var error = duplicateError
        guard let existing = try await order(clientOrderId: request.clientOrderId) else {
            error.note = "Alpaca reports the client_order_id as used but cannot find its order."
            throw error
        }
        guard existing.symbol == request.symbol, existing.side == request.side else {
            error.note = "client_order_id \(request.clientOrderId) already belongs to a different order "
                + "(\(existing.side.rawValue) \(existing.symbol), id \(existing.id)); derive a new id."
            throw error
        }
        logger.notice("alpaca order with this client_order_id already exists; returning it",
                      metadata: ["alpaca.order_id": "\(existing.id)"])
        return existing
    }

    /// Retries are spent: one single look-up decides between "it landed" and "it did not".
    private func lastLookUp(_ request: OrderRequest, error: inout AlpacaError) async throws -> Order? {
        let spec = Self.byClientOrderIdSpec(request.clientOrderId)
        switch await executor.sendOnce(spec, attempt: 1) {
        case .success(let response):
            return try executor.decode(Order.self, from: response, spec: spec)
        case .failure(let failure as AlpacaError) where failure.isNotFound:
            error.note = "The order was not placed (Alpaca has no order with client_order_id "
                + "\(request.clientOrderId))."
        case .failure:
            error.note = Self.unknownFateNote(request.clientOrderId)
        }
        return nil
    }

    static func unknownFateNote(_ clientOrderId: String) -> String {
        "Whether the order reached Alpaca is unknown: look up client_order_id \(clientOrderId) "
            + "before sending it again."
    }
}
