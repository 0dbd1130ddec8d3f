import Foundation

/// The folder of derived state (`.workplan/` by default): the SQLite store, the lint cache, the
/// id census cache and the renumber journal. Never committed: it is made with a `.gitignore`
/// that keeps everything in it out of git.
public struct StateFolder: Sendable, Hashable {
    /// The folder's absolute path.
    public var path: String

    public init(path: String) { self.path = path }

    /// Each file's summary between lint runs (`LintCache`).
    public var lintCache: String { path + "/lint-cache" }
    /// The ids other branches add, per pair of folder trees (`IDCensus`).
    public var censusCache: String { path + "/census-cache.json" }
    /// A renumbering in progress (`RenumberJournal`).
    public var renumberJournal: String { path + "/renumber.json" }
    /// Every id the hub held at the last sync into it, for lint (`HubIDs`).
    public var hubIDs: String { path + "/hub-ids" }
    /// A domain rename in progress (`DomainRename`).
    public var domainRenameJournal: String { path + "/domain-rename.json" }

    /// Creates the folder that holds `file` when it is missing, with its `.gitignore`.
    public static func create(for file: String) throws {
        let folder = (file as NSString).deletingLastPathComponent
        guard !FileManager.default.fileExists(atPath: folder) else { return }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data("*\n".utf8).write(to: URL(fileURLWithPath: folder + "/.gitignore"))
    }
}
