import Foundation

/// How a sync run behaves.
public struct SyncOptions: Sendable {
    /// Files or folders to sync; empty means the configured folders (and then missing files count as removed).
    public var paths: [String] = []
    /// Compute and report, write nothing.
    public var dryRun = false
    /// Like `dryRun`, and the run fails when anything would change.
    public var check = false
    /// Write generated UUIDs into the files.
    public var writeIDs = true
    /// Re-read every file, even those unchanged since the last run.
    public var full = false
    /// Let a run remove many tasks at once.
    public var allowMassRemoval = false
    /// Keep every change in the report (`SyncReport.changes`), not only their number.
    public var listChanges = true
    /// On a hub: the name this repository had there before, whose rows move to its name now.
    public var renamedFrom: String?
    /// On a hub: the branch a detached HEAD was checked out from (`--branch`).
    public var branch: String?
    /// On a hub: accept a tree the branch rule refuses, and record that it was forced.
    public var forceBranch = false
    /// What the run is recorded as (a write command's store update is a `write`).
    public var command = RunRecord.Command.sync

    /// Default options.
    public init() {}
}

/// What a sync run did (or, with `--dry-run`, would do).
public struct SyncReport: Encodable, Sendable {
    public var workplans = 0
    public var changedWorkplans = 0
    /// Files read this run; the others' keys matched what the last run read.
    public var readFiles = 0
    /// Files parsed this run; the others were unchanged since the last run.
    public var parsedFiles = 0
    public var tasks = 0
    public var newTasks = 0
    public var updatedTasks = 0
    public var removedTasks = 0
    public var restoredTasks = 0
    public var driftOverwritten = 0
    /// Files ids were (or would be) written into.
    public var idFiles: [String] = []
    /// Files that could not be synced, their rows left untouched.
    public var skippedFiles: [String] = []
    /// Files whose new ids could not be written (changed on disk, a link, an I/O error).
    public var writeFailures: [String] = []
    /// Lint errors in synced files that did not stop them from syncing.
    public var lintErrors = 0
    /// The diagnostics that made files skipped.
    public var diagnostics: [Diagnostic] = []
    /// The changes, with their kinds, for `--dry-run` and `--format json` (empty unless
    /// `SyncOptions.listChanges`).
    public var changes: [Change] = []
    /// How many changes the run made (or would make).
    public var changeCount = 0
    /// Set when the safety brake stopped the run.
    public var brake: String?
    public var dryRun = false
    /// The run recorded in the store (`runs`), nil in a dry run.
    public var run: Int64?
    /// On a hub: the commit the hub already held exactly, when the run had nothing to do.
    public var upToDate: String?

    /// One planned change.
    public struct Change: Encodable, Sendable, Hashable {
        public var kind: EventKind
        public var subject: String
        public var detail: String
    }

    enum CodingKeys: String, CodingKey {
        case workplans, tasks, diagnostics, changes, brake
        case changedWorkplans = "changed_workplans"
        case newTasks = "new_tasks"
        case updatedTasks = "updated_tasks"
        case removedTasks = "removed_tasks"
        case restoredTasks = "restored_tasks"
        case driftOverwritten = "drift_overwritten"
        case idFiles = "id_files"
        case skippedFiles = "skipped_files"
        case writeFailures = "write_failures"
        case lintErrors = "lint_errors"
        case dryRun = "dry_run"
        case readFiles = "read_files"
        case parsedFiles = "parsed_files"
        case upToDate = "up_to_date"
    }

    /// An empty report.
    public init() {}

    /// The report of a run into a hub that already held `commit` exactly.
    init(upToDate commit: String, workplans: Int) {
        self.upToDate = commit
        self.workplans = workplans
    }

    /// Whether the run changed (or would change) the store or any file.
    public var hasChanges: Bool { changeCount > 0 || !idFiles.isEmpty }

    /// The one-line summary.
    public var summary: String {
        if let upToDate {
            return "\(workplans) \(workplans == 1 ? "workplan" : "workplans"): the hub already holds "
                + "\(upToDate.prefix(7)) exactly; nothing to do"
        }
        var text =
            "\(workplans) \(workplans == 1 ? "workplan" : "workplans") (\(changedWorkplans) changed), "
            + "\(tasks) \(tasks == 1 ? "task" : "tasks"): \(newTasks) new, \(updatedTasks) updated, \(removedTasks) removed"
        if restoredTasks > 0 { text += ", \(restoredTasks) restored" }
        if driftOverwritten > 0 { text += ", \(driftOverwritten) overwritten database edits" }
        text +=
            "; ids \(dryRun ? "to write" : "written") into \(idFiles.count) \(idFiles.count == 1 ? "file" : "files")"
        return text
    }
}

/// Why a sync run could not do its job.
public enum SyncError: LocalizedError, Sendable {
    case run(WorkplanRunError)
    case database(String)
    /// The hub refused this run (see `StoreError.refused`); nothing was changed.
    case refused(String)

    public var errorDescription: String? {
        switch self {
        case .run(let error): error.errorDescription
        case .database(let message): "state store: \(message)"
        case .refused(let message): "hub refused the sync: \(message)"
        }
    }
}
