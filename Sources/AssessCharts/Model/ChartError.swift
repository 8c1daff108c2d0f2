/// Why a chart could not be built from the values it was given.
///
/// Every message names the field at fault (for example `series 2 ("peer")`) and says what was
/// expected, so a report script that passed the values can be fixed from the message alone.
public struct ChartError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The kind of problem. New codes may be added; match on the ones you handle.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's stable name, such as `invalid-id`.
        public let name: String
        /// Makes a code with a stable name.
        public init(_ name: String) { self.name = name }
        /// The stable name.
        public var description: String { name }

        /// An id (of a chart or a series) is empty, too long or has characters outside `[A-Za-z0-9_-]`.
        public static let invalidID = Code("invalid-id")
        /// Two series of one chart share an id.
        public static let duplicateID = Code("duplicate-id")
        /// A required text (title, description, label) is empty.
        public static let missingText = Code("missing-text")
        /// The scale, its ticks or its bands are not usable.
        public static let invalidScale = Code("invalid-scale")
        /// A chart has fewer or more rows, axes or series than it can draw.
        public static let wrongCount = Code("wrong-count")
        /// A series has a different number of values than the chart has rows or axes.
        public static let valueCountMismatch = Code("value-count-mismatch")
        /// A style setting is out of its range (a colour that is not `#rrggbb`, a width too small).
        public static let invalidStyle = Code("invalid-style")
        /// A number setting of a chart (a threshold, a limit) is not usable.
        public static let invalidSetting = Code("invalid-setting")
    }

    /// The kind of problem.
    public let code: Code
    /// What is wrong and what was expected, naming the field.
    public let message: String

    /// Makes an error with a code and a message.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
