#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Vocabulary

/// The 1-minute bar file of `algobot bench --csv`: a deterministic random walk over regular
/// sessions (09:30–15:59 New York, weekdays from 2010-01-04, the day's New York UTC offset),
/// byte for byte what `scripts/bench/make_minute_csv.py OUT BARS` writes (the same draws of
/// CPython's generator seeded 42, the same `%.4f` rounding), so the bench needs no Python
/// and the script and the bench time the same file.
enum MinuteCSV {
    static let header = "timestamp,open,high,low,close,volume\n"

    /// Writes `bars` rows to `path`, a megabyte at a time.
    static func write(bars: Int, to path: String) throws {
        guard let file = fopen(path, "wb") else {
            throw BenchError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        var failed = false
        var out: [UInt8] = Array(header.utf8)
        out.reserveCapacity(1 << 20 + 256)
        func flush() {
            if !out.isEmpty && fwrite(out, 1, out.count, file) != out.count { failed = true }
            out.removeAll(keepingCapacity: true)
        }
        var number = [CChar](repeating: 0, count: 64)
        func appendFixed4(_ value: Double) {
            // glibc's printf rounds the exact binary value to nearest, ties to even, as
            // CPython's `format(x, '.4f')` does.
            let length = withVaList([value]) { vsnprintf(&number, 64, "%.4f", $0) }
            for k in 0..<max(0, min(Int(length), 63)) { out.append(UInt8(bitPattern: number[k])) }
        }
        var random = PythonRandom(seed: 42)
        var day = CivilDate.days(year: 2010, month: 1, day: 4)
        var price = 100.0
        var written = 0
        while written < bars {
            defer { day += 1 }
            if CivilDate.isWeekend(day) { continue }
            let start = NewYorkTime.sessionOpen(localDate: day)
            let offset = NewYorkTime.offset(utc: start)
            for minute in 0..<390 where written < bars {
                out.append(contentsOf: ISOTimestamp.text(start + Int64(minute) * 60, offset: offset).utf8)
                let open = price
                let close = max(1.0, open * (1 + random.gauss(0, 0.001)))
                let high = max(open, close) * (1 + abs(random.gauss(0, 0.0003)))
                let low = min(open, close) * (1 - abs(random.gauss(0, 0.0003)))
                let volume = random.randint(100, 100_000)
                for value in [open, high, low, close] {
                    out.append(UInt8(ascii: ","))
                    appendFixed4(value)
                }
                out.append(contentsOf: ",\(volume)\n".utf8)
                price = close
                written += 1
                if out.count >= 1 << 20 { flush() }
            }
        }
        flush()
        if fclose(file) != 0 || failed {
            throw BenchError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}
