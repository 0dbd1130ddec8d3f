import Foundation

/// The workplans as an editor sees them: every file under the configured folders, with the
/// unsaved text of each open buffer in place of what is on disk. What a language server asks
/// (diagnostics, ids, renames) is answered from here; nothing here writes a file or opens the
/// store.
public struct EditorProject: Sendable {
    /// An open buffer's text, parsed.
    struct Parsed: Sendable {
        var workplan: Workplan
        var entry: IndexEntry
    }

    /// A file on disk as last read: its bytes (parsed again when asked about), what it declares
    /// and what an editor shows of its ids. Its model is not kept: the models of 10,000
    /// workplans take hundreds of megabytes.
    struct DiskFile: Sendable {
        var key: FileKey?
        var bytes: [UInt8]
        /// Why it could not be read, when it could not.
        var failure: String?
        var entry: IndexEntry
        var summaries: [IDSummary]
    }

    /// The workspace: configuration, working directory, state folder.
    public let workspace: Workspace
    private let linter: Linter
    var disk: [String: DiskFile] = [:]
    /// The files on disk that declare each id and UUID: what a file's cross-file rules can
    /// reach without indexing every file.
    var declarers: [String: [String]] = [:]
    /// The files on disk that hold a dependency edge from each id (a `blocks` edge is held by
    /// the file of the workplan it comes to).
    private var edgeHolders: [String: [String]] = [:]
    var buffers: [String: Parsed] = [:]
    /// The open buffers' text (an oversized one has no model to hold it).
    private var texts: [String: [UInt8]] = [:]
    private let folders: [String]

    /// The project of `workspace`, with nothing read yet (`refresh()` reads the files).
    public init(workspace: Workspace) {
        self.workspace = workspace
        var linter = Linter(configuration: workspace.configuration)
        linter.elsewhere = HubIDs.read(workspace.stateFolder.hubIDs)
        self.linter = linter
        folders = workspace.configuration.folderURLs.map { $0.standardizedFileURL.path + "/" }
    }

    /// Whether `absolutePath` is a workplan file of the project: a `.md` file under a configured
    /// folder, outside hidden folders.
    public func isWorkplan(_ absolutePath: String) -> Bool {
        guard absolutePath.hasSuffix(".md"), let folder = folders.first(where: { absolutePath.hasPrefix($0) }) else {
            return false
        }
        return !absolutePath.dropFirst(folder.count).split(separator: "/").contains { $0.hasPrefix(".") }
    }

    /// The path shown in diagnostics for an absolute path.
    public func displayPath(_ absolutePath: String) -> String {
        WorkplanSource.display(absolutePath, relativeTo: workspace.workingDirectory)
    }

    /// The absolute path of a path shown in diagnostics.
    public func absolutePath(_ displayPath: String) -> String {
        WorkplanLoader.absolutePath(displayPath, workingDirectory: workspace.workingDirectory)
    }

    /// Reads again the files on disk that changed since they were read (by their `lstat`), and
    /// forgets the ones that are gone. Returns the absolute paths that changed.
    @discardableResult
    public mutating func refresh() -> [String] {
        let sources =
            (try? WorkplanLoader.configuredSources(
                workspace.configuration, workingDirectory: workspace.workingDirectory)) ?? []
        let keys = concurrentPerformMap(sources) { FileKey(path: $0.absolutePath) }
        var changed: [WorkplanSource] = []
        for (source, key) in zip(sources, keys) where key == nil || disk[source.absolutePath]?.key != key {
            changed.append(source)
        }
        let limits = workspace.configuration.limits
        let parsed = concurrentPerformMap(changed) { source -> DiskFile in
            switch FileReader.readKeyed(source.absolutePath, maxBytes: limits.fileBytes) {
            case .success(let (bytes, key)):
                let workplan = WorkplanParser.parse(bytes: bytes, path: source.displayPath, limits: limits)
                return DiskFile(
                    key: key, bytes: bytes, entry: IndexEntry(workplan), summaries: Self.summaries(of: workplan))
            case .failure(let error):
                return DiskFile(
                    key: nil, bytes: [], failure: error.message, entry: IndexEntry(path: source.displayPath),
                    summaries: [])
            }
        }
        let listed = Set(sources.map(\.absolutePath))
        var gone = disk.keys.filter { !listed.contains($0) }
        for path in gone { disk[path] = nil }
        for (source, file) in zip(changed, parsed) { disk[source.absolutePath] = file }
        gone += changed.map(\.absolutePath)
        if !gone.isEmpty {
            declarers = [:]
            edgeHolders = [:]
            for (path, file) in disk {
                for declared in [file.entry.workplanIDs, file.entry.taskIDs, file.entry.uuids].joined() {
                    declarers[declared.text, default: []].append(path)
                }
                for edge in file.entry.edges { edgeHolders[edge.from, default: []].append(path) }
            }
        }
        return gone
    }

    /// Puts an open buffer's text in place of the file's.
    /// A buffer over the read limit (`max_file_bytes`) is what `lint` makes of such a file: one
    /// `unreadable` finding, and no model.
    public mutating func open(_ absolutePath: String, bytes: [UInt8]) {
        let limits = workspace.configuration.limits
        let path = displayPath(absolutePath)
        let workplan =
            bytes.count > limits.fileBytes
            ? Workplan.unreadable(
                path: path,
                message: FileReadError.tooLarge(size: bytes.count, limit: limits.fileBytes).message)
            : WorkplanParser.parse(bytes: bytes, path: path, limits: limits)
        buffers[absolutePath] = Parsed(workplan: workplan, entry: IndexEntry(workplan))
        texts[absolutePath] = bytes
    }

