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
                    appendFixed4(value, to: &out)
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

    /// `value` with four decimals, as CPython's `format(x, '.4f')` and C's `%.4f` write it:
    /// the exact binary value rounded to nearest, ties to even. The shortest decimal that reads
    /// back as `value` (`description`) rounds the same way — a rounding boundary between the
    /// two would itself read back as `value` and be as short or shorter — except when that
    /// decimal is the boundary itself (five decimals ending in 5): then C's printf decides.
    /// (printf through `withVaList` for all four million numbers took most of the seven
    /// seconds of CPU the bench spent writing the file.)
    static func appendFixed4(_ value: Double, to out: inout [UInt8]) {
        let text = Array(value.description.utf8)
        guard value.isFinite, value >= 0, value < 1e15, !text.contains(UInt8(ascii: "e")),
              let point = text.firstIndex(of: UInt8(ascii: ".")) else { return appendPrintf(value, to: &out) }
        var digits = Array(text[..<point]) + Array(text[(point + 1)...].prefix(4))
        while digits.count < point + 4 { digits.append(UInt8(ascii: "0")) }
        let tail = text[(point + 1)...].dropFirst(4)
        if let first = tail.first {
            if first == UInt8(ascii: "5") && tail.count == 1 { return appendPrintf(value, to: &out) }
            if first >= UInt8(ascii: "5") {
                var k = digits.count - 1
                while k >= 0 && digits[k] == UInt8(ascii: "9") {
                    digits[k] = UInt8(ascii: "0")
                    k -= 1
                }
                if k >= 0 { digits[k] += 1 } else { digits.insert(UInt8(ascii: "1"), at: 0) }
            }
        }
        out.append(contentsOf: digits.dropLast(4))
        out.append(UInt8(ascii: "."))
        out.append(contentsOf: digits.suffix(4))
    }

    /// glibc's printf rounds the exact binary value to nearest, ties to even.
    static func appendPrintf(_ value: Double, to out: inout [UInt8]) {
        var number = [CChar](repeating: 0, count: 400)
        let length = withVaList([value]) { vsnprintf(&number, 400, "%.4f", $0) }
        for k in 0..<max(0, min(Int(length), 399)) { out.append(UInt8(bitPattern: number[k])) }
    }
}
