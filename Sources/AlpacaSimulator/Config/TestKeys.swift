/// The simulator answers only its own test keys, never an Alpaca account's. Test keys are
/// printed at start for any Alpaca client to use, so a key pair chosen with `algobot sim
/// --key-id/--secret-key` must not be one Alpaca issued: this refuses what has the shape of
/// one. Alpaca's key ids are `PK` (paper) or `AK` (live) and 18 more capital letters or
/// digits, and its secrets are 40 letters and digits.
public enum TestKeys {
    /// Why `keyID` and `secretKey` cannot be the simulator's keys; nil when they can.
    public static func problem(keyID: String, secretKey: String) -> String? {
        if let problem = headerProblem(keyID, name: "key id") ?? headerProblem(secretKey, name: "secret key") {
            return problem
        }
        if looksIssued(keyID: keyID) {
            return "the key id looks like a real Alpaca key id (PK or AK and 18 capital letters or digits); "
                + "the simulator takes only test keys: choose one that says so, such as PKSIMTEST01"
        }
        if looksIssued(secretKey: secretKey) {
            return "the secret key looks like a real Alpaca secret (30 or more letters and digits only); "
                + "the simulator takes only test keys: choose one with a '-' in it, such as my-sim-secret-1"
        }
        return nil
    }

    /// Two capital letters ending in K, then 18 capital letters or digits; one that says it is
    /// a test key (SIM or TEST in it) is one.
    static func looksIssued(keyID: String) -> Bool {
        let scalars = Array(keyID.unicodeScalars)
        guard scalars.count == 20, scalars[1] == "K", isCapital(scalars[0]) else { return false }
        guard scalars.dropFirst(2).allSatisfy({ isCapital($0) || isDigit($0) }) else { return false }
        return !(keyID.contains("SIM") || keyID.contains("TEST"))
    }

    /// Letters and digits only, 30 or more: Alpaca's secrets are 40 such characters, and no
    /// word in one can make it a test value.
    static func looksIssued(secretKey: String) -> Bool {
        secretKey.unicodeScalars.count >= 30
            && secretKey.unicodeScalars.allSatisfy { isCapital($0) || isDigit($0) || ("a"..."z").contains($0) }
    }

    /// Keys travel in HTTP headers: visible ASCII, no spaces, at most 256 characters.
    private static func headerProblem(_ value: String, name: String) -> String? {
        if value.isEmpty { return "the \(name) is empty" }
        if value.unicodeScalars.count > 256 { return "the \(name) is longer than 256 characters" }
        guard value.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            return "the \(name) may hold only visible ASCII characters, without spaces (it is sent in an HTTP header)"
        }
        return nil
    }

    private static func isCapital(_ scalar: Unicode.Scalar) -> Bool { ("A"..."Z").contains(scalar) }
    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }
}
