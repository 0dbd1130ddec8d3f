import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension DashboardSite {
    /// Writes the site into `folder`: `index.html`, `style.css` and `w/*.html`, after removing
    /// the pages of an earlier run that this one does not write. Each batch of pages is written
    /// (a child task) while the next one is built.
    public func write(to folder: String) async throws {
        let manager = FileManager.default
        let pages = folder + "/w"
        try manager.createDirectory(atPath: pages, withIntermediateDirectories: true)
        let names = Set(data.workstreams.map { Self.fileName($0.id) })
        for old in (try? manager.contentsOfDirectory(atPath: pages)) ?? [] where old.hasSuffix(".html") {
            if !names.contains(old) { try manager.removeItem(atPath: pages + "/" + old) }
        }
        let renderer = PageRenderer(self)
        var failure: String?
        // One writer at a time: creating files in one folder from several threads contends on it.
        var built: [(String, String)] = []
        for batch in renderer.batches(of: 1000) {
            async let written = offThePool { [built] in Self.write(built, into: folder) }
            let next = renderer.render(batch)
            if let problem = await written { failure = failure ?? problem }
            built = next
        }
        if let problem = Self.write(built, into: folder) { failure = failure ?? problem }
        if let failure { throw StoreError.database("cannot write \(failure)") }
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
