import Foundation

/// What identifies a file's content without reading it (as git's index does): its size, its
/// modification and change times and its inode. The lint cache and sync's `files` rows use it.
public struct FileKey: Hashable, Sendable {
    var size: Int64
    var modifiedNs: Int64
    var changedNs: Int64
    var inode: UInt64

    /// The key of a regular file, or nil when it cannot be read by `lstat` or is not one.
    public init?(path: String) {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        self.init(status)
    }

    /// The key of a regular file from its status, or nil when it is not one.
    init?(_ status: stat) {
        guard status.st_mode & S_IFMT == S_IFREG else { return nil }
        size = Int64(status.st_size)
        modifiedNs = Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
        changedNs = Int64(status.st_ctim.tv_sec) * 1_000_000_000 + Int64(status.st_ctim.tv_nsec)
        inode = UInt64(status.st_ino)
    }

    init(size: Int64, modifiedNs: Int64, changedNs: Int64, inode: UInt64) {
        self.size = size
        self.modifiedNs = modifiedNs
        self.changedNs = changedNs
        self.inode = inode
    }
}
