import Foundation

/// What each workplan declares for cross-file rules (`IndexEntry`), kept between runs beside the
/// store (`.workplan/lint-cache`), so that linting a few files (the pre-commit case) does not
/// parse every other one. An entry is used only while its file's size, modification and change
/// times and inode are the ones it was made from, and the whole cache only by the same build of
/// the tool with the same read limits; anything else, or any damage to the file, is a miss.
public struct LintCache: Sendable {
    /// Entries by absolute path.
    public var entries: [String: (key: FileKey, entry: IndexEntry)] = [:]
    /// When the cache file was written (its change time), from the file system's clock.
    var writtenNs: Int64 = 0

    /// An empty cache.
    public init() {}

    /// The entry of each source whose key (nil when it could not be taken) the cache vouches
    /// for, under the path the source is shown by; nil for the others.
    func entries(for sources: [WorkplanSource], keys: [FileKey?]) -> [IndexEntry?] {
        zip(sources, keys).map { source, key in
            key.flatMap { entry(for: source.absolutePath, key: $0) }.map { cached in
                var entry = cached
                entry.path = source.displayPath
                return entry
            }
        }
    }

    /// The entry for a file whose key still matches. A file changed at or after the moment the
    /// cache was written could change again within the same clock tick without changing its key
    /// (git's "racily clean" entries): such an entry is a miss.
    public func entry(for absolutePath: String, key: FileKey) -> IndexEntry? {
        guard let cached = entries[absolutePath], cached.key == key, key.changedNs < writtenNs,
            key.modifiedNs < writtenNs
        else {
            return nil
        }
        return cached.entry
    }

    // MARK: - File format

    static let magic = Array("WPLC".utf8)
    static let formatVersion: UInt64 = 2

    /// The header: the format, the build of the tool (its executable's size and modification
    /// time: a new build may parse differently) and the read limits.
    static func header(limits: ReadLimits) -> [UInt64] {
        var build: [UInt64] = [0, 0]
        if let executable = Bundle.main.executablePath, let key = FileKey(path: executable) {
            build = [UInt64(bitPattern: key.size), UInt64(bitPattern: key.modifiedNs)]
        }
        return [formatVersion] + build + [limits.fileBytes, limits.blockBytes, limits.taskBlocks].map { UInt64($0) }
    }

    /// Reads a cache; any mismatch or damage gives an empty one.
    public static func load(_ path: String, limits: ReadLimits) -> LintCache {
        guard let written = FileKey(path: path),
            case .success(let bytes) = FileReader.read(path, maxBytes: 1 << 30)
        else { return LintCache() }
        var reader = ByteReader(bytes: bytes)
        guard reader.take(magic.count).map(Array.init) == magic else { return LintCache() }
        for expected in header(limits: limits) where reader.integer() != expected { return LintCache() }
        guard reader.integer() != nil else { return LintCache() }  // the digest
        var cache = LintCache()
        cache.writtenNs = written.changedNs
        guard let count = reader.integer() else { return LintCache() }
        cache.entries.reserveCapacity(Int(min(count, UInt64(bytes.count / 64))))
        for _ in 0..<min(count, UInt64(bytes.count)) {
            guard let absolutePath = reader.string(), let path = reader.string(),
                let size = reader.integer(), let modified = reader.integer(), let changed = reader.integer(),
                let inode = reader.integer()
            else { return LintCache() }
            var entry = IndexEntry(path: path)
            guard let workplanIDs = reader.declared(), let taskIDs = reader.declared(), let uuids = reader.declared(),
                let references = reader.declared(), let carriedTo = reader.declared(), let edges = reader.edges()
            else { return LintCache() }
            entry.workplanIDs = workplanIDs
            entry.taskIDs = taskIDs
            entry.uuids = uuids
            entry.references = references
            entry.carriedTo = carriedTo
            entry.edges = edges
            let key = FileKey(
                size: Int64(bitPattern: size), modifiedNs: Int64(bitPattern: modified),
                changedNs: Int64(bitPattern: changed), inode: inode)
            cache.entries[absolutePath] = (key, entry)
        }
        return reader.isAtEnd ? cache : LintCache()
    }

