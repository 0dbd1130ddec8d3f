import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Why a file was not written.
public enum WriteError: LocalizedError, Hashable, Sendable {
    case changedOnDisk(String)
    case symbolicLink(String)
    case failed(String, String)

    public var errorDescription: String? {
        switch self {
        case .changedOnDisk(let path): "\(path) changed on disk since it was read: not written; run again"
        case .symbolicLink(let path): "\(path) is a symbolic link: not written through"
        case .failed(let path, let reason): "cannot write \(path): \(reason)"
        }
    }
}

/// Replaces files atomically: the new bytes go to a temporary file in the same folder, are flushed
/// to disk, take the original's permissions, and replace it by rename. A file whose bytes are no
/// longer what was read is not written.
public enum AtomicWriter {
    /// Writes `bytes` to `path` if its current content is still `expected`.
    public static func replace(_ path: String, with bytes: [UInt8], expected: [UInt8]) throws(WriteError) {
        var status = stat()
        guard lstat(path, &status) == 0 else { throw .changedOnDisk(path) }
        guard status.st_mode & S_IFMT != S_IFLNK else { throw .symbolicLink(path) }
        guard case .success(let current) = FileReader.read(path, maxBytes: Int.max), current == expected else {
            throw .changedOnDisk(path)
        }
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary =
            (folder.isEmpty ? "." : folder) + "/.\(name).workplan-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, status.st_mode & 0o7777)
        guard descriptor >= 0 else { throw .failed(path, String(cString: strerror(errno))) }
        var written = 0
        var failure: String?
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return Glibc.write(descriptor, base + written, bytes.count - written)
            }
            if count < 0 {
                if errno == EINTR { continue }
                failure = String(cString: strerror(errno))
                break
            }
            written += count
        }
        if failure == nil, fchmod(descriptor, status.st_mode & 0o7777) != 0 {
            failure = String(cString: strerror(errno))
        }
        if failure == nil, fsync(descriptor) != 0 { failure = String(cString: strerror(errno)) }
        close(descriptor)
        if let failure {
            unlink(temporary)
            throw .failed(path, failure)
        }
        // The last check and the rename hold an exclusive lock on the folder, which every writer of
        // this tool takes: of two writers that read the same bytes, one renames and the other
        // sees the change and refuses. (Other programs take no lock: for them the check only
        // narrows the window.)
        let folderDescriptor = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folderDescriptor >= 0 { flock(folderDescriptor, LOCK_EX) }
        defer {
            if folderDescriptor >= 0 {
                flock(folderDescriptor, LOCK_UN)
                close(folderDescriptor)
            }
        }
        guard case .success(let latest) = FileReader.read(path, maxBytes: Int.max), latest == expected else {
            unlink(temporary)
            throw .changedOnDisk(path)
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .failed(path, reason)
        }
        if folderDescriptor >= 0 { fsync(folderDescriptor) }
    }
}
