/// The simulator answers only requests addressed to this machine by a loopback name. It listens
/// on 127.0.0.1 already; the `Host` check adds what listening cannot: a web page whose own host
/// name was rebound to 127.0.0.1 (DNS rebinding) still sends that name, and is refused.
enum LoopbackHost {
    static let names: Set<String> = ["127.0.0.1", "localhost", "[::1]"]

    /// Whether `Host` (HTTP/1.1) or `:authority` is a loopback name with an optional port:
    /// `127.0.0.1`, `localhost` (any case) or `[::1]`, each with or without `:PORT`.
    static func accepts(_ host: String?) -> Bool {
        guard let host else { return false }
        var name = Substring(host.lowercased())
        // The port is after the last colon, unless that colon is inside IPv6 brackets.
        if let colon = name.lastIndex(of: ":"), !name[colon...].contains("]") {
            let port = name[name.index(after: colon)...]
            guard !port.isEmpty, port.count <= 5, port.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
            name = name[..<colon]
        }
        return names.contains(String(name))
    }

    /// The body of the 403 answer (never echoes the Host it refused: it is attacker text).
    static let refusal = "the simulator answers only requests addressed to a loopback name "
        + "(Host: 127.0.0.1, localhost or [::1], with any port)"
}
