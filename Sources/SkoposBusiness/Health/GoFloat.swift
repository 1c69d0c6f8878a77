/// Go's `encoding/json` text of a `float64`: the shortest digits that read back to the same value, in plain decimal
/// for magnitudes from 1e-6 up to 1e21 (`1`, `0.05`, `0.000035`, `123456789`), otherwise in exponent form with at
/// least one exponent digit (`1e-7`, `1e+21`).
enum GoFloat {
    /// The JSON text of a number; non-finite values (which Go refuses to encode) are written as `0`.
    static func format(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        if v == 0 { return v.sign == .minus ? "-0" : "0" }
        let a = abs(v)
        let (digits, point) = decimal(a)
        var out = v < 0 ? "-" : ""
        if a < 1e-6 || a >= 1e21 {
            out.append(digits[digits.startIndex])
            if digits.count > 1 {
                out += "."
                out += digits.dropFirst()
            }
            let e = point - 1
            out += e < 0 ? "e-\(-e)" : (e < 10 ? "e+0\(e)" : "e+\(e)")
        } else if point <= 0 {
            out += "0." + String(repeating: "0", count: -point) + digits
        } else if point >= digits.count {
            out += digits + String(repeating: "0", count: point - digits.count)
        } else {
            let i = digits.index(digits.startIndex, offsetBy: point)
            out += digits[..<i] + "." + digits[i...]
        }
        return out
    }

    /// The shortest significant digits of a positive finite value (no leading or trailing zeros) and the position of
    /// the decimal point: value = 0.<digits> × 10^point. Taken from Swift's shortest round-trip description.
    static func decimal(_ a: Double) -> (digits: String, point: Int) {
        let text = a.description
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...].replacing("+", with: "")) ?? 0
        }
        let parts = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let integer = parts[0]
        let fraction = parts.count > 1 ? parts[1] : ""
        var all = String(integer) + String(fraction)
        var point = integer.count + exponent
        while all.first == "0" {
            all.removeFirst()
            point -= 1
        }
        while all.last == "0" { all.removeLast() }
        return (all.isEmpty ? "0" : all, point)
    }
}
