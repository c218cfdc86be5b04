/// The block path of rule conditions: a program over columns of a block of bars. Each op
/// fills a column of 0/1 bytes for every row, so the op is dispatched once per block and
/// the loops have no branches (a condition is as often true as not: a branch per row would
/// be mispredicted half the time). Same comparisons as `evaluate`, so the same rules fire.
extension ConditionOp {
    /// Writes `hits[j] = 1` where `ops[start ..< end]` holds and 0 where it does not, for
    /// rows `from ..< count`. `stack` has room for the program's depth × `stride` rows.
    @inline(__always)
    static func markHits(_ ops: UnsafePointer<ConditionOp>, _ start: Int, _ end: Int,
                         _ columns: UnsafePointer<UnsafeMutablePointer<Double>>, _ constants: UnsafePointer<Double>,
                         _ stack: UnsafeMutablePointer<UInt8>, stride: Int, hits: UnsafeMutablePointer<UInt8>, from: Int, count: Int) {
        if end - start == 1, ops[start].code.rawValue <= Code.crossBelow.rawValue {
            // The common case, a single comparison or crossing: no stack at all.
            compare(ops[start], columns, into: hits, from: from, count: count)
            return
        }
        var top = 0
        for i in start..<end {
            let op = ops[i]
            let a = columns[Int(op.a)]
            let out = stack + top * stride
            let left = stack + (top - 1) * stride
            switch op.code {
            case .less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual, .crossAbove, .crossBelow:
                compare(op, columns, into: out, from: from, count: count)
                top += 1
            case .and:
                let right = stack + (top - 1) * stride, into = stack + (top - 2) * stride
                for j in from..<count { into[j] &= right[j] }
                top -= 1
            case .or:
                let right = stack + (top - 1) * stride, into = stack + (top - 2) * stride
                for j in from..<count { into[j] |= right[j] }
                top -= 1
            case .not: for j in from..<count { left[j] ^= 1 }
            case .boolEqual:
                let right = stack + (top - 1) * stride, into = stack + (top - 2) * stride
                for j in from..<count { into[j] = (into[j] == right[j]).byte }
                top -= 1
            case .boolNotEqual:
                let right = stack + (top - 1) * stride, into = stack + (top - 2) * stride
                for j in from..<count { into[j] = (into[j] != right[j]).byte }
                top -= 1
            case .constTrue: for j in from..<count { out[j] = 1 }; top += 1
            case .constFalse: for j in from..<count { out[j] = 0 }; top += 1
            case .member:
                let first = Int(op.b), n = Int(op.c)
                for j in from..<count {
                    let x = a[j]
                    var found: UInt8 = 0
                    for k in 0..<n where constants[first + k] == x { found = 1 }
                    out[j] = found
                }
                top += 1
            }
        }
        (hits + from).update(from: stack + from, count: count - from)
    }

    /// One comparison or crossing as 0/1 bytes, eight rows at a time (the comparisons
    /// of `evaluate`, exact, so vectors and single rows give the same bytes), then the
    /// rows left one by one.
    @inline(__always)
    private static func compare(_ op: ConditionOp, _ columns: UnsafePointer<UnsafeMutablePointer<Double>>,
                                into out: UnsafeMutablePointer<UInt8>, from: Int, count: Int) {
        let a = columns[Int(op.a)], b = columns[Int(op.b)], c = columns[Int(op.c)], d = columns[Int(op.d)]
        switch op.code {
        case .less: compareRows(a, b, into: out, from: from, count: count) { $0 .< $1 } row: { $0 < $1 }
        case .lessEqual: compareRows(a, b, into: out, from: from, count: count) { $0 .<= $1 } row: { $0 <= $1 }
        case .greater: compareRows(a, b, into: out, from: from, count: count) { $0 .> $1 } row: { $0 > $1 }
        case .greaterEqual: compareRows(a, b, into: out, from: from, count: count) { $0 .>= $1 } row: { $0 >= $1 }
        case .equal: compareRows(a, b, into: out, from: from, count: count) { $0 .== $1 } row: { $0 == $1 }
        case .notEqual: compareRows(a, b, into: out, from: from, count: count) { $0 .!= $1 } row: { $0 != $1 }
        case .crossAbove:
            crossRows(a, b, c, d, into: out, from: from, count: count) { ($0 .> $1) .& ($2 .<= $3) } row: { $0 > $1 && $2 <= $3 }
        default:
            crossRows(a, b, c, d, into: out, from: from, count: count) { ($0 .< $1) .& ($2 .>= $3) } row: { $0 < $1 && $2 >= $3 }
        }
    }

    typealias Rows = SIMD8<Double>
    typealias RowMask = SIMDMask<SIMD8<Int64>>

    @inline(__always)
    private static func load(_ p: UnsafeMutablePointer<Double>, _ j: Int) -> Rows {
        UnsafeRawPointer(p + j).loadUnaligned(as: Rows.self)
    }

    /// Stores a mask as eight 0/1 bytes.
    @inline(__always)
    private static func store(_ mask: RowMask, _ out: UnsafeMutablePointer<UInt8>, _ j: Int) {
        let bytes = SIMD8<UInt8>(truncatingIfNeeded: SIMD8<Int64>(repeating: 0).replacing(with: 1, where: mask))
        UnsafeMutableRawPointer(out + j).storeBytes(of: bytes, as: SIMD8<UInt8>.self)
    }

    @inline(__always)
    private static func compareRows(_ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>,
                                    into out: UnsafeMutablePointer<UInt8>, from: Int, count: Int,
                                    _ vector: (Rows, Rows) -> RowMask, row: (Double, Double) -> Bool) {
        var j = from
        while j &+ 8 <= count {
            store(vector(load(a, j), load(b, j)), out, j)
            j &+= 8
        }
        while j < count {
            out[j] = row(a[j], b[j]).byte
            j &+= 1
        }
    }

    @inline(__always)
    private static func crossRows(_ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>,
                                  _ c: UnsafeMutablePointer<Double>, _ d: UnsafeMutablePointer<Double>,
                                  into out: UnsafeMutablePointer<UInt8>, from: Int, count: Int,
                                  _ vector: (Rows, Rows, Rows, Rows) -> RowMask, row: (Double, Double, Double, Double) -> Bool) {
        var j = from
        while j &+ 8 <= count {
            store(vector(load(a, j), load(b, j), load(c, j), load(d, j)), out, j)
            j &+= 8
        }
        while j < count {
            out[j] = row(a[j], b[j], c[j], d[j]).byte
            j &+= 1
        }
    }
}

extension Bool {
    @inline(__always) var byte: UInt8 { self ? 1 : 0 }
}
