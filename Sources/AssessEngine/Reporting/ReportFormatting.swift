import Foundation

/// Numbers and dates for people, in a stated locale (en-GB unless the reporter or command says
/// otherwise). Numbers are rounded half away from zero on the exact value, the same rule as score
/// files, so a report and the scores it came from always agree.
public struct ReportFormatting: Sendable {
    /// A BCP 47 tag such as `en-GB`, `en-US` or `cy-GB`.
    public var locale: String

    public init(locale: String = "en-GB") {
        self.locale = locale
    }

    /// Locales whose number and date forms have been checked for reports.
    public static let supportedLocales = ["cy-GB", "en-GB", "en-IE", "en-US"]

    private var foundationLocale: Locale { Locale(identifier: locale.replacingOccurrences(of: "-", with: "_")) }

    /// `3.14159` with 2 decimals is `3.14`; thousands are grouped (`12,345.6`); `nil` is `""`.
    public func number(_ value: Double, decimals: Int = 2, grouping: Bool = true) -> String {
        guard value.isFinite else { return "" }
        let fixed = ScoreWriter(format: .csv, decimals: max(0, min(decimals, 10))).number(value)
        let negative = fixed.hasPrefix("-")
        let digits = negative ? fixed.dropFirst() : Substring(fixed)
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        var whole = String(parts[0])
        let l = foundationLocale
        if grouping, whole.count > 3 {
            let separator = l.groupingSeparator ?? ","
            var grouped: [Character] = []
            for (index, character) in whole.reversed().enumerated() {
                if index > 0, index % 3 == 0 { grouped.append(contentsOf: separator) }
                grouped.append(character)
            }
            whole = String(grouped.reversed())
        }
        let fraction = parts.count > 1 ? (l.decimalSeparator ?? ".") + parts[1] : ""
        return (negative ? "-" : "") + whole + fraction
    }

    /// `0.456` with 0 decimals is `46%`.
    public func percent(_ fraction: Double, decimals: Int = 0) -> String {
        guard fraction.isFinite else { return "" }
        return number(fraction * 100, decimals: decimals, grouping: true) + "%"
    }

    /// Date styles: `long` (1 December 2026), `short` (1 Dec 2026), `numeric` (01/12/2026), `iso` (2026-12-01).
    public enum DateStyle: String, Sendable, CaseIterable {
        case long, short, numeric, iso
    }

    /// Formats a date given as `YYYY-MM-DD` (or a full ISO 8601 timestamp), in UTC.
    /// - Returns: `nil` when the text is not such a date.
    public func date(_ text: String, style: DateStyle = .long) -> String? {
        guard let date = Self.parseDate(text) else { return nil }
        if style == .iso { return String(text.prefix(10)) }
        let utc = TimeZone(identifier: "UTC")!
        let calendar = Calendar(identifier: .gregorian)
        let dateStyle: Date.FormatStyle.DateStyle = switch style {
        case .long: .long
        case .short: .abbreviated
        default: .numeric
        }
        var format = Date.FormatStyle(date: dateStyle, time: .omitted, locale: foundationLocale, calendar: calendar, timeZone: utc)
        if style == .numeric, locale.hasSuffix("GB") || locale.hasSuffix("IE") {
            format = Date.FormatStyle(locale: foundationLocale, calendar: calendar, timeZone: utc).day(.twoDigits).month(.twoDigits).year(.defaultDigits)
        }
        return date.formatted(format)
    }

    /// Parses `YYYY-MM-DD` or an ISO 8601 timestamp with a zone.
    public static func parseDate(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        if bytes.count == 10 {
            guard bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
                  let y = Int(text.prefix(4)), let m = Int(text.dropFirst(5).prefix(2)), let d = Int(text.suffix(2)),
                  (1...12).contains(m), (1...31).contains(d), (1000...9999).contains(y) else { return nil }
            var components = DateComponents()
            components.year = y
            components.month = m
            components.day = d
            components.timeZone = TimeZone(identifier: "UTC")
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            guard let date = calendar.date(from: components),
                  calendar.component(.day, from: date) == d else { return nil }  // 31 February is not a date
            return date
        }
        return try? Date(text, strategy: .iso8601)
    }
}
