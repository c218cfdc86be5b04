import Foundation

/// CPython's `random.Random(seed)` for a small integer seed: the Mersenne Twister (MT19937)
/// seeded as `init_by_array([seed])`, with `random()`, `gauss()` and `randint()` computed as
/// CPython computes them, so `MinuteCSV` writes the bytes `scripts/bench/make_minute_csv.py`
/// writes without Python (`MinuteCSVTests` compares the two).
struct PythonRandom {
    private var state = [UInt32](repeating: 0, count: 624)
    private var index = 624
    /// `gauss` makes two values per pair of uniforms and keeps the second (`gauss_next`).
    private var nextGauss: Double?

    init(seed: UInt32) {
        state[0] = 19_650_218
        for i in 1..<624 {
            state[i] = 1_812_433_253 &* (state[i - 1] ^ (state[i - 1] >> 30)) &+ UInt32(i)
        }
        // init_by_array with the one-word key [seed].
        var i = 1
        for _ in 0..<624 {
            state[i] = (state[i] ^ ((state[i - 1] ^ (state[i - 1] >> 30)) &* 1_664_525)) &+ seed
            i += 1
            if i >= 624 { state[0] = state[623]; i = 1 }
        }
        for _ in 0..<623 {
            state[i] = (state[i] ^ ((state[i - 1] ^ (state[i - 1] >> 30)) &* 1_566_083_941)) &- UInt32(i)
            i += 1
            if i >= 624 { state[0] = state[623]; i = 1 }
        }
        state[0] = 0x8000_0000
    }

    /// `genrand_uint32`: the next 32 random bits.
    mutating func nextWord() -> UInt32 {
        if index >= 624 { twist() }
        var y = state[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        return y ^ (y >> 18)
    }

    private mutating func twist() {
        for k in 0..<624 {
            let y = (state[k] & 0x8000_0000) | (state[(k + 1) % 624] & 0x7FFF_FFFF)
            state[k] = state[(k + 397) % 624] ^ (y >> 1) ^ (y & 1 == 0 ? 0 : 0x9908_B0DF)
        }
        index = 0
    }

    /// `random()`: 53 random bits as a double in [0, 1).
    mutating func random() -> Double {
        let a = Double(nextWord() >> 5), b = Double(nextWord() >> 6)
        return (a * 67_108_864.0 + b) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// `gauss(mu, sigma)`: Box–Muller, the second value of each pair kept for the next call.
    mutating func gauss(_ mu: Double, _ sigma: Double) -> Double {
        let z: Double
        if let kept = nextGauss {
            z = kept
            nextGauss = nil
        } else {
            let x2pi = random() * (2 * Double.pi)
            let g2rad = (-2.0 * log(1.0 - random())).squareRoot()
            z = cos(x2pi) * g2rad
            nextGauss = sin(x2pi) * g2rad
        }
        return mu + z * sigma
    }

    /// `randint(low, high)`, both ends included: `_randbelow` draws `bit_length` bits until
    /// the value fits (at most 32 bits here, which is all the bench asks for).
    mutating func randint(_ low: Int, _ high: Int) -> Int {
        let width = UInt32(high - low + 1)
        let bits = 32 - width.leadingZeroBitCount
        var r = nextWord() >> UInt32(32 - bits)
        while r >= width { r = nextWord() >> UInt32(32 - bits) }
        return low + Int(r)
    }
}
