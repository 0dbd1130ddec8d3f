import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The workplan ids of many files, from the first bytes of each: the `id:` line of a front
/// matter that ends within them. What `new` needs, at a fraction of a parse. A file whose front
/// matter does not end within those bytes, or whose `id:` is not a plain value on its line, is
/// parsed whole.
public enum FrontMatterIDs {
    static let headBytes = 4096

    public static func ids(
        _ configuration: Configuration, workingDirectory: String
    ) throws(WorkplanRunError) -> [String] {
        let sources = try WorkplanLoader.configuredSources(configuration, workingDirectory: workingDirectory)
        let limits = configuration.limits
        return concurrentPerformMap(sources) { source -> String? in
            if let head = head(of: source.absolutePath), let id = id(inHead: head) { return id.isEmpty ? nil : id }
            return WorkplanLoader.load(source, limits: limits).id
        }.compactMap { $0 }
    }

    static func head(of path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: headBytes)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, headBytes) }
        return count > 0 ? Array(buffer[0..<count]) : nil
    }

    /// The id in a file's first bytes: the value of a plain `id:` line of a front matter that
    /// closes within them, "" when the closed front matter has none, nil when it cannot tell.
    static func id(inHead head: [UInt8]) -> String? {
        var lines = head.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            line.last == UInt8(ascii: "\r") ? line.dropLast() : line
        }
        guard lines.count > 1 else { return nil }
        if lines[0].starts(with: [0xEF, 0xBB, 0xBF]) { lines[0] = lines[0].dropFirst(3) }
        guard lines[0].elementsEqual("---".utf8) else { return nil }
        lines.removeLast()  // maybe cut short
        var found = ""
        for line in lines.dropFirst() {
            if line.elementsEqual("---".utf8) || line.elementsEqual("...".utf8) { return found }
            guard line.starts(with: "id:".utf8) else { continue }
            let value = String(decoding: line.dropFirst(3), as: UTF8.self).trimmingCharacters(in: .whitespaces)
            guard !value.isEmpty, value.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                return nil
            }
            found = value
        }
        return nil
    }
}
