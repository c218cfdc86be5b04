import Foundation
import RuleLanguage

/// Compiles each combination of a sweep: from the template of its shape (`StrategyTemplate`:
/// one compile per shape, renumbered per combination) when the strategy can have one, in
/// full otherwise. The same compiled strategy either way; shared by the sweep's threads.
final class SweepCompiler: @unchecked Sendable {
    /// Shapes kept: a grid over two params has one or two (`fast = slow`); past this many,
    /// further shapes are compiled in full.
    static let maxShapes = 8

    private let templates: Bool
    private let lock = NSLock()
    private var known: [StrategyTemplate] = []

    init(_ strategy: CheckedStrategy) {
        templates = StrategyTemplate.templates(strategy)
    }

    func compile(_ checked: CheckedStrategy) -> CompiledStrategy {
        guard templates else { return StrategyCompiler.compile(checked) }
        let shapes = lock.withLock { known }
        for template in shapes {
            if let compiled = template.compile(checked) { return compiled }
        }
        if shapes.count < Self.maxShapes, let template = StrategyTemplate(checked), let compiled = template.compile(checked) {
            lock.withLock {
                if known.count < Self.maxShapes { known.append(template) }
            }
            return compiled
        }
        return StrategyCompiler.compile(checked)
    }
}
