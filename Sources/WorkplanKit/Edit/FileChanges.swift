import Foundation

/// A planned change of one file: its bytes as read and as they should become.
public struct FileChange: Sendable, Hashable {
    /// The absolute path.
    public var absolutePath: String
    /// The path shown to people.
    public var displayPath: String
    /// The bytes as read.
    public var original: [UInt8]
    /// The bytes to write.
    public var updated: [UInt8]

    /// Creates a change.
    public init(absolutePath: String, displayPath: String, original: [UInt8], updated: [UInt8]) {
        self.absolutePath = absolutePath
        self.displayPath = displayPath
        self.original = original
        self.updated = updated
    }

    /// Whether the change changes anything.
    public var isEmpty: Bool { original == updated }

    /// A unified diff of the change (`diff -u`), empty when nothing changes.
    public var unifiedDiff: String {
        guard !isEmpty else { return "" }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("workplan-diff-" + UUID().uuidString)
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(original).write(to: folder.appendingPathComponent("a"))
            try Data(updated).write(to: folder.appendingPathComponent("b"))
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [
                "diff", "-u", "--label", "a/" + displayPath, "--label", "b/" + displayPath,
                folder.appendingPathComponent("a").path, folder.appendingPathComponent("b").path,
            ]
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        } catch {
            return "--- a/\(displayPath)\n+++ b/\(displayPath)\n(diff unavailable: \(error.localizedDescription))\n"
        }
    }
}

/// Writes several file changes as one: either all of them land or none does.
public enum ChangeWriter {
    /// Writes every non-empty change atomically; when one fails, the ones already written are put back.
    public static func write(_ changes: [FileChange]) throws(WriteError) {
        var written: [FileChange] = []
        for change in changes where !change.isEmpty {
            do {
                try AtomicWriter.replace(change.absolutePath, with: change.updated, expected: change.original)
                written.append(change)
            } catch {
                for done in written.reversed() {
                    try? AtomicWriter.replace(done.absolutePath, with: done.original, expected: done.updated)
                }
                throw error
            }
        }
    }
}

/// What a write command reports of the file it wrote: the shape of `--format json` and of the
/// MCP tools' results. `sha256` is the file's hash after the write, what a caller passes as
/// `--if-hash` next time.
public struct WriteResult: Codable, Sendable, Equatable {
    public var path: String
    public var sha256: String
    public var changed: Bool
    public var workplan: String?
    public var task: String?

    public init(_ change: FileChange, workplan: String?, task: String?) {
        path = change.displayPath
        sha256 = SHA256.hex(change.updated)
        changed = !change.isEmpty
        self.workplan = workplan
        self.task = task
    }
}
