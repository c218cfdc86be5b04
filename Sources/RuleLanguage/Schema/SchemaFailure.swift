/// One step from the document root to a value: a key of a mapping, an item of a list, or a
/// key name itself (when `propertyNames` rejects the key rather than its value).
enum PathSegment: Sendable {
    case key(String, span: SourceSpan)
    /// `id` is the item's own `id:` when it has one, so messages can say `rule 'enter-long'`.
    case index(Int, id: String?)
    case keyName(String)
}

/// What went wrong at one place, in the validator's terms. `SchemaDiagnostics` turns these
/// into the plain-words `Diagnostic`s an operator reads.
struct SchemaFailure: Sendable {
    enum Kind: Sendable {
        case unknownKey(String, declared: [String], keySpan: SourceSpan)
        case missingKey(String, schema: Int?)
        case missingDependency(String, because: String, keySpan: SourceSpan)
        case wrongType(expected: TypeSet)
        case notInEnum([YAMLNode])
        case notConst(YAMLNode)
        case outOfRange
        case pattern(String)
        case textTooShort(Int)
        case textTooLong(Int)
        case tooFewItems(Int)
        case tooManyItems(Int)
        case repeatedItem(firstIndex: Int)
        case exactlyOneOf(keys: [String], present: [YAMLEntry])
        case notMultiple(of: Double)
        case tooFewKeys(Int)
        case tooManyKeys(Int)
        case matchesNot
        case falseSchema
        case matchesSeveral(Int)
        case noMatch
    }

    var kind: Kind
    /// The offending value.
    var node: YAMLNode
    var path: [PathSegment]
    /// The schema node whose keyword failed: its bounds, examples and `x-help` feed the help line.
    var schema: Int
}
