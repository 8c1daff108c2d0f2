/// Preparing script files for loading.
public enum ScriptSource {
    /// Strips a UTF-8 byte-order mark and blanks a leading `#!` line (keeping line numbers), as
    /// the stock interpreter does for files.
    public static func prepare(_ bytes: [UInt8]) -> [UInt8] {
        var bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if bytes.first == UInt8(ascii: "#") {
            let end = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            bytes.removeSubrange(0..<end)
        }
        return bytes
    }
}