    /// The open buffer's text.
    public func text(at absolutePath: String) -> [UInt8]? { texts[absolutePath] }

    /// Drops an open buffer: the file on disk speaks for it again.
    public mutating func close(_ absolutePath: String) {
        buffers[absolutePath] = nil
        texts[absolutePath] = nil
    }

    /// The workplan at `absolutePath`: the open buffer's, else the file's as last read.
    public func workplan(at absolutePath: String) -> Workplan? {
        if let buffer = buffers[absolutePath] { return buffer.workplan }
        guard let file = disk[absolutePath] else { return nil }
        return parse(file, at: absolutePath)
    }

    private func parse(_ file: DiskFile, at absolutePath: String) -> Workplan {
        let path = displayPath(absolutePath)
        if let failure = file.failure { return .unreadable(path: path, message: failure) }
        return WorkplanParser.parse(bytes: file.bytes, path: path, limits: workspace.configuration.limits)
    }

    /// The absolute paths of every workplan, the open ones included, in path order.
    var paths: [String] {
        Set(disk.keys).union(buffers.keys.filter(isWorkplan)).sorted()
    }

    /// Every workplan, each open buffer in place of its file, by absolute path in path order
    /// (the files on disk parsed again, on all cores).
    public var workplans: [(path: String, workplan: Workplan)] {
        let paths = paths
        return Array(zip(paths, concurrentPerformMap(paths) { workplan(at: $0) ?? .unreadable(path: $0, message: "") }))
    }

    /// `workplans` among `candidates` (absolute paths), in path order.
    func workplans(among candidates: some Sequence<String>) -> [(path: String, workplan: Workplan)] {
        Set(candidates).sorted().compactMap { path in workplan(at: path).map { (path, $0) } }
    }

    /// The workplans as a `WorkplanSet`, the open buffers' text given as their contents: what
    /// the edit planners (`Renumberer`, `TaskAdder`) read.
    public var workplanSet: WorkplanSet { workplanSet(of: workplans) }

    func workplanSet(of workplans: [(path: String, workplan: Workplan)]) -> WorkplanSet {
        WorkplanSet(
            entries: workplans.map { path, workplan in
                (
                    WorkplanSource(
                        absolutePath: path, workingDirectory: workspace.workingDirectory,
                        contents: buffers[path] == nil ? nil : workplan.bytes),
                    workplan
                )
            })
    }

    /// The paths on disk that declare `id` (not open), and every open workplan.
    func candidates(declaring id: String) -> [String] {
        (declarers[id] ?? []).filter { buffers[$0] == nil } + buffers.keys.filter(isWorkplan)
    }

    /// The next free task id of the workplan at `path` (`TaskAdder`'s rule), checked against
    /// the files that declare ids of that workplan.
    func nextTaskID(of workplanID: String, in workplan: Workplan, at path: String) -> String {
        let prefix = workplanID + "-T"
        let holders = declarers.lazy.filter { $0.key.hasPrefix(prefix) || $0.key == workplanID }.flatMap(\.value)
        let set = workplanSet(of: workplans(among: Array(holders) + buffers.keys.filter(isWorkplan) + [path]))
        return TaskAdder.nextTaskID(of: workplanID, workplan, in: set)
    }

    /// What `workplan lint` reports for the file at `absolutePath` as the editor holds it: every
    /// enabled rule with the configured severities, the cross-file rules against the other
    /// files (the open buffers' text for the open ones). Empty for a file that is not a
    /// workplan of the project.
    public func diagnostics(for absolutePath: String) -> [Diagnostic] {
        guard isWorkplan(absolutePath), let workplan = workplan(at: absolutePath) else { return [] }
        let entry = buffers[absolutePath]?.entry ?? IndexEntry(workplan)
        let index = WorkplanIndex(entries: relevantEntries(for: entry), focus: [entry])
        return linter.diagnostics(for: linter.lint(workplan), index: index).sorted()
    }

    /// The entries the cross-file rules can reach from `focus`: every open buffer; the files on
    /// disk that declare an id or UUID it declares or names; and the files holding the
    /// dependency edges reachable from its own (for cycles). The rules look nothing else up, so
    /// the findings are those of an index of every file, at the cost of the few that matter.
    private func relevantEntries(for focus: IndexEntry) -> [IndexEntry] {
        let open = buffers.compactMap { isWorkplan($0.key) ? $0.value.entry : nil }
        var entries = open
        var included = Set<String>()
        func include(_ paths: [String]?) {
            for path in paths ?? [] where buffers[path] == nil && included.insert(path).inserted {
                if let file = disk[path] { entries.append(file.entry) }
            }
        }
        for text in focus.lookedUp { include(declarers[text]) }
        // Every id reachable along edges from the focus's own, with the files on the way.
        var queue = focus.edges.map(\.from)
        var seen = Set(queue)
        while let id = queue.popLast() {
            include(declarers[id])
            include(edgeHolders[id])
            let holders = (edgeHolders[id] ?? []).compactMap { buffers[$0] == nil ? disk[$0]?.entry : nil } + open
            for entry in holders {
                for edge in entry.edges where edge.from == id && seen.insert(edge.to).inserted { queue.append(edge.to) }
            }
        }
        if !entries.contains(where: { $0.path == focus.path }) { entries.append(focus) }
        return entries
    }
}
