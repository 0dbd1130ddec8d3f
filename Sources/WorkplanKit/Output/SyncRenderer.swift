/// The text `workplan sync` prints for a report.
extension SyncReport {
    /// `task.inserted` → `insert task`.
    static func verb(_ kind: EventKind) -> String {
        guard let subject = kind.subject, let change = kind.change else { return kind.rawValue }
        let verb =
            switch change {
            case .inserted: "insert"
            case .updated: "update"
            case .drift: "overwrite a database edit of"
            case .moved: "move"
            case .renamed: "rename"
            case .removed: "remove"
            case .restored: "restore"
            }
        return "\(verb) \(subject.rawValue)"
    }

    /// The diagnostics of skipped files, what a dry run would do, write failures, the brake, the
    /// summary line and the count of lint errors in synced files.
    public func text(color: Bool) -> String {
        var out = ""
        if !diagnostics.isEmpty {
            let lintReport = LintReport(fileCount: skippedFiles.count, diagnostics: diagnostics.sorted())
            out +=
                TextRenderer(color: color).render(lintReport).split(separator: "\n", omittingEmptySubsequences: false)
                .dropLast(2).joined(separator: "\n") + "\n"
            out += "skipped \(skippedFiles.count) \(skippedFiles.count == 1 ? "file" : "files"): "
            out += "its rows are left as they were\n"
        }
        if dryRun {
            for change in changes { out += "would \(Self.verb(change.kind)) \(change.subject)\n" }
            for file in idFiles { out += "would write ids into \(file)\n" }
        }
        for failure in writeFailures { out += "not written: \(failure)\n" }
        if let brake { out += "stopped: \(brake)\n" }
        out += summary + "\n"
        if lintErrors > 0 {
            out += "\(lintErrors) lint \(lintErrors == 1 ? "error" : "errors") in synced files: run 'workplan lint'\n"
        }
        return out
    }
}
