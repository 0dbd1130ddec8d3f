import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a file could not be read.
public enum FileReadError: Error, Hashable, Sendable {
    case missing
    case permissionDenied
    case tooLarge(size: Int, limit: Int)
    case notAFile
    case symbolicLink
    case other(String)

    /// The message of the `unreadable` diagnostic.
    public var message: String {
        switch self {
        case .missing: "file vanished or does not exist"
        case .permissionDenied: "permission denied"
        case .tooLarge(let size, let limit): "file is \(size) bytes, over the limit of \(limit) bytes (max_file_bytes)"
        case .notAFile: "not a regular file"
        case .symbolicLink: "symbolic link not followed"
        case .other(let text): "cannot read file: \(text)"
        }
    }
}

/// Reads whole files with POSIX calls: one `open`, `fstat` and as few `read`s as the size needs.
public enum FileReader {
    /// The bytes of a regular file, refusing symbolic links and files over `maxBytes`.
    public static func read(_ path: String, maxBytes: Int) -> Result<[UInt8], FileReadError> {
        readKeyed(path, maxBytes: maxBytes).map(\.bytes)
    }

    /// The bytes of a regular file and its key, taken from the open file before its bytes are
    /// read (as `FileKey(path:)` would take it: the file is not a symbolic link).
    public static func readKeyed(
        _ path: String, maxBytes: Int
    ) -> Result<(bytes: [UInt8], key: FileKey), FileReadError> {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(error(errno)) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return .failure(error(errno)) }
        guard let key = FileKey(status) else { return .failure(.notAFile) }
        let size = Int(status.st_size)
        guard size <= maxBytes else { return .failure(.tooLarge(size: size, limit: maxBytes)) }
        var bytes = [UInt8](repeating: 0, count: size)
        var total = 0
        while total < size {
            let count = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return Glibc.read(descriptor, base + total, size - total)
            }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(error(errno))
            }
            if count == 0 { break }
            total += count
        }
        if total < size { bytes.removeLast(size - total) }
        return .success((bytes, key))
    }

    private static func error(_ code: Int32) -> FileReadError {
        switch code {
        case ENOENT, ENOTDIR: .missing
        case EACCES, EPERM: .permissionDenied
        case ELOOP: .symbolicLink
        case EISDIR: .notAFile
        default: .other(String(cString: strerror(code)))
        }
    }
}
