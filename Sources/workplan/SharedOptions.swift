import ArgumentParser
import Foundation
import WorkplanKit

/// The exit statuses of every command: 0 done, 1 the job found problems (lint errors, a refused
/// edit, changes under `--check`), 2 the run could not do its job.
enum ExitStatus {
    static let problems = ExitCode(1)
    static let cannotRun = ExitCode(2)
    /// A compare-and-set write refused: the file or the value changed since the caller read it.
    static let conflict = ExitCode(3)

    /// Runs library work; an error from the library is printed and becomes exit status 2, except
    /// a refused edit, which is 1, or 3 when the file or the value changed since it was read.
    static func run<T>(_ what: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let exit as ExitCode {
            throw exit
        } catch let refusal as EditRefusal {
            Terminal.error(refusal.errorDescription ?? "\(what) refused")
            throw refusal.isConflict ? conflict : problems
        } catch let error as LocalizedError {
            Terminal.error(error.errorDescription ?? "\(what) failed")
            throw cannotRun
        } catch {
            Terminal.error("\(what) failed: \(error)")
            throw cannotRun
        }
    }
}

/// `--db FILE`, for the commands that use the state store.
struct StoreOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The state store: a file, or a postgres:// URL (default: WORKPLAN_DATABASE_URL, else the configured database, .workplan/state.sqlite).",
            valueName: "file-or-url"))
    var db: String?
}

/// `--format text|json`, for every command but `lint` (which also has sarif and github).
struct FormatOptions: ParsableArguments {
    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    var json: Bool { format == .json }

    func validate() throws {
        if format == .sarif || format == .github {
            throw ValidationError("this command supports --format text or json")
        }
    }
}

/// `--dry-run`, `--if-status` and `--if-hash`: what every write command takes.
struct WriteOptions: ParsableArguments {
    @Flag(help: "Print a unified diff of what would change; write nothing.")
    var dryRun = false

    @Option(
        help: ArgumentHelp(
            "Write only if the status is still this (the task's; the workplan's for add and close); else exit 3.",
            valueName: "status"))
    var ifStatus: String?

    @Option(
        help: ArgumentHelp(
            "Write only if the file's SHA-256 (sha256sum) is still this; else exit 3.", valueName: "sha256"))
    var ifHash: String?

    var expectation: WriteExpectation { WriteExpectation(status: ifStatus, hash: ifHash) }
}
