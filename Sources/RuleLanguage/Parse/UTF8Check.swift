/// Finds the first byte that breaks UTF-8, so the error can say where it is.
enum UTF8Check {
    static func firstInvalidByte(_ bytes: [UInt8]) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            let width: Int
            switch b {
            case 0x00...0x7F: i += 1; continue
            case 0xC2...0xDF: width = 2
            case 0xE0...0xEF: width = 3
            case 0xF0...0xF4: width = 4
            default: return i
            }
            guard i + width <= n else { return i }
            for k in 1..<width where bytes[i + k] & 0xC0 != 0x80 { return i }
            // Overlongs and surrogates.
            if b == 0xE0 && bytes[i + 1] < 0xA0 { return i }
            if b == 0xED && bytes[i + 1] > 0x9F { return i }
            if b == 0xF0 && bytes[i + 1] < 0x90 { return i }
            if b == 0xF4 && bytes[i + 1] > 0x8F { return i }
            i += width
        }
        return nil
    }

    /// 1-based line and character column of byte `index` (the bytes before it are valid),
    /// with lines counted the way the rest of the linter counts them.
    static func location(ofByte index: Int, in bytes: [UInt8]) -> SourceLocation {
        SourceFile.location(after: bytes[..<index])
    }
}
