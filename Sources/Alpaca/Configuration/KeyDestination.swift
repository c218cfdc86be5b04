import Foundation

/// Where a URL would send the keys, judged on the host exactly as the HTTP client connects to
/// it. Only plain spellings count: an Alpaca host name (any case, trailing dots allowed),
/// `localhost`, a dotted-quad `127.x.y.z` and the IPv6 loopback `::1` (in any IPv6 notation).
/// Everything a resolver would also turn into an address is `other`: `2130706433`,
/// `0177.0.0.1`, `127.1`, `0x7f.0.0.1` (inet_aton forms), `::ffff:127.0.0.1`, percent-encoded
/// or zone-qualified hosts, and `localhost.` (which goes to DNS, not to /etc/hosts).
enum KeyDestination: Equatable {
    /// A host name under `alpaca.markets`, lowercased and without trailing dots.
    case alpaca(String)
    case loopback
    case other

    init(_ url: URL) {
        // The host as written: a `%` is an encoded character or an IPv6 zone, both refused.
        guard let written = url.host(percentEncoded: true), let host = url.host, !written.contains("%"), !host.isEmpty else {
            self = .other
            return
        }
        self = Self.judge(host)
    }

    /// `host` is `URL.host`: decoded, IPv6 without brackets.
    static func judge(_ host: String) -> KeyDestination {
        let lower = host.lowercased()
        if lower.contains(":") { return isIPv6Loopback(lower) ? .loopback : .other }
        if lower == "localhost" { return .loopback }
        if looksNumeric(lower) { return isCanonicalIPv4Loopback(lower) ? .loopback : .other }
        // Trailing dots only for Alpaca's names (DNS resolves them the same); `127.0.0.1.` and
        // `localhost.` would be DNS lookups, so they are `other`.
        var name = lower
        while name.hasSuffix(".") { name.removeLast() }
        if name.hasSuffix(".alpaca.markets"), name.unicodeScalars.allSatisfy(isHostCharacter) { return .alpaca(name) }
        return .other
    }

    /// A resolver reads a name whose last label is a number (`1`, `0x7f`) as an IPv4 address.
    private static func looksNumeric(_ name: String) -> Bool {
        guard let last = name.split(separator: ".", omittingEmptySubsequences: false).last, !last.isEmpty else { return false }
        if last.hasPrefix("0x") { return last.dropFirst(2).allSatisfy(\.isHexDigit) }
        return last.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// Exactly four decimal parts, 0–255, no leading zeros, the first 127.
    private static func isCanonicalIPv4Loopback(_ name: String) -> Bool {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }),
                  part == "0" || !part.hasPrefix("0"), let value = Int(part), value <= 255 else { return false }
        }
        return parts[0] == "127"
    }

    private static func isIPv6Loopback(_ text: String) -> Bool {
        var address = in6_addr()
        guard inet_pton(AF_INET6, text, &address) == 1 else { return false }
        return withUnsafeBytes(of: &address) { bytes in bytes.dropLast().allSatisfy { $0 == 0 } && bytes.last == 1 }
    }

    private static func isHostCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == "-" || scalar == ".")
    }
}
