import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension StaticSite {
    /// The folders a site writes its pages into, below its root.
    static let folders = ["w", "domain", "repository", "status"]

    /// Writes the site into `folder`, then removes the pages of an earlier run that this one
    /// did not write (in the site's own folders, and `index-N.html`; nothing else). Each batch
    /// of pages is written (a child task) while the next one is built.
    public func write(to folder: String) async throws {
        var failure: String?
        var written: Set<String> = []
        var made: Set<String> = []
        var built: [(String, String)] = []
        // One writer at a time: creating files in one folder from several threads contends on it.
        for batch in batches(of: 1000) {
            for (path, _) in built { written.insert(path) }
            try Self.makeFolders(for: built, in: folder, made: &made)
            async let done = offThePool { [built] in Self.write(built, into: folder) }
            let next = render(batch)
            if let problem = await done { failure = failure ?? problem }
            built = next
        }
        for (path, _) in built { written.insert(path) }
        try Self.makeFolders(for: built, in: folder, made: &made)
        if let problem = Self.write(built, into: folder) { failure = failure ?? problem }
        if let failure { throw StoreError.database("cannot write \(failure)") }
        Self.removeStalePages(in: folder, keeping: written)
    }

    private static func makeFolders(for files: [(String, String)], in folder: String, made: inout Set<String>) throws {
        for (path, _) in files {
            guard let slash = path.lastIndex(of: "/") else { continue }
            let parent = String(path[..<slash])
            if made.insert(parent).inserted {
                try FileManager.default.createDirectory(
                    atPath: folder + "/" + parent, withIntermediateDirectories: true)
            }
        }
    }

    private static func removeStalePages(in folder: String, keeping written: Set<String>) {
        let manager = FileManager.default
        var candidates = ((try? manager.contentsOfDirectory(atPath: folder)) ?? []).filter {
            $0.hasPrefix("index-") && $0.hasSuffix(".html")
        }
        for sub in folders {
            guard let walk = manager.enumerator(atPath: folder + "/" + sub) else { continue }
            while let path = walk.nextObject() as? String {
                if path.hasSuffix(".html") { candidates.append(sub + "/" + path) }
            }
        }
        for path in candidates where !written.contains(path) { try? manager.removeItem(atPath: folder + "/" + path) }
    }

    /// Writes files into `folder`; the first failure, if any. A page whose bytes are already
    /// there is not written again. Others are unlinked first and created anew: truncating a file
    /// in place makes ext4 flush it to disk at once (its replace-by-truncate heuristic), which
    /// was a tenth of a 10,000-page run.
    static func write(_ files: [(String, String)], into folder: String) -> String? {
        for (path, text) in files {
            let full = folder + "/" + path
            var text = text
            let failure = text.withUTF8 { bytes -> String? in
                if case .success(let existing) = FileReader.read(full, maxBytes: bytes.count + 1),
                    existing.count == bytes.count, existing.elementsEqual(bytes)
                {
                    return nil
                }
                unlink(full)
                let descriptor = open(full, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
                guard descriptor >= 0 else { return "\(path): \(String(cString: strerror(errno)))" }
                defer { close(descriptor) }
                var offset = 0
                while offset < bytes.count {
                    let count = Glibc.write(descriptor, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
                    if count < 0, errno == EINTR { continue }
                    if count <= 0 { return "\(path): \(String(cString: strerror(errno)))" }
                    offset += count
                }
                return nil
            }
            if let failure { return failure }
        }
        return nil
    }
}
