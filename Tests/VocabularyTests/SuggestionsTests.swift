import Testing
import Vocabulary

/// The one did-you-mean: a name the linter or the data loader does not know, an id an
/// operator typed.
@Suite struct SuggestionsTests {
    @Test func closestNameForATypo() {
        #expect(Suggestions.closest(to: "smaa", in: ["sma", "ema", "rsi"]) == "sma")
        #expect(Suggestions.closest(to: "CLOSE", in: ["close", "open"]) == "close")
        #expect(Suggestions.closest(to: "xyz", in: ["sma", "ema"]) == nil)
        // Symbols the data has (this was the data loader's own edit distance).
        #expect(Suggestions.closest(to: "SPX", in: ["AAPL", "QQQ", "SPY"]) == "SPY")
        #expect(Suggestions.closest(to: "APPL", in: ["AAPL", "QQQ", "SPY"]) == "AAPL")
        #expect(Suggestions.closest(to: "MSFT", in: ["AAPL", "QQQ", "SPY"]) == nil)
    }

    @Test func aSwapOfNeighboursIsOneEdit() {
        #expect(Suggestions.distance("fsat", "fast") == 1)
        #expect(Suggestions.distance("kitten", "sitting") == 3)
        #expect(Suggestions.distance("", "abc") == 3)
        #expect(Suggestions.distance("ça", "ca") == 1)
    }

    @Test func idsByPrefixThenDistance() {
        let ids = ["o-000001", "o-000002", "o-000003", "bt-0301-QQQ-2024-03-20-enter-long"]
        #expect(Suggestions.ranked(for: "o-00001", among: ids) == ["o-000001", "o-000002", "o-000003"])
        #expect(Suggestions.ranked(for: "bt-0301-QQQ", among: ids) == ["bt-0301-QQQ-2024-03-20-enter-long"])
        #expect(Suggestions.ranked(for: "O-000002", among: ids).first == "o-000002")
        #expect(Suggestions.ranked(for: "completely-different", among: ids) == [])
        #expect(Suggestions.ranked(for: "", among: ids, limit: 2) == ["bt-0301-QQQ-2024-03-20-enter-long", "o-000001"])
    }

    /// The audit's id suggester counted a swap of two neighbouring characters as two edits,
    /// so two swapped pairs in a six-character id were too far to suggest.
    @Test func swappedCharactersInAnIdAreStillSuggested() {
        #expect(Suggestions.ranked(for: "bacdfe", among: ["abcdef", "zzzzzz"]) == ["abcdef"])
    }
}
