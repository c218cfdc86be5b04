import Foundation

/// A one-line progress bar on standard error (only drawn when it is a terminal).
enum ProgressBar {
    static func draw(done: Int, total: Int, of unit: String = "bars") {
        guard total > 0 else { return }
        let width = 30
        let filled = min(width, done * width / total)
        let line = "\r[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            + "] \(done * 100 / total)% of \(total) \(unit)"
        Console.errorInPlace(line)
    }

    static func clear() {
        Console.errorInPlace("\r\u{1B}[2K")
    }
}
