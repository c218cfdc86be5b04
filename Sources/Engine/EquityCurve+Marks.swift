/// How a curve kept as stretches between fills gives its points: `Marks` holds the
/// stretches, `Figures` reads a point's equity or invested value from either kind of curve.
extension EquityCurve {
    /// Points from the end of the stretch before (0 for the first) up to `end` (exclusive),
    /// at which the account held `cash` and `shares` of the curve's one symbol.
    package struct Stretch: Sendable, Equatable {
        package var end: Int
        package let cash: Double
        package let shares: Double
    }

    /// A one-symbol run's points as stretches over the symbol's closes.
    package struct Marks: Sendable {
        /// The symbol's closes: the series' own array, shared, not copied.
        package let closes: [Double]
        /// The bar (index into `closes`) of point 0.
        package let first: Int
        package private(set) var stretches: [Stretch] = []

        package var count: Int { stretches.last?.end ?? 0 }

        /// The next `count` points: one stretch, or the last one made longer when the account
        /// is the same to the bit (a block of bars ended between two fills), which gives each
        /// point the same figures.
        mutating func append(cash: Double, shares: Double, count: Int) {
            let end = self.count + count
            let k = stretches.count - 1
            if k >= 0 && stretches[k].cash.bitPattern == cash.bitPattern && stretches[k].shares.bitPattern == shares.bitPattern {
                stretches[k].end = end
            } else {
                stretches.append(Stretch(end: end, cash: cash, shares: shares))
            }
        }

        /// The stretch holding point `i` (the first that ends after it).
        func stretch(holding i: Int) -> Int {
            var lo = 0, hi = stretches.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if stretches[mid].end <= i { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
    }

    /// The equity at a close, as every loop of the engine computes it.
    @inlinable package static func equity(cash: Double, shares: Double, close: Double) -> Double {
        cash + shares * close
    }

    /// The market value held at a close (none when nothing is held, whatever the close).
    @inlinable package static func invested(shares: Double, close: Double) -> Double {
        shares == 0 ? 0 : abs(shares * close)
    }

    /// One figure of every point, computed from the stretch that holds it when the curve keeps
    /// stretches. Reading in order (iterating) walks the stretches; a lone subscript looks its
    /// stretch up (a binary search over the fills).
    public struct Figures: RandomAccessCollection, Sendable {
        let points: [Double]
        let marks: Marks?
        let investedValue: Bool

        init(curve: EquityCurve, invested: Bool) {
            points = invested ? curve.pointInvested : curve.pointEquity
            marks = curve.marks
            investedValue = invested
        }

        public var startIndex: Int { 0 }
        public var endIndex: Int { marks?.count ?? points.count }

        public subscript(i: Int) -> Double {
            guard let marks else { return points[i] }
            let s = marks.stretches[marks.stretch(holding: i)]
            return value(s, close: marks.closes[marks.first + i])
        }

        func value(_ s: Stretch, close: Double) -> Double {
            investedValue ? EquityCurve.invested(shares: s.shares, close: close) : EquityCurve.equity(cash: s.cash, shares: s.shares, close: close)
        }

        public func makeIterator() -> Iterator { Iterator(self) }

        public struct Iterator: IteratorProtocol {
            private let figures: Figures
            private let closes: [Double]
            private let stretches: [Stretch]
            private let first: Int
            private let end: Int
            private var i = 0, k = 0

            init(_ figures: Figures) {
                self.figures = figures
                closes = figures.marks?.closes ?? []
                stretches = figures.marks?.stretches ?? []
                first = figures.marks?.first ?? 0
                end = figures.endIndex
            }

            public mutating func next() -> Double? {
                guard i < end else { return nil }
                defer { i += 1 }
                if stretches.isEmpty { return figures.points[i] }
                while stretches[k].end <= i { k += 1 }
                return figures.value(stretches[k], close: closes[first + i])
            }
        }
    }
}
