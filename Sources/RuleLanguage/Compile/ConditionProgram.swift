/// Rule conditions as a flat postfix program over slots, evaluated with a small stack of
/// booleans. Plain data: evaluating it touches no reference counts, unlike closures.
struct ConditionOp {
    enum Code: UInt8 {
        case less, lessEqual, greater, greaterEqual, equal, notEqual
        case crossAbove, crossBelow
        case and, or, not, boolEqual, boolNotEqual
        case constTrue, constFalse
        /// Slot `a` equals one of the constants `constants[b ..< b + c]`.
        case member
    }

    var code: Code
    var a: Int32 = 0
    var b: Int32 = 0
    /// Previous-bar slots for crossings; count of constants for `member`.
    var c: Int32 = 0
    var d: Int32 = 0
}

extension ConditionOp {
    /// Evaluates `ops[start ..< end]`; `stack` has room for the program's depth.
    @inline(__always)
    static func evaluate(_ ops: UnsafePointer<ConditionOp>, _ start: Int, _ end: Int, _ r: UnsafeMutablePointer<Double>,
                         _ constants: UnsafePointer<Double>, _ stack: UnsafeMutablePointer<Bool>) -> Bool {
        var top = 0
        for i in start..<end {
            let op = ops[i]
            let a = Int(op.a), b = Int(op.b)
            switch op.code {
            case .less: stack[top] = r[a] < r[b]; top += 1
            case .lessEqual: stack[top] = r[a] <= r[b]; top += 1
            case .greater: stack[top] = r[a] > r[b]; top += 1
            case .greaterEqual: stack[top] = r[a] >= r[b]; top += 1
            case .equal: stack[top] = r[a] == r[b]; top += 1
            case .notEqual: stack[top] = r[a] != r[b]; top += 1
            case .crossAbove: stack[top] = r[Int(op.c)] <= r[Int(op.d)] && r[a] > r[b]; top += 1
            case .crossBelow: stack[top] = r[Int(op.c)] >= r[Int(op.d)] && r[a] < r[b]; top += 1
            case .and: top -= 1; stack[top - 1] = stack[top - 1] && stack[top]
            case .or: top -= 1; stack[top - 1] = stack[top - 1] || stack[top]
            case .not: stack[top - 1] = !stack[top - 1]
            case .boolEqual: top -= 1; stack[top - 1] = stack[top - 1] == stack[top]
            case .boolNotEqual: top -= 1; stack[top - 1] = stack[top - 1] != stack[top]
            case .constTrue: stack[top] = true; top += 1
            case .constFalse: stack[top] = false; top += 1
            case .member:
                let x = r[a]
                var found = false
                for k in 0..<Int(op.c) where constants[b + k] == x { found = true }
                stack[top] = found
                top += 1
            }
        }
        return stack[0]
    }
}

/// Emits the postfix program of one condition.
struct ConditionEmitter {
    var ops: [ConditionOp] = []
    var constants: [Double] = []
    private var depth = 0
    private(set) var maxDepth = 0

    private mutating func push(_ op: ConditionOp) {
        ops.append(op)
        depth += 1
        maxDepth = max(maxDepth, depth)
    }

    private mutating func combine(_ code: ConditionOp.Code) {
        ops.append(ConditionOp(code: code))
        depth -= 1
    }

    mutating func emit(_ e: TypedExpr, _ b: inout ProgramBuilder) {
        switch e {
        case .bool(let value):
            push(ConditionOp(code: value ? .constTrue : .constFalse))
        case .not(let x):
            emit(x, &b)
            ops.append(ConditionOp(code: .not))
        case .logic(let op, let x, let y):
            emit(x, &b)
            emit(y, &b)
            combine(op == .and ? .and : .or)
        case .crosses(let direction, let x, let y):
            let sx = b.slot(x), sy = b.slot(y)
            push(ConditionOp(code: direction == .above ? .crossAbove : .crossBelow, a: sx, b: sy,
                             c: b.previous(of: sx), d: b.previous(of: sy)))
        case .compare(let op, let x, let y) where Self.isCondition(x):
            emit(x, &b)
            emit(y, &b)
            combine(op == .equal ? .boolEqual : .boolNotEqual)
        case .compare(let op, let x, let y):
            let codes: [TypedExpr.CompareOp: ConditionOp.Code] = [
                .less: .less, .lessEqual: .lessEqual, .greater: .greater, .greaterEqual: .greaterEqual,
                .equal: .equal, .notEqual: .notEqual,
            ]
            push(ConditionOp(code: codes[op]!, a: b.slot(x), b: b.slot(y)))
        case .member(let x, let items):
            let values = items.compactMap { item -> Double? in if case .number(let n) = item { return n } else { return nil } }
            push(ConditionOp(code: .member, a: b.slot(x), b: Int32(constants.count), c: Int32(values.count)))
            constants += values
        default:
            preconditionFailure("not a strategy condition: \(e.text)")
        }
    }

    static func isCondition(_ e: TypedExpr) -> Bool {
        switch e {
        case .bool, .not, .logic, .crosses, .compare, .member: return true
        default: return false
        }
    }
}
