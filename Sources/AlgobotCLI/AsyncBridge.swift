import Foundation

/// Runs async library code from the synchronous commands (the root command is synchronous).
/// The work runs on the concurrency pool while the calling thread waits.
enum AsyncBridge {
    private final class Box<T>: @unchecked Sendable {
        var result: Result<T, Error>?
    }

    static func run<T>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let box = Box<T>()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do {
                box.result = .success(try await body())
            } catch {
                box.result = .failure(error)
            }
            done.signal()
        }
        done.wait()
        return try box.result!.get()
    }
}
