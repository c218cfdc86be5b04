import Report
import Vocabulary

/// One walk-forward window: the sweep picks params on the train days, which are then run
/// on the test days that follow (days since 1970-01-01, both ends included). Rolling
/// windows move by the test span; anchored ones keep the first train day and grow.
public struct WalkForwardWindow: Sendable, Equatable {
    public let trainFirst: Int64
    public let trainLast: Int64
    public let testFirst: Int64
    public let testLast: Int64

    public init(trainFirst: Int64, trainLast: Int64, testFirst: Int64, testLast: Int64) {
        self.trainFirst = trainFirst
        self.trainLast = trainLast
        self.testFirst = testFirst
        self.testLast = testLast
    }

    /// The windows over the days `first...last` of the data. Test spans follow one another
    /// without a gap; the last is cut at `last` (out-of-sample days are never left out). An
    /// error says how much data the spans need when not even one window fits.
    public static func plan(first: Int64, last: Int64, train: WalkForwardSpan, test: WalkForwardSpan,
                            anchored: Bool) throws -> [WalkForwardWindow] {
        var windows: [WalkForwardWindow] = []
        // Each test span is counted from the first one (not from the one before), so a short
        // month never shifts the windows after it.
        let firstTest = train.advanced(first)
        var testFirst = firstTest
        while testFirst <= last {
            let next = test.advanced(firstTest, by: windows.count + 1)
            let trainFirst = anchored ? first : max(first, train.advanced(testFirst, by: -1))
            windows.append(WalkForwardWindow(trainFirst: trainFirst, trainLast: testFirst - 1, testFirst: testFirst,
                                             testLast: min(next - 1, last)))
            testFirst = next
        }
        guard !windows.isEmpty else {
            throw SweepError(message: "--train \(train) --test \(test): the data covers only \(ISOTimestamp.dateText(day: first)) to "
                + "\(ISOTimestamp.dateText(day: last)), not more than the train span; use a shorter --train or more data")
        }
        return windows
    }
}
