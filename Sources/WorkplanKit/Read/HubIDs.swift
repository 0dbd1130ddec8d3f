import Foundation

/// The ids a hub held at the last sync into it (every repository's live workstreams and tasks),
/// kept in the state folder: lint's `unknown-dependency` takes them as known without asking the
/// hub, so that the pre-commit hook stays offline and fast.
public enum HubIDs {
    /// The ids in `path`, one per line; empty when there is no such file.
    public static func read(_ path: String) -> Set<String> {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return Set(String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init))
    }

    /// Replaces the file atomically (a lint reading it never sees half of it).
    static func write(_ ids: [String], to path: String) {
        try? StateFolder.create(for: path)
        try? Data(ids.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
