import Crypto
import Dispatch

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
    /// SHA-256 of every byte read, when asked for (provenance, without a separate pass): each
    /// chunk is hashed on another thread while the reader parses it (see ``Hashing``).
    private let hashing: Hashing?

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
        self.hashing = hashing ? Hashing() : nil
    }

    deinit {
        hashing?.wait()  // the hashing thread may still be reading the buffer
        close(fd)
        buffer.deallocate()
    }

    /// The SHA-256 of every byte read so far.
    func digest() -> SHA256.Digest? {
        guard let hashing else { return nil }
        hashing.wait()
        return hashing.hasher.finalize()
    }

    /// File offset of the first unconsumed byte.
    var offset: Int { base + start }

    /// The longest record accepted.
    static let maxRecordBytes = 64 << 20

    /// Reads more bytes after the unconsumed ones; returns `false` at end of file.
    @discardableResult
    func refill() throws(SourceError) -> Bool {
        if atEOF { return false }
        // The bytes are about to move: the chunk before must be hashed first.
        hashing?.wait()
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
                hashing?.start(UnsafeRawBufferPointer(start: buffer + end, count: n))
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

/// Hashes a source's chunks on a serial queue, one at a time and in order, while the reader goes
/// on parsing. The source calls ``wait()`` before it moves, overwrites or frees the bytes of the
/// chunk being hashed, and before it reads the digest; between those, the hasher belongs to the
/// queue alone.
final class Hashing: @unchecked Sendable {
    private(set) var hasher = SHA256()
    private let queue = DispatchQueue(label: "AssessKit.hash")
    private let idle = DispatchSemaphore(value: 1)

    /// Starts hashing `bytes`, which must stay as they are until ``wait()`` returns.
    func start(_ bytes: UnsafeRawBufferPointer) {
        idle.wait()
        let chunk = Chunk(bytes: bytes)
        queue.async {
            self.hasher.update(bufferPointer: chunk.bytes)
            self.idle.signal()
        }
    }

    /// Waits until the chunk being hashed, if any, is done.
    func wait() {
        idle.wait()
        idle.signal()
    }

    /// A chunk of the source's buffer, handed to the queue (which reads it before the source touches it again).
    private struct Chunk: @unchecked Sendable {
        let bytes: UnsafeRawBufferPointer
    }
}
