/// Validation shared by the charts; every failure names the field.
enum Check {
    /// An id of 1 to 64 characters from `[A-Za-z0-9_-]`.
    static func id(_ text: String, _ field: String) throws {
        let ok = !text.isEmpty && text.utf8.count <= 64 && text.utf8.allSatisfy {
            ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 45 || $0 == 95
        }
        if !ok {
            throw ChartError(.invalidID, "\(field) \"\(text)\": expected 1 to 64 letters, digits, '-' or '_'")
        }
    }

    /// Text that is not empty once white space is ignored.
    static func text(_ text: String, _ field: String) throws {
        if Text.normalised(text).isEmpty {
            throw ChartError(.missingText, "\(field) is empty: expected some text")
        }
    }

    /// A count inside a range.
    static func count(_ count: Int, _ range: ClosedRange<Int>, _ what: String, chart: String) throws {
        if !range.contains(count) {
            throw ChartError(.wrongCount, "\(chart): \(count) \(what), expected \(range.lowerBound) to \(range.upperBound)")
        }
    }

    /// Series with valid, unique ids, labels and one value per row.
    static func series(_ list: [ChartSeries], rows: Int, rowName: String, style: ChartStyle, chart: String) throws {
        if list.count > style.maxSeries {
            throw ChartError(.wrongCount, "\(chart): \(list.count) series, but the style tells at most \(style.maxSeries) apart (one colour and one marker shape each)")
        }
        var seen = Set<String>()
        let singular = rowName == "axes" ? "axis" : String(rowName.dropLast())
        for (index, series) in list.enumerated() {
            let name = "\(chart): series \(index + 1) (\"\(series.id)\")"
            try id(series.id, "\(chart): series \(index + 1) id")
            if !seen.insert(series.id).inserted {
                throw ChartError(.duplicateID, "\(name): id used by another series of this chart")
            }
            try text(series.label, "\(name) label")
            if series.values.count != rows {
                throw ChartError(.valueCountMismatch, "\(name): \(series.values.count) values for \(rows) \(rowName), expected one value per \(singular)")
            }
        }
    }

    /// The value to draw: `nil` for no score (nil, NaN, infinite).
    static func score(_ value: Double?) -> Double? {
        guard let value, value.isFinite else { return nil }
        return value
    }
}