    /// A digest of which files, with which keys, a cache holds: the sum of each file's FNV-1a
    /// hash of its path and key, so that the order they come in does not matter.
    static func digest(_ keyed: [(path: String, key: FileKey)]) -> UInt64 {
        keyed.reduce(0) { sum, file in
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            func add(_ byte: UInt8) { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            for byte in file.path.utf8 { add(byte) }
            add(0)
            let key = file.key
            for value in [
                UInt64(bitPattern: key.size), UInt64(bitPattern: key.modifiedNs), UInt64(bitPattern: key.changedNs),
                key.inode,
            ] {
                withUnsafeBytes(of: value.littleEndian) { for byte in $0 { add(byte) } }
            }
            return sum &+ hash
        }
    }

    /// Whether the cache file at `path` holds exactly `keyed`, for this build and these limits,
    /// and was written after every one of those files last changed: reading its header decides,
    /// so a run that parsed every file anyway need neither load nor rewrite it.
    static func isCurrent(_ path: String, limits: ReadLimits, keyed: [(path: String, key: FileKey)]) -> Bool {
        guard let written = FileKey(path: path), let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let expected = magic.count + 8 * (header(limits: limits).count + 1)
        guard let data = try? handle.read(upToCount: expected), data.count == expected else { return false }
        var reader = ByteReader(bytes: [UInt8](data))
        guard reader.take(magic.count).map(Array.init) == magic else { return false }
        for value in header(limits: limits) where reader.integer() != value { return false }
        return reader.integer() == digest(keyed)
            && keyed.allSatisfy { $0.key.changedNs < written.changedNs && $0.key.modifiedNs < written.changedNs }
    }

    /// Writes the cache atomically (a temporary file renamed over it). Failures are ignored: the
    /// cache only saves time.
    public func write(_ path: String, limits: ReadLimits) {
        var writer = ByteWriter()
        writer.bytes += Self.magic
        for value in Self.header(limits: limits) { writer.integer(value) }
        writer.integer(Self.digest(entries.map { ($0.key, $0.value.key) }))
        writer.integer(UInt64(entries.count))
        for (absolutePath, cached) in entries.sorted(by: { $0.key < $1.key }) {
            writer.string(absolutePath)
            writer.string(cached.entry.path)
            for value in [cached.key.size, cached.key.modifiedNs, cached.key.changedNs] {
                writer.integer(UInt64(bitPattern: value))
            }
            writer.integer(cached.key.inode)
            let entry = cached.entry
            for list in [entry.workplanIDs, entry.taskIDs, entry.uuids, entry.references, entry.carriedTo] {
                writer.declared(list)
            }
            writer.integer(UInt64(cached.entry.edges.count))
            for edge in cached.entry.edges {
                writer.string(edge.from)
                writer.string(edge.to)
                writer.location(edge.location)
            }
        }
        guard (try? StateFolder.create(for: path)) != nil else { return }
        let temporary = path + ".\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(writer.bytes)) else { return }
        if rename(temporary, path) != 0 { unlink(temporary) }
    }
}

/// Appends integers (little-endian, 8 bytes) and length-prefixed UTF-8 strings.
private struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func integer(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ text: String) {
        integer(UInt64(text.utf8.count))
        bytes.append(contentsOf: text.utf8)
    }

    mutating func location(_ location: SourceLocation) {
        integer(UInt64(location.line))
        integer(UInt64(location.column))
    }

    mutating func declared(_ list: [IndexEntry.Declared]) {
        integer(UInt64(list.count))
        for item in list {
            string(item.text)
            location(item.location)
        }
    }
}

/// Reads what `ByteWriter` wrote; every read returns nil past the end instead of trapping.
private struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    var isAtEnd: Bool { offset == bytes.count }

    mutating func take(_ count: Int) -> ArraySlice<UInt8>? {
        guard count >= 0, count <= bytes.count - offset else { return nil }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    mutating func integer() -> UInt64? {
        guard let slice = take(8) else { return nil }
        return slice.reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    mutating func string() -> String? {
        guard let count = integer(), count <= UInt64(bytes.count), let slice = take(Int(count)) else { return nil }
        return String(validating: slice, as: UTF8.self)
    }

    mutating func location() -> SourceLocation? {
        guard let line = integer(), let column = integer(), line < UInt64(Int.max), column < UInt64(Int.max) else {
            return nil
        }
        return SourceLocation(line: Int(line), column: Int(column))
    }

    mutating func declared() -> [IndexEntry.Declared]? {
        guard let count = integer(), count <= UInt64(bytes.count) else { return nil }
        var result: [IndexEntry.Declared] = []
        for _ in 0..<count {
            guard let text = string(), let location = location() else { return nil }
            result.append(IndexEntry.Declared(text: text, location: location))
        }
        return result
    }

    mutating func edges() -> [IndexEntry.Edge]? {
        guard let count = integer(), count <= UInt64(bytes.count) else { return nil }
        var result: [IndexEntry.Edge] = []
        for _ in 0..<count {
            guard let from = string(), let to = string(), let location = location() else { return nil }
            result.append(IndexEntry.Edge(from: from, to: to, location: location))
        }
        return result
    }
}
