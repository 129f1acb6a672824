import Foundation

/// Number and time formatting shared by the progress lines and the report.
enum Format {
    /// `1,234,567`
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped += "," }
            grouped.append(character)
        }
        return value < 0 ? "-" + grouped : grouped
    }

    /// `123,456.7`
    static func rate(_ value: Double) -> String {
        let whole = Int(value.rounded(.down))
        let tenth = Int(((value - Double(whole)) * 10).rounded(.down))
        return "\(count(whole)).\(tenth)"
    }

    /// A latency given in nanoseconds, in the unit that reads best: `850 ns`, `182 µs`, `1.23 ms`, `2.50 s`.
    static func latency(_ nanoseconds: UInt64) -> String {
        let value = Double(nanoseconds)
        switch value {
        case ..<1_000: return "\(nanoseconds) ns"
        case ..<100_000: return String(format: "%.1f µs", value / 1e3)
        case ..<1_000_000: return String(format: "%.0f µs", value / 1e3)
        case ..<1_000_000_000: return String(format: "%.2f ms", value / 1e6)
        default: return String(format: "%.2f s", value / 1e9)
        }
    }

    static func seconds(_ value: Double) -> String { String(format: "%.2f s", value) }

    static func padded(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}
