/// `--shard I/N`: the combinations numbered I, I + N, I + 2N, ... (I from 0).
public struct SweepShard: Sendable, Equatable {
    public let index: Int
    public let count: Int

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, (0..<count).contains(index) else {
            throw SweepError(message: "--shard \(text): expected I/N with 0 ≤ I < N, e.g. --shard 0/4 (the first of four shards)")
        }
        self.init(index: index, count: count)
    }
}
