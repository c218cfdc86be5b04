extension CompiledStrategy {
    /// Whether a run of this strategy reads bar field `field`: through a rule (`volume >
    /// 1000`), an indicator (`sma(volume, 20)`, `atr`, `vwap`, `high[1]`), a value its records
    /// show or an order or exit price — the block plan's field list, which the block path
    /// already trusts to copy every field read — and, for high and low, the engine's checks of
    /// resting orders, exits and entry values against each bar's range. A run may load its
    /// bars without a field it does not read (8 bytes a bar it would hold and never use).
    package func reads(_ field: BarField) -> Bool {
        if plan.fields.contains(field.rawValue) { return true }
        return (field == .high || field == .low) && (hasOrdersWithLife || readsEntry)
    }
}
