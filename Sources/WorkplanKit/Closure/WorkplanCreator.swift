import Foundation

/// Creates a new workplan file with the next free id and the standard sections.
public enum WorkplanCreator {
    /// Why a workplan could not be created.
    public enum Refusal: LocalizedError, Sendable, Equatable {
        case invalidDomain(String)
        case emptyTitle
        case noPrefix([String])
        case invalidPrefix(String)
        case exists(String)
        case cannotWrite(String, String)

        public var errorDescription: String? {
            switch self {
            case .invalidDomain(let domain):
                "invalid domain '\(domain)': use lower-case letters, digits, '-' and '_', starting with a letter"
            case .emptyTitle: "the title is empty"
            case .noPrefix(let prefixes):
                prefixes.isEmpty
                    ? "no existing workplan to take an id prefix from: pass --prefix (for example --prefix CUST)"
                    : "several id prefixes are in use (\(prefixes.joined(separator: ", "))): pass --prefix"
            case .invalidPrefix(let prefix):
                "invalid prefix '\(prefix)': the id \(prefix)-WP-0001 would not match the id pattern"
            case .exists(let path): "\(path) already exists"
            case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
            }
        }
    }

    /// The id prefix a new workplan takes: the one given, else the one prefix in use.
    public static func prefix(_ given: String?, in set: WorkplanSet) throws(Refusal) -> String {
        try prefix(given, ids: set.entries.compactMap(\.workplan.id))
    }

    /// The id prefix a new workplan takes among the workplan ids `ids`.
    public static func prefix(_ given: String?, ids: [String]) throws(Refusal) -> String {
        let prefixes = Array(Set(ids.compactMap { id in id.range(of: "-WP-").map { String(id[..<$0.lowerBound]) } }))
            .sorted()
        guard let prefix = given ?? (prefixes.count == 1 ? prefixes[0] : nil) else { throw .noPrefix(prefixes) }
        return prefix
    }

    /// The id, path and text of a new workplan.
    public static func plan(
        domain: String, title: String, prefix: String?, today: String, folder: String,
        configuration: Configuration, in set: WorkplanSet, taken: Set<String> = []
    ) throws(Refusal) -> (id: String, path: String, text: String) {
        try plan(
            domain: domain, title: title, prefix: prefix, today: today, folder: folder, configuration: configuration,
            ids: set.entries.compactMap(\.workplan.id), taken: taken)
    }

    /// The id, path and text of a new workplan, among the workplan ids `ids` of the tree.
    public static func plan(
        domain: String, title: String, prefix: String?, today: String, folder: String,
        configuration: Configuration, ids: [String], taken: Set<String> = []
    ) throws(Refusal) -> (id: String, path: String, text: String) {
        guard ValueRules.isSlug(domain) else { throw .invalidDomain(domain) }
        let title = title.trimmingSpaces()
        guard !title.isEmpty else { throw .emptyTitle }
        let prefix = try self.prefix(prefix, ids: ids)
        // Ids declared elsewhere (other branches and worktrees, the store) are taken too.
        let numbers = (ids + taken).filter { $0.hasPrefix(prefix + "-WP-") }.compactMap {
            Int($0.dropFirst(prefix.count + 4).prefix { $0.isNumber })
        }
        let number = String((numbers.max() ?? 0) + 1)
        let id = "\(prefix)-WP-" + String(repeating: "0", count: max(0, 4 - number.count)) + number
        guard PatternCache.shared.matches(configuration.idPattern, id) else { throw .invalidPrefix(prefix) }
        let slug = title.lowercased().unicodeScalars.map {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) ? Character($0) : "-"
        }
        .split(separator: "-").prefix(6).map { String($0) }.joined(separator: "-")
        let path = folder + "/" + id + (slug.isEmpty ? "" : "-" + slug) + ".md"
        let quotedTitle =
            "\"" + title.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            + "\""
        let text = """
            ---
            id: \(id)
            type: workplan
            title: \(quotedTitle)
            domain: \(domain)
            status: draft
            created: "\(today)"
            updated: "\(today)"
            ---

            # \(title)

            ## Summary

            What this workplan delivers and why.

            ## Context

            What is true today, and what constrains the work.

            ## Dependencies

            ## Phase 1 — First phase

            ### P1.1 — First task

            ```task
            id: \(id)-T01
            status: todo
            priority: medium
            ```

            What the task does and how to know it is done.

            """
        return (id, path, text)
    }

    /// Writes a new file, refusing to replace one that exists.
    public static func write(_ text: String, to path: String) throws(Refusal) {
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path, error.localizedDescription)
        }
        guard FileManager.default.createFile(atPath: path + ".new-\(getpid())", contents: Data(text.utf8)) else {
            throw .cannotWrite(path, "cannot create a file in \(folder)")
        }
        // link() fails when the name exists, so an existing workplan is never replaced.
        let linked = link(path + ".new-\(getpid())", path)
        let code = errno
        unlink(path + ".new-\(getpid())")
        guard linked == 0 else {
            throw code == EEXIST ? .exists(path) : .cannotWrite(path, String(cString: strerror(code)))
        }
    }
}
