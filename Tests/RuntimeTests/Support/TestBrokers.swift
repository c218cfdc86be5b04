import Alpaca
import Audit
import Foundation
import Policy
@testable import Runtime
import Vocabulary

/// A test broker that wraps another and changes one or two answers: everything it does not
/// implement goes to `inner` unchanged.
protocol ForwardingBroker: LiveBroker {
    var inner: any LiveBroker { get }
}

extension ForwardingBroker {
    var kind: String { inner.kind }
    func clock() async throws -> BrokerClock { try await inner.clock() }
    func account() async throws -> BrokerAccount { try await inner.account() }
    func positions() async throws -> [BrokerPosition] { try await inner.positions() }
    func openOrders() async throws -> [BrokerOrder] { try await inner.openOrders() }
    func order(clientOrderId: String) async throws -> BrokerOrder? { try await inner.order(clientOrderId: clientOrderId) }
    func bars(_ request: BarRequest) async throws -> [String: [Bar]] { try await inner.bars(request) }
    func cancel(orderId: String) async throws { try await inner.cancel(orderId: orderId) }
    func submit(_ order: ApprovedOrder, timeInForce: Vocabulary.TimeInForce) async throws -> BrokerOrder {
        try await inner.submit(order, timeInForce: timeInForce)
    }
    func submit(_ order: ApprovedOrder, trailPercent: Double, timeInForce: Vocabulary.TimeInForce) async throws -> BrokerOrder {
        try await inner.submit(order, trailPercent: trailPercent, timeInForce: timeInForce)
    }
    /// An entry without legs goes through the wrapper's own `submit`; one with legs to the inner broker.
    func submit(_ entry: ApprovedOrder, legs: ExitLegOrders, timeInForce: Vocabulary.TimeInForce) async throws -> [BrokerOrder] {
        legs.isEmpty ? [try await submit(entry, timeInForce: timeInForce)] : try await inner.submit(entry, legs: legs, timeInForce: timeInForce)
    }
}

/// Forwards everything; before each submit it records what the audit log on disk says about
/// the order at that moment.
struct AuditCheckingBroker: ForwardingBroker {
    struct Seen {
        var clientOrderId: String
        var recordedBefore: Bool
        /// status.json said an order was in flight while it was being sent.
        var statusSaidSubmitting: Bool
    }

    final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private var entries: [Seen] = []
        func add(_ seen: Seen) { lock.lock(); entries.append(seen); lock.unlock() }
        var all: [Seen] { lock.lock(); defer { lock.unlock() }; return entries }
    }

    let inner: any LiveBroker
    let auditPath: String
    let statusPath: String
    let log = Log()


    func submit(_ order: ApprovedOrder, timeInForce: Vocabulary.TimeInForce) async throws -> BrokerOrder {
        let id = order.intent.clientOrderId
        let onDisk = (try? AuditReader(path: auditPath).readAll()) ?? []
        let status = try? RunStatus.read(path: statusPath)
        log.add(Seen(clientOrderId: id, recordedBefore: onDisk.contains { $0.submitted?.clientOrderId == id },
                     statusSaidSubmitting: status?.submitting == true && (status?.openOrders ?? 0) > 0))
        return try await inner.submit(order, timeInForce: timeInForce)
    }
}

/// Loses the answer to the first order (after sending it, or without sending it), then asks
/// the run to stop: what a crash mid-order leaves behind.
struct CrashingBroker: ForwardingBroker {
    let inner: any LiveBroker
    let sendBeforeFailing: Bool
    let stop: StopSignal


    func submit(_ order: ApprovedOrder, timeInForce: Vocabulary.TimeInForce) async throws -> BrokerOrder {
        stop.request()
        if sendBeforeFailing { _ = try await inner.submit(order, timeInForce: timeInForce) }
        throw BrokerError(.unreachable, "connection lost while sending (test)")
    }

    /// The same for an entry with its exit legs (one bracket order).
    func submit(_ entry: ApprovedOrder, legs: ExitLegOrders, timeInForce: Vocabulary.TimeInForce) async throws -> [BrokerOrder] {
        stop.request()
        if sendBeforeFailing { _ = try await inner.submit(entry, legs: legs, timeInForce: timeInForce) }
        throw BrokerError(.unreachable, "connection lost while sending (test)")
    }
}

/// An in-memory broker for unit tests: fixed answers, or failures.
struct FakeBroker: LiveBroker {
    var clockAnswer = BrokerClock(now: Date(timeIntervalSince1970: 1_704_920_400), isOpen: false)
    var accountAnswer = BrokerAccount(cash: 10_000, equity: 12_000, lastEquity: 12_000)
    var positionsAnswer: [BrokerPosition] = []
    var failing = false

    var kind: String { "fake" }
    private func check() throws { if failing { throw BrokerError(.unreachable, "fake broker is down") } }
    func clock() async throws -> BrokerClock { try check(); return clockAnswer }
    func account() async throws -> BrokerAccount { try check(); return accountAnswer }
    func positions() async throws -> [BrokerPosition] { try check(); return positionsAnswer }
    func openOrders() async throws -> [BrokerOrder] { try check(); return [] }
    func order(clientOrderId: String) async throws -> BrokerOrder? { try check(); return nil }
    func bars(_ request: BarRequest) async throws -> [String: [Bar]] { try check(); return [:] }
    func cancel(orderId: String) async throws { try check() }
    func submit(_ order: ApprovedOrder, timeInForce: Vocabulary.TimeInForce) async throws -> BrokerOrder { throw BrokerError(.refused, "fake broker takes no orders") }
}

/// Forwards everything, but lets a test run something while one answer is on its way: the
/// simulator's manual clock moving on during a slow answer (`beforeAccountAnswer`), or the
/// market moving on before a slow order request arrives (`beforeSubmitArrives`). Each queued
/// action runs once, for the next such call.
struct SlowAnswerBroker: ForwardingBroker {
    final class Script: @unchecked Sendable {
        private let lock = NSLock()
        private var account: [() -> Void] = []
        private var submit: [() -> Void] = []
        func onNextAccount(_ action: @escaping () -> Void) { lock.lock(); account.append(action); lock.unlock() }
        func onNextSubmit(_ action: @escaping () -> Void) { lock.lock(); submit.append(action); lock.unlock() }
        fileprivate func takeAccount() -> (() -> Void)? { lock.lock(); defer { lock.unlock() }; return account.isEmpty ? nil : account.removeFirst() }
        fileprivate func takeSubmit() -> (() -> Void)? { lock.lock(); defer { lock.unlock() }; return submit.isEmpty ? nil : submit.removeFirst() }
    }

    let inner: any LiveBroker
    let script = Script()

    func account() async throws -> BrokerAccount {
        let answer = try await inner.account()
        script.takeAccount()?()
        return answer
    }
    func submit(_ order: ApprovedOrder, timeInForce: Vocabulary.TimeInForce) async throws -> BrokerOrder {
        script.takeSubmit()?()
        return try await inner.submit(order, timeInForce: timeInForce)
    }
}

extension AuditLedger {
    /// Exit legs open in the log on a symbol it holds nothing of while no entry of that symbol
    /// is in flight: what `OrderRouter.cancelLeftoverLegs` cancels, and what must not remain.
    var orphanLegs: [Order] {
        let entering = Set(openOrders.filter { !$0.isExitLeg }.map(\.symbol))
        return openOrders.filter { $0.isExitLeg && expectedPositions[$0.symbol] == nil && !entering.contains($0.symbol) }
    }
}
