/// The text `workplan sync` prints for a report.
extension SyncReport {
    /// `task.inserted` → `insert task`.
    static func verb(_ kind: String) -> String {
        let parts = kind.split(separator: ".").map(String.init)
        let verbs = [
            "inserted": "insert", "updated": "update", "drift": "overwrite a database edit of", "moved": "move",
            "renamed": "rename", "removed": "remove", "restored": "restore",
        ]
        guard parts.count == 2 else { return kind }
        return "\(verbs[parts[1]] ?? parts[1]) \(parts[0])"
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
