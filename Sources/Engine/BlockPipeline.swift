import Foundation
import Synchronization

/// A strategy's blocks computed on a second thread, ahead of the engine.
///
/// A strategy that never reads the account computes the same columns whatever the engine
/// does with its orders, so the evaluator need not wait for the fills: a producer thread
/// computes unit after unit (a block of one symbol, or a window of every symbol's blocks)
/// into a ring of slots, each slot its own evaluators sharing the symbols' `StrategyState`s,
/// and the engine walks each finished unit's events (decisions, fills) while the next ones
/// are being computed. Every number is the one a single evaluator computes: the units run
/// in order over the same states, only on another core. The engine hands a unit back when
/// it is done with it; the producer never runs more than `ring` units ahead, so memory
/// stays a few units' columns.
///
/// Memory order: the producer writes a unit's columns, then publishes its number (a
/// sequentially consistent store, which also releases); the engine reads them after loading
/// that number (and the same the other way for a unit handed back).
final class BlockPipeline: @unchecked Sendable {
    /// Slots in the ring.
    let ring: Int
    private let units: Int
    /// Computes unit `k` into slot `slot` (`k % ring`), on whichever thread calls it.
    private let compute: (_ k: Int, _ slot: Int) -> Void
    /// Units the producer has finished (unit k is ready when `ready > k`).
    private let ready = Atomic<Int>(0)
    /// Units the engine has handed back (unit k's slot is free when `released > k`).
    private let released = Atomic<Int>(0)
    private let stopped = Atomic<Bool>(false)
    /// Threads asleep in `wait`, and what they sleep on.
    private let sleepers = Atomic<Int>(0)
    private let condition = NSCondition()
    private let finished = DispatchSemaphore(value: 0)
    private var started = false
    /// The engine's side: how long it slept waiting for units, and whether it stopped the producer.
    private var slept = 0
    private var gaveUp = false
    /// Nanoseconds the engine sleeps waiting for the producer before it stops the producer,
    /// and the tries of a wait before it sleeps (tests set both to 0 to take the way out at
    /// once). Waiting briefly is normal when both sides are about as fast; sleeping long is
    /// not: it means the producer's core is busy with something else.
    var patience = 1_000_000
    var spinLimit = 4_096

    /// `compute` must not read what the engine changes (the account, the portfolio): the
    /// strategy's states are the producer's alone until it stops.
    init(ring: Int, units: Int, compute: @escaping (_ k: Int, _ slot: Int) -> Void) {
        precondition(ring >= 2, "a pipeline needs a unit being read and one being written")
        self.ring = ring
        self.units = units
        self.compute = compute
    }

    func start() {
        precondition(!started, "a pipeline runs once")
        started = true
        Thread.detachNewThread { [self] in
            produce()
            finished.signal()
        }
    }

    /// The slot holding unit `k`, computed. Once the engine has given up on the producer
    /// (after sleeping `patience` in all waiting for it: on a machine whose other cores are
    /// busy the producer is often not running, and waiting for it would make the run slower
    /// than one thread), the units it did not finish are computed here, on the engine's
    /// thread, when asked for.
    func unit(_ k: Int) -> Int {
        let slot = k % ring
        if !gaveUp {
            let isReady = { self.ready.load(ordering: .sequentiallyConsistent) > k }
            if spin(isReady) { return slot }
            if slept < patience {
                let began = DispatchTime.now().uptimeNanoseconds
                let ready = wait(isReady)
                slept += Int(DispatchTime.now().uptimeNanoseconds - began)
                if ready { return slot }
            }
            gaveUp = true
            finish()
        }
        if ready.load(ordering: .sequentiallyConsistent) <= k { compute(k, slot) }
        return slot
    }

    /// The engine is done with unit `k` (and every unit before it).
    func release(_ k: Int) {
        publish(released, k + 1)
    }

    /// Units the producer computed: all of them unless the engine gave up on it.
    var produced: Int { ready.load(ordering: .sequentiallyConsistent) }

    /// Stops the producer (if it is still running) and waits for its thread to end: after
    /// this, the producer touches nothing. Call it however the run ends.
    func finish() {
        guard started else { return }
        stopped.store(true, ordering: .sequentiallyConsistent)
        wake()
        finished.wait()
        started = false
    }

    private func produce() {
        for k in 0..<units {
            // The slot of unit k last held unit k − ring: wait until it is handed back.
            guard wait({ self.released.load(ordering: .sequentiallyConsistent) > k - self.ring }) else { return }
            compute(k, k % ring)
            publish(ready, k + 1)
        }
    }

    /// Tries `done` for a few microseconds, then sleeps until woken, so that a wait on a busy
    /// machine leaves the core to whoever can use it; false if the pipeline was stopped first.
    ///
    /// No wake-up is lost: a sleeper counts itself in `sleepers` before its last look at
    /// `done`, and `publish` stores before it reads `sleepers` (all sequentially
    /// consistent), so either the publisher sees the sleeper and wakes it or the sleeper sees
    /// what was published. The timed wait is a second net.
    @discardableResult
    private func wait(_ done: () -> Bool) -> Bool {
        if spin(done) { return true }
        condition.lock()
        defer { condition.unlock() }
        sleepers.add(1, ordering: .sequentiallyConsistent)
        defer { sleepers.subtract(1, ordering: .sequentiallyConsistent) }
        while !done() {
            if stopped.load(ordering: .sequentiallyConsistent) { return false }
            _ = condition.wait(until: Date(timeIntervalSinceNow: 0.002))
        }
        return true
    }

    /// Whether `done` holds within a few microseconds (on an idle machine the other side is
    /// about to get there).
    private func spin(_ done: () -> Bool) -> Bool {
        for _ in 0..<spinLimit where done() { return true }
        return false
    }

    /// Stores `value` into `counter` and wakes the other side if it sleeps.
    private func publish(_ counter: borrowing Atomic<Int>, _ value: Int) {
        counter.store(value, ordering: .sequentiallyConsistent)
        wake()
    }

    private func wake() {
        guard sleepers.load(ordering: .sequentiallyConsistent) > 0 else { return }
        condition.lock()
        condition.broadcast()
        condition.unlock()
    }
}
