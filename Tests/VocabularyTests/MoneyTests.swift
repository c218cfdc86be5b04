import Testing
import Vocabulary

/// The one money and number text, as explanations, messages and reports show it.
@Suite struct MoneyTests {
    @Test func moneyAndNumbersAreFormattedTheSameEverywhere() {
        #expect(Money.text(1234.56) == "$1,234.56")
        #expect(Money.text(25_000) == "$25,000.00")
        #expect(Money.text(-20) == "-$20.00")
        #expect(Money.text(0.004) == "$0.00")
        #expect(Money.text(-0.004) == "$0.00")
        #expect(Money.text(1_234_567.891) == "$1,234,567.89")
        #expect(Money.reading(398.1) == "398.10")
        #expect(Money.reading(0.0042) == "0.0042")
        #expect(Money.reading(nil) == "n/a (not enough data)")
        #expect(Money.quantity(1200) == "1,200")
        #expect(Money.quantity(2.5) == "2.5")
        #expect(Money.plain(402.1) == "402.1")
        #expect(Money.plain(24) == "24")
    }

    /// Numbers a sentence compares get at least four significant digits, and more when two
    /// different numbers would still read the same (issue 17: a cross read "0.25 (previous
    /// bar 0.25)"); prices keep their cents.
    @Test func comparedNumbersAlwaysReadDifferentlyWhenTheyDiffer() {
        #expect(Money.distinguishing([0.2531, 0.2468]) == ["0.2531", "0.2468"])
        #expect(Money.distinguishing([0.25, 0.2512]) == ["0.25", "0.2512"])
        #expect(Money.distinguishing([0.25000001, 0.25]) == ["0.25000001", "0.25"])
        #expect(Money.distinguishing([401.23, 398.1]) == ["401.23", "398.10"])
        #expect(Money.distinguishing([401.2301, 401.2299]) == ["401.2301", "401.2299"])
        #expect(Money.distinguishing([12_345.678, 12_345.671]) == ["12,345.68", "12,345.67"])
        #expect(Money.distinguishing([12_345.6781, 12_345.6789]) == ["12,345.678", "12,345.679"])
        #expect(Money.distinguishing([0.000123456, 0.000123457]) == ["0.000123456", "0.000123457"])
        #expect(Money.distinguishing([5, 5]) == ["5.00", "5.00"])
        #expect(Money.distinguishing([nil, 0]) == ["n/a (not enough data)", "0.00"])
        #expect(Money.distinguishing([.nan, .nan]) == ["NaN", "NaN"])
        let neighbours = [1.0, 1.0.nextUp]
        let texts = Money.distinguishing(neighbours)
        #expect(texts[0] != texts[1])
        #expect(Double(texts[1].replacingOccurrences(of: ",", with: "")) == 1.0.nextUp)
    }

    @Test func wholeAmountsWithoutCentsForLimits() {
        #expect(Money.text(25_000, cents: false) == "$25,000")
        #expect(Money.text(9_980.5, cents: false) == "$9,980.50")
        #expect(Money.text(9_980.004, cents: false) == "$9,980")
        #expect(Money.text(-1_000_000, cents: false) == "-$1,000,000")
        #expect(Money.grouped(Int64(-1_234_567)) == "-1,234,567")
        #expect(Money.grouped(Int64.min) == "-9,223,372,036,854,775,808")
        #expect(Money.number(401.234) == "401.23")
        #expect(Money.number(10.001) == "10")
        #expect(Money.number(-0.001) == "0")
        #expect(Money.number(2.5, places: 0) == "3")
    }

    /// Decided once: an amount that is not a number reads "unknown" (explain's check messages
    /// said so; its order and fill lines said "n/a"), an infinite one "unlimited". An amount
    /// that rounds to zero has no sign (the policy's messages said "-$0.00").
    @Test func amountsThatAreNotNumbers() {
        #expect(Money.text(.nan) == "unknown")
        #expect(Money.text(.infinity) == "unlimited")
        #expect(Money.text(-.infinity) == "-unlimited")
        #expect(Money.text(-0.001, cents: false) == "$0")
        #expect(Money.number(.nan) == "unknown")
        #expect(Money.grouped(.nan, places: 2) == "unknown")
        #expect(Money.plain(.nan) == "NaN")
        #expect(Money.plain(-.infinity) == "-inf")
        #expect(Money.reading(.infinity) == "inf")
    }

    @Test func amountsBeyondAnyBudgetDoNotTrap() {
        #expect(Money.text(1e15) == "$1,000,000,000,000,000.00")
        #expect(Money.text(1e20) == "$1e+20")
        #expect(Money.text(-1e300) == "-$1e+300")
    }
}
