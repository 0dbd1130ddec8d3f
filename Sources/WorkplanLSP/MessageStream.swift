import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What the reader found next on the input.
enum Incoming {
    /// A message's body.
    case message([UInt8])
    /// Bytes that are not a message, dropped; the reason is logged.
    case malformed(String)
    /// Nothing arrived within the time asked for.
    case timeout
    /// The input ended (with the reason when it ended inside a message).
    case end(String?)
}

/// Reads JSON-RPC messages framed by `Content-Length` headers (the base protocol of the Language
/// Server Protocol) from a file descriptor. Never trusts the input: a header block without a
/// length, a length over the limit or a header block that never ends is reported and skipped,
/// and the reader goes on with what follows.
final class MessageReader {
    /// The largest body read; a longer one is skipped.
    static let maxBody = 64 * 1024 * 1024
    /// The longest header block; a longer one is dropped.
    static let maxHeader = 8 * 1024

    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var ended = false
    /// Bytes still to drop of a body that was too long.
    private var skipping = 0

    init(descriptor: Int32 = STDIN_FILENO) {
        self.descriptor = descriptor
    }

    /// Puts bytes back in front of the input: the part of a body that turned out to hold the
    /// start of the next message.
    func unread(_ bytes: ArraySlice<UInt8>) {
        buffer = Array(bytes) + buffer[start...]
        start = 0
    }

    /// The next message, waiting at most `timeout` milliseconds for input (forever when nil).
    func next(timeout: Int?) -> Incoming {
        var deadline = timeout.map { DispatchTime.now().uptimeNanoseconds / 1_000_000 + UInt64(max($0, 0)) }
        while true {
            if let found = take() { return found }
            if ended {
                let leftover = buffer.count - start > 0 || skipping > 0
                return .end(leftover ? "the input ended inside a message" : nil)
            }
            let wait = deadline.map {
                Int(clamping: Int64($0) - Int64(DispatchTime.now().uptimeNanoseconds / 1_000_000))
            }
            if let wait, wait <= 0 { return .timeout }
            guard fill(waiting: wait ?? -1) else { return .timeout }
            // Once a message has begun, the rest of it is waited for without a time limit.
            if buffer.count > start { deadline = nil }
        }
    }

    /// A message or a malformed header block from what is buffered, or nil when more is needed.
    private func take() -> Incoming? {
        if skipping > 0 {
            let dropped = min(skipping, buffer.count - start)
            start += dropped
            skipping -= dropped
            if skipping > 0 { return nil }
        }
        guard buffer.count > start else { return nil }
        guard let headerEnd = headerEnd() else {
            if buffer.count - start > Self.maxHeader {
                start = buffer.count
                return .malformed("a header block longer than \(Self.maxHeader) bytes: dropped")
            }
            return nil
        }
        // Bytes before a `Content-Length` header that does not start the block (the body of a
        // message that had no header) are dropped: the reader resumes at the header.
        if let found = Self.lengthHeader(in: buffer[start..<headerEnd.lowerBound]), found > start,
            buffer[found - 1] != 0x0A
        {
            let dropped = found - start
            start = found
            return .malformed("\(dropped) bytes that are not a message: dropped")
        }
        let header = String(decoding: buffer[start..<headerEnd.lowerBound], as: UTF8.self)
        var length: Int?
        for line in header.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "content-length" {
                length = Int(parts[1].trimmingCharacters(in: .whitespaces))
            }
        }
        guard let length, length >= 0 else {
            start = headerEnd.upperBound
            return .malformed(
                "a message without a valid Content-Length header: dropped (headers: \(header.prefix(200)))")
        }
        guard length <= Self.maxBody else {
            start = headerEnd.upperBound
            skipping = length
            return .malformed("a message of \(length) bytes, over the limit of \(Self.maxBody): skipped")
        }
        guard buffer.count - headerEnd.upperBound >= length else { return nil }
        let body = Array(buffer[headerEnd.upperBound..<headerEnd.upperBound + length])
        start = headerEnd.upperBound + length
        if start > 1 << 20 {
            buffer.removeFirst(start)
            start = 0
        }
        return .message(body)
    }

    /// Where the last `Content-Length:` (in any case) of `bytes` starts.
    static func lengthHeader(in bytes: ArraySlice<UInt8>) -> Int? {
        let name = Array("content-length:".utf8)
        guard bytes.count >= name.count else { return nil }
        for index in stride(from: bytes.endIndex - name.count, through: bytes.startIndex, by: -1) {
            var matches = true
            for (offset, byte) in name.enumerated() where bytes[index + offset] | 0x20 != byte {
                matches = false
                break
            }
            if matches { return index }
        }
        return nil
    }

    /// Where the header block ends: its blank line (CRLF CRLF, or LF LF from a lax client).
    private func headerEnd() -> Range<Int>? {
        var index = start
        while index + 1 < buffer.count {
            if buffer[index] == 0x0A, buffer[index + 1] == 0x0A { return index..<index + 2 }
            if index + 3 < buffer.count, buffer[index] == 0x0D, buffer[index + 1] == 0x0A, buffer[index + 2] == 0x0D,
                buffer[index + 3] == 0x0A
            {
                return index..<index + 4
            }
            index += 1
        }
        return nil
    }

    /// Reads what is available, waiting at most `waiting` milliseconds (-1: forever). False on
    /// a timeout; at the end of the input, marks it ended.
    private func fill(waiting: Int) -> Bool {
        var descriptorPoll = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptorPoll, 1, Int32(clamping: waiting))
        if ready == 0 { return false }
        if ready < 0 {
            if errno == EINTR { return true }
            ended = true
            return true
        }
        var chunk = [UInt8](repeating: 0, count: 256 * 1024)
        let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count > 0 {
            if start > 0, start == buffer.count {
                buffer.removeAll(keepingCapacity: true)
                start = 0
            }
            buffer += chunk[0..<count]
        } else if count == 0 || errno != EINTR {
            ended = true
        }
        return true
    }
}

/// Writes framed messages to a file descriptor.
struct MessageWriter {
    var descriptor: Int32 = STDOUT_FILENO

    func write(_ body: [UInt8]) {
        let bytes = Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes {
                Glibc.write(descriptor, $0.baseAddress, $0.count)
            }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return }
            written += count
        }
    }
}
