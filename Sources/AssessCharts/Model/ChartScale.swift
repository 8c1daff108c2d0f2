/// The range of values a chart shows, with the marks along it.
///
/// Values outside `min...max` are drawn at the nearer end and the tables say so.
public struct ChartScale: Sendable, Equatable {
    /// The lowest value on the scale.
    public let min: Double
    /// The highest value on the scale.
    public let max: Double
    /// The marks drawn along the scale, in ascending order of value.
    public let ticks: [ChartTick]

    /// Makes a scale from its ends and, optionally, its marks.
    ///
    /// - Parameters:
    ///   - min: The lowest value; finite and below `max`.
    ///   - max: The highest value; finite.
    ///   - ticks: The marks, each inside `min...max`, in strictly ascending order. When `nil`, marks
    ///     are chosen: every whole number for a short whole-number range (up to 12 steps), otherwise
    ///     about five evenly spaced round numbers.
    /// - Throws: `ChartError.Code.invalidScale` naming the end or tick at fault.
    public init(min: Double, max: Double, ticks: [ChartTick]? = nil) throws {
        guard min.isFinite, max.isFinite else {
            throw ChartError(.invalidScale, "scale: min and max must be finite numbers")
        }
        guard min < max else {
            throw ChartError(.invalidScale, "scale: min (\(DecimalText.plain(min))) must be below max (\(DecimalText.plain(max)))")
        }
        self.min = min
        self.max = max
        if let ticks {
            var previous = -Double.infinity
            for (index, tick) in ticks.enumerated() {
                let name = "scale tick \(index + 1)"
                guard tick.value.isFinite, tick.value >= min, tick.value <= max else {
                    throw ChartError(.invalidScale, "\(name): value must be a finite number from \(DecimalText.plain(min)) to \(DecimalText.plain(max))")
                }
                guard tick.value > previous else {
                    throw ChartError(.invalidScale, "\(name): values must be in strictly ascending order")
                }
                previous = tick.value
            }
            self.ticks = ticks
        } else {
            self.ticks = ChartScale.automaticTicks(min: min, max: max)
        }
    }

    /// Makes a whole-number scale whose every step carries a label, such as 1...4 labelled
    /// Essential, Proficient, Strong, Exemplary.
    ///
    /// - Parameters:
    ///   - min: The lowest value; a whole number.
    ///   - max: The highest value; a whole number above `min`.
    ///   - labels: One label per whole number from `min` to `max`, in order.
    /// - Throws: `ChartError.Code.invalidScale` when the ends are not whole numbers or the labels
    ///   do not match the steps.
    public init(min: Double, max: Double, labels: [String]) throws {
        guard min.isFinite, max.isFinite, min == min.rounded(), max == max.rounded(), min < max, max - min <= 100 else {
            throw ChartError(.invalidScale, "scale: labelled scales need whole-number ends with min below max, at most 100 steps apart")
        }
        let steps = Int(max - min) + 1
        guard labels.count == steps else {
            throw ChartError(.invalidScale, "scale: \(labels.count) labels for the \(steps) whole numbers from \(DecimalText.plain(min)) to \(DecimalText.plain(max))")
        }
        try self.init(min: min, max: max, ticks: labels.enumerated().map { ChartTick(value: min + Double($0.offset), label: $0.element) })
    }

    /// The width of the scale, `max - min`.
    var span: Double { max - min }

    /// Where `value` falls on the scale from 0 (min) to 1 (max), clamped.
    func fraction(_ value: Double) -> Double {
        Swift.min(1, Swift.max(0, (value - min) / span))
    }

    static func automaticTicks(min: Double, max: Double) -> [ChartTick] {
        let span = max - min
        if min == min.rounded(), max == max.rounded(), span <= 12 {
            return (0...Int(span)).map { ChartTick(value: min + Double($0)) }
        }
        let step = niceStep(span / 5)
        let first = (min / step).rounded(.up)
        let last = (max / step).rounded(.down)
        guard first <= last, last - first <= 50 else { return [ChartTick(value: min), ChartTick(value: max)] }
        // k * step can land a hair off the round number (3 * 0.1); the round number is meant.
        return stride(from: first, through: last, by: 1).map { k in
            ChartTick(value: Double(DecimalText.fixed(k * step, decimals: 12)) ?? k * step)
        }
    }

    /// The smallest of 1, 2, 2.5, 5 times a power of ten that is at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        var magnitude = 1.0
        while magnitude * 10 <= raw { magnitude *= 10 }
        while magnitude > raw { magnitude /= 10 }
        for factor in [1.0, 2.0, 2.5, 5.0, 10.0] where factor * magnitude >= raw {
            return factor * magnitude
        }
        return 10 * magnitude
    }
}

/// One mark along a scale: a value and, optionally, the words for it.
public struct ChartTick: Sendable, Equatable {
    /// Where the mark sits.
    public let value: Double
    /// The words shown under the number (for example "Strong"); `nil` shows the number only.
    public let label: String?

    /// Makes a mark at `value`, with optional words.
    public init(value: Double, label: String? = nil) {
        self.value = value
        self.label = label
    }
}

/// A shaded background band behind bars and strips, from a value up to the next band (or the
/// scale's end), named by a label (for example a level: Essential, Proficient).
public struct ChartBand: Sendable, Equatable {
    /// The value where the band starts.
    public let from: Double
    /// The band's name, drawn at its top and used in the tables.
    public let label: String

    /// Makes a band that starts at `from`.
    public init(from: Double, label: String) {
        self.from = from
        self.label = label
    }
}

extension ChartScale {
    /// Checks bands against this scale: ascending, inside `min..<max`, with labels.
    func validate(bands: [ChartBand]) throws {
        var previous = -Double.infinity
        for (index, band) in bands.enumerated() {
            let name = "band \(index + 1)"
            guard band.from.isFinite, band.from >= min, band.from < max else {
                throw ChartError(.invalidScale, "\(name): from must be a finite number from \(DecimalText.plain(min)) up to (not including) \(DecimalText.plain(max))")
            }
            guard band.from > previous else {
                throw ChartError(.invalidScale, "\(name): bands must be in strictly ascending order of from")
            }
            try Check.text(band.label, "\(name) label")
            previous = band.from
        }
    }

    /// The band that `value` falls in, if any.
    func band(of value: Double, in bands: [ChartBand]) -> ChartBand? {
        bands.last { $0.from <= value }
    }
}
