import Testing
@testable import AlpacaSimulator

/// `algobot sim --key-id/--secret-key` takes test keys only: keys shaped like the ones Alpaca
/// issues are refused, and the reason never repeats the key.
@Suite struct TestKeysTests {
    static let secret = "my-sim-secret-1"

    @Test func theBuiltInKeysAreTestKeys() {
        #expect(TestKeys.problem(keyID: SimulatorConfig.defaultKeyID, secretKey: SimulatorConfig.defaultSecretKey) == nil)
    }

    @Test(arguments: ["PKSIMTEST01", "PKTEST", "sim-key", "PKSIMULATOR000000000", "PKTEST00000000000000", "pkab12cd34ef56gh78ij",
                      "PKAB12CD34EF56GH78I", "PKAB12CD34EF56GH78IJK"])
    func keyIDsThatAreNotAlpacasShapeOrSayTheyAreTestsAreAccepted(_ keyID: String) {
        #expect(TestKeys.problem(keyID: keyID, secretKey: Self.secret) == nil)
    }

    @Test(arguments: ["PKAB12CD34EF56GH78IJ", "AKAB12CD34EF56GH78IJ", "PK0000000000000000ZZ", "CKXYZ12345XYZ12345XY"])
    func keyIDsShapedLikeAlpacasAreRefused(_ keyID: String) throws {
        let problem = try #require(TestKeys.problem(keyID: keyID, secretKey: Self.secret))
        #expect(problem.hasPrefix("the key id looks like a real Alpaca key id"))
        #expect(!problem.contains(keyID))
    }

    @Test(arguments: [String(repeating: "aB3", count: 13) + "x", "abcdefghijklmnopqrstuvwxyzABCD", "simSIMsim" + String(repeating: "7", count: 31)])
    func secretsShapedLikeAlpacasAreRefusedWhateverTheySay(_ secret: String) throws {
        let problem = try #require(TestKeys.problem(keyID: "PKSIMTEST01", secretKey: secret))
        #expect(problem.hasPrefix("the secret key looks like a real Alpaca secret"))
        #expect(!problem.contains(secret))
    }

    @Test func aSecretWithAnythingButLettersAndDigitsOrShorterThan30IsATestSecret() {
        #expect(TestKeys.problem(keyID: "PKSIMTEST01", secretKey: String(repeating: "a", count: 29)) == nil)
        #expect(TestKeys.problem(keyID: "PKSIMTEST01", secretKey: String(repeating: "aB3", count: 13) + "-") == nil)
    }

    @Test func keysMustFitInAnHTTPHeader() {
        #expect(TestKeys.problem(keyID: "", secretKey: Self.secret) == "the key id is empty")
        #expect(TestKeys.problem(keyID: "PKSIMTEST01", secretKey: "") == "the secret key is empty")
        #expect(TestKeys.problem(keyID: "PK SIM", secretKey: Self.secret)?.contains("visible ASCII") == true)
        #expect(TestKeys.problem(keyID: "PKSIMTEST01", secretKey: "geheim-schlüssel")?.contains("visible ASCII") == true)
        #expect(TestKeys.problem(keyID: "PKSIMTEST01", secretKey: "line\nbreak")?.contains("visible ASCII") == true)
        #expect(TestKeys.problem(keyID: String(repeating: "K", count: 257), secretKey: Self.secret) == "the key id is longer than 256 characters")
    }
}
