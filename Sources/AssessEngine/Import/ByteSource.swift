import Crypto

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file read in large chunks into one reusable buffer. The unconsumed bytes are
/// `buffer[start..<end]`; ``refill()`` moves them to the front and reads more after them, growing
/// the buffer only when one record does not fit.
final class ByteSource {
    static let chunk = 1 << 20

    private let fd: Int32
    private(set) var buffer: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    /// First unconsumed byte.
    var start = 0
    /// End of the bytes read.
    private(set) var end = 0
    /// Nothing more to read.
    private(set) var atEOF = false
    /// File offset of `buffer[0]`.
    private var base = 0
    /// The file's size when opened.
    let size: Int
    /// SHA-256 of every byte read so far, when asked for (provenance, without a separate pass).
    var hasher: SHA256?

    /// Opens `path`, to be read `chunk` bytes at a time; throws the reason as text.
    init(path: String, chunk: Int = ByteSource.chunk, hashing: Bool = false) throws(SourceError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SourceError(errno: errno) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            close(fd)
            throw SourceError(errno: code)
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw SourceError(message: "is a folder, not a file")
        }
        self.fd = fd
        size = Int(info.st_size)
        capacity = max(chunk, 1)
        buffer = .allocate(capacity: capacity)
        if hashing { hasher = SHA256() }
    }

    deinit {
        close(fd)
        buffer.deallocate()
    }

    /// File offset of the first unconsumed byte.
    var offset: Int { base + start }

    /// The longest record accepted.
    static let maxRecordBytes = 64 << 20

    /// Reads more bytes after the unconsumed ones; returns `false` at end of file.
    @discardableResult
    func refill() throws(SourceError) -> Bool {
        if atEOF { return false }
        if start > 0 {
            let pending = end - start
            if pending > 0 { memmove(buffer, buffer + start, pending) }
            base += start
            end = pending
            start = 0
        }
        if end == capacity {
            // Only one record that does not fit makes the buffer grow; a quote left open would
            // otherwise take the rest of the file into memory.
            guard capacity * 2 <= Self.maxRecordBytes else {
                throw SourceError(message: "a record is longer than \(Self.maxRecordBytes >> 20) MiB (is a quote left open?)")
            }
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            grown.update(from: buffer, count: end)
            buffer.deallocate()
            buffer = grown
            capacity *= 2
        }
        while true {
            let n = read(fd, buffer + end, capacity - end)
            if n > 0 {
                if hasher != nil { hasher!.update(bufferPointer: UnsafeRawBufferPointer(start: buffer + end, count: n)) }
                end += n
                return true
            }
            if n == 0 { atEOF = true; return false }
            if errno == EINTR { continue }
            throw SourceError(errno: errno)
        }
    }
}

/// Why a file cannot be read.
struct SourceError: Error {
    var message: String
    init(message: String) { self.message = message }
    init(errno code: Int32) {
        switch code {
        case ENOENT: message = "no such file"
        case EACCES: message = "permission denied"
        default: message = String(cString: strerror(code)).lowercased()
        }
    }
}
