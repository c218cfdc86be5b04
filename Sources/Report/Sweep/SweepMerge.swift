import RuleLanguage

/// `algobot sweep merge PART...`: the partial JSON files of `--shard I/N` runs, read back
/// into the report the unsharded sweep gives. The parts must be the shards 0..<N of one
/// sweep (same header but the shard), each once, together holding every combination once.
public enum SweepMerge {
    public static func merge(_ parts: [(path: String, text: String)]) throws -> SweepReport {
        guard !parts.isEmpty else { throw SweepError(message: "give the partial JSON files of a sharded sweep") }
        var header: SweepHeader?
        var shards: [Int: String] = [:]
        var records: [SweepRecord] = []
        for (path, text) in parts {
            let root: YAMLNode
            do {
                root = try YAMLNode.parseJSON(text, path: path)
            } catch {
                throw SweepError(message: "\(error)")
            }
            let reader = SweepJSONReader(path: path)
            let partHeader = try reader.header(root["sweep"])
            guard let shard = partHeader.shard else {
                throw SweepError(message: "\(path): not a shard (its sweep.shard is null): it already holds the whole sweep")
            }
            if let header, header != partHeader.with(shard: header.shard) {
                throw SweepError(message: "\(path): not a shard of the same sweep as \(parts[0].path) (the strategy, data, params, --where or --metric differ)")
            }
            if let header, header.shard?.count != shard.count {
                throw SweepError(message: "\(path): shard \(shard.index)/\(shard.count), but \(parts[0].path) is one of \(header.shard?.count ?? 1)")
            }
            if let other = shards[shard.index] {
                throw SweepError(message: "\(path): shard \(shard.index)/\(shard.count) is also \(other); give each shard once")
            }
            shards[shard.index] = path
            header = header ?? partHeader
            records += try reader.records(root["combinations"], header: partHeader)
        }
        guard let header, let count = header.shard?.count else { throw SweepError(message: "no shard read") }
        let missing = (0..<count).filter { shards[$0] == nil }
        guard missing.isEmpty else {
            throw SweepError(message: "missing shard\(missing.count == 1 ? "" : "s") \(missing.map { "\($0)/\(count)" }.joined(separator: ", ")): "
                             + "run 'algobot sweep ... --shard I/\(count)' for \(missing.count == 1 ? "it" : "them") and merge all \(count)")
        }
        let indices = Set(records.map(\.index))
        guard indices.count == records.count, records.count == header.combinations, indices.allSatisfy({ (0..<header.combinations).contains($0) }) else {
            throw SweepError(message: "the shards hold \(records.count) combinations (\(indices.count) different), but the sweep has \(header.combinations): "
                             + "a part was cut short or edited; run its shard again")
        }
        return SweepReport(header: header.with(shard: nil), records: records)
    }
}
