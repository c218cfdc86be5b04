import Foundation

/// The texts of a curve's first and last times (the summary's `first_bar` and `last_bar`):
/// every run of a sweep over the same bars has the same two, so they are looked up and
/// written once, not once per combination.
final class SweepPeriod: @unchecked Sendable {
    private let lock = NSLock()
    private var known: (first: Int64, last: Int64, texts: (String, String))?

    /// The texts of `first` and `last`, made by `make` when they are not the ones known.
    func texts(first: Int64, last: Int64, _ make: () -> (String, String)) -> (String, String) {
        if let known = lock.withLock({ known }), known.first == first, known.last == last { return known.texts }
        let texts = make()
        lock.withLock { known = (first, last, texts) }
        return texts
    }
}
