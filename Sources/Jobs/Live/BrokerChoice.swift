/// Where `algobot run` sends its orders: an Alpaca paper account, or a simulator (the
/// built-in one, or `algobot sim` at a URL). The `broker` setting and `--broker` spell these.
public enum BrokerChoice: String, Sendable, CaseIterable {
    case alpaca, sim
}
