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

    /// One comparison or crossing as 0/1 bytes.
    @inline(__always)
    private static func compare(_ op: ConditionOp, _ columns: UnsafePointer<UnsafeMutablePointer<Double>>,
                                into out: UnsafeMutablePointer<UInt8>, from: Int, count: Int) {
        let a = columns[Int(op.a)], b = columns[Int(op.b)], c = columns[Int(op.c)], d = columns[Int(op.d)]
        switch op.code {
        case .less: for j in from..<count { out[j] = (a[j] < b[j]).byte }
        case .lessEqual: for j in from..<count { out[j] = (a[j] <= b[j]).byte }
        case .greater: for j in from..<count { out[j] = (a[j] > b[j]).byte }
        case .greaterEqual: for j in from..<count { out[j] = (a[j] >= b[j]).byte }
        case .equal: for j in from..<count { out[j] = (a[j] == b[j]).byte }
        case .notEqual: for j in from..<count { out[j] = (a[j] != b[j]).byte }
        case .crossAbove: for j in from..<count { out[j] = (a[j] > b[j]).byte & (c[j] <= d[j]).byte }
        default: for j in from..<count { out[j] = (a[j] < b[j]).byte & (c[j] >= d[j]).byte }
        }
    }
}

extension Bool {
    @inline(__always) var byte: UInt8 { self ? 1 : 0 }
}
