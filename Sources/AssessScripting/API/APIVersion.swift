/// A version of the framework API (`major.minor`). Within a major version names are only added,
/// never removed or changed in meaning.
public struct APIVersion: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    public var major: Int
    public var minor: Int

    public init(_ major: Int, _ minor: Int = 0) {
        self.major = major
        self.minor = minor
    }

    /// Parses `"1"`, `"1.2"` or `"1.2.3"` (the patch is ignored).
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
        guard (1...3).contains(parts.count), parts.allSatisfy({ $0 != nil && $0! >= 0 }) else { return nil }
        self.major = parts[0]!
        self.minor = parts.count > 1 ? parts[1]! : 0
    }

    public static func < (a: APIVersion, b: APIVersion) -> Bool { (a.major, a.minor) < (b.major, b.minor) }
    public var description: String { "\(major).\(minor)" }

    /// The API this host implements.
    public static let current = APIVersion(1, 0)
    /// Major versions a script may declare with `api = N`.
    public static let supportedMajors = [1]
}
