/// Writes numbers in fixed decimal notation from the exact value of the double, without locale,
/// exponent or negative zero.
///
/// A double is an integer times a power of two, so its decimal expansion is finite and exact; the
/// digits are computed with a small big-integer multiplication, then rounded half away from zero.
/// 4.76875 (stored as 4.768749999...) therefore rounds to 4.7687 at four places, as the value
/// really is, and the result is the same on every platform.
enum DecimalText {
    /// `x` with exactly `decimals` places, rounded half away from zero; "-" only when the rounded
    /// value is not zero. Non-finite values give an empty string (callers treat them as no score).
    static func fixed(_ x: Double, decimals: Int) -> String {
        guard x.isFinite else { return "" }
        var (digits, integerCount) = expansion(abs(x))
        if integerCount <= 0 {
            digits = [UInt8](repeating: 0, count: 1 - integerCount) + digits
            integerCount = 1
        }
        let keep = integerCount + decimals
        if digits.count < keep + 1 { digits += [UInt8](repeating: 0, count: keep + 1 - digits.count) }
        let roundUp = digits[keep] >= 5
        var kept = Array(digits[..<keep])
        if roundUp {
            var index = kept.count - 1
            while index >= 0 {
                if kept[index] == 9 { kept[index] = 0; index -= 1 } else { kept[index] += 1; break }
            }
            if index < 0 { kept.insert(1, at: 0); integerCount += 1 }
        }
        let isZero = kept.allSatisfy { $0 == 0 }
        var text = (x < 0 && !isZero) ? "-" : ""
        // Drop leading zeros of the integer part, keeping one.
        var start = 0
        while start < integerCount - 1, kept[start] == 0 { start += 1 }
        text += String(decoding: kept[start..<integerCount].map { $0 + 48 }, as: UTF8.self)
        if decimals > 0 {
            text += "." + String(decoding: kept[integerCount...].map { $0 + 48 }, as: UTF8.self)
        }
        return text
    }

    /// `x` rounded to at most `maxDecimals` places with trailing zeros (and a bare point) removed:
    /// 12.5, 3, -0.25. Used for coordinates and for scale ends in messages.
    static func plain(_ x: Double, maxDecimals: Int = 4) -> String {
        var text = fixed(x, decimals: maxDecimals)
        guard text.contains(".") else { return text }
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    /// A coordinate for SVG: at most two places.
    static func coordinate(_ x: Double) -> String { plain(x, maxDecimals: 2) }

    /// The exact decimal digits of a finite, non-negative double, most significant first, and how
    /// many of them come before the decimal point (zero or negative for values below 0.1).
    static func expansion(_ x: Double) -> (digits: [UInt8], integerCount: Int) {
        guard x != 0 else { return ([0], 1) }
        var mantissa = x.significandBitPattern
        var exponent: Int
        if x.isNormal {
            mantissa |= 1 << 52
            exponent = Int(x.exponentBitPattern) - 1075
        } else {
            exponent = -1074
        }
        while mantissa & 1 == 0, exponent < 0 {
            mantissa >>= 1
            exponent += 1
        }
        // Little-endian limbs of nine decimal digits each.
        var limbs: [UInt64] = []
        var m = mantissa
        while m > 0 {
            limbs.append(m % 1_000_000_000)
            m /= 1_000_000_000
        }
        func multiply(by factor: UInt64) {
            var carry: UInt64 = 0
            for index in limbs.indices {
                let product = limbs[index] * factor + carry
                limbs[index] = product % 1_000_000_000
                carry = product / 1_000_000_000
            }
            while carry > 0 {
                limbs.append(carry % 1_000_000_000)
                carry /= 1_000_000_000
            }
        }
        // x = mantissa * 2^exponent; for a negative exponent, x = mantissa * 5^k / 10^k.
        var remaining = abs(exponent)
        let chunk = 13  // 5^13 and 2^13 keep every product below 2^64
        let base: UInt64 = exponent < 0 ? 5 : 2
        let bigFactor: UInt64 = exponent < 0 ? 1_220_703_125 : 8_192
        while remaining >= chunk { multiply(by: bigFactor); remaining -= chunk }
        var small: UInt64 = 1
        for _ in 0..<remaining { small *= base }
        if small > 1 { multiply(by: small) }

        var digits: [UInt8] = []
        for (index, limb) in limbs.reversed().enumerated() {
            var group = [UInt8](repeating: 0, count: 9)
            var value = limb
            for position in stride(from: 8, through: 0, by: -1) {
                group[position] = UInt8(value % 10)
                value /= 10
            }
            if index == 0 {
                digits += group.drop(while: { $0 == 0 })
            } else {
                digits += group
            }
        }
        let fractionDigits = exponent < 0 ? -exponent : 0
        return (digits, digits.count - fractionDigits)
    }
}
