import Foundation
import Testing

@testable import WorkplanKit

/// The sync planner on values in memory: no folders, no database.
@Suite struct SyncPlannerTests {
    static let now = "2026-12-01T09:00:00Z"

    static func planner(_ options: SyncOptions = SyncOptions(), complete: Bool = true) -> SyncPlanner {
        let sequence = UUIDSequence()
        return SyncPlanner(
            configuration: Configuration(root: URL(fileURLWithPath: "/repo")), options: options, complete: complete,
            now: now, newUUID: { sequence.make() })
    }

    /// A run that read and parsed `files` (path, text), against `snapshot`.
    struct Input {
        var listing: SyncListing
        var read: [ReadFile]
        var snapshot: StoreSnapshot
        var keys: [FileKey?] { listing.keys }
    }

    static func input(
        _ files: [(path: String, text: String)], stored: StoredState = StoredState(),
        snapshot: StoreSnapshot = StoreSnapshot()
    ) -> Input {
        let read = files.enumerated().map { index, file in
            ReadFile(
                source: WorkplanSource(absolutePath: "/repo/" + file.path, workingDirectory: "/repo"), path: file.path,
                key: FileKey(size: Int64(file.text.utf8.count), modifiedNs: 1, changedNs: 1, inode: UInt64(index + 1)),
                bytes: Array(file.text.utf8), error: nil, hash: contentHash(file.text.utf8))
        }
        let listing = SyncListing(
            paths: read.map(\.path), keys: read.map(\.key), checkedNs: 5_000_000_000, stored: stored, kept: [])
        return Input(listing: listing, read: read, snapshot: snapshot)
    }

    static let plain = Sample.workplan(Sample.task("01") + Sample.task("02", status: "done"))

    /// The same workplan with its store ids, as a first sync writes them.
    static func synced() throws -> String {
        let plan = planner().plan(run: input([("workplans/TEST-WP-0001.md", plain)]))
        let write = try #require(plan.idWrites.first)
        return String(decoding: try #require(write.result(replacing: Array(plain.utf8))), as: UTF8.self)
    }

    @Test func aColdRunInsertsEveryRowWithoutCopyingItIntoItsEvent() throws {
        let plan = Self.planner().plan(run: Self.input([("workplans/TEST-WP-0001.md", Self.plain)]))
        #expect(plan.workstreams.map(\.kind) == [.inserted])
        #expect(plan.tasks.map(\.kind) == [.inserted, .inserted])
        #expect(plan.events.map(\.kind) == ["workstream.inserted", "task.inserted", "task.inserted"])
        #expect(plan.events.allSatisfy { $0.detail == "{}" })
        #expect(
            plan.tasks.map(\.new.uuid) == [
                "00000000-0000-4000-8000-000000000002", "00000000-0000-4000-8000-000000000003",
            ])
        let write = try #require(plan.idWrites.first)
        #expect(write.absolutePath == "/repo/workplans/TEST-WP-0001.md")
        #expect(write.edits.allSatisfy { $0.range.isEmpty })
        // The write keeps the insertions and hashes, not the bytes: it applies only to what was read.
        let result = try #require(write.result(replacing: Array(Self.plain.utf8)))
        #expect(write.result(replacing: Array((Self.plain + "\n").utf8)) == nil)
        #expect(
            String(decoding: result, as: UTF8.self).contains(
                "state_hub_task_id: 00000000-0000-4000-8000-000000000003"))
        #expect(
            plan.fileRows == [
                .recordAfterWrite(
                    path: "workplans/TEST-WP-0001.md",
                    contentHash: contentHash(result), checkedNs: 5_000_000_000)
            ])
        #expect(plan.editMarks == .allExcept([]))
        #expect(plan.domains == .all)
        #expect(plan.dependencies.workplanIDs == ["TEST-WP-0001"])
        #expect(plan.brake == nil)
        #expect(plan.report.newTasks == 2 && plan.report.idFiles == ["workplans/TEST-WP-0001.md"])
    }

    @Test func aFileHoldingEveryIDIsRecordedByTheKeyTakenBeforeReading() throws {
        let text = try Self.synced()
        let input = Self.input([("workplans/TEST-WP-0001.md", text)])
        let plan = Self.planner().plan(run: input)
        #expect(plan.idWrites.isEmpty)
        let key = try #require(input.keys.first ?? nil)
        #expect(
            plan.fileRows == [
                .record(
                    FileRecord(
                        path: "workplans/TEST-WP-0001.md", key: key, contentHash: contentHash(text.utf8),
                        checkedNs: 5_000_000_000))
            ])
    }

    @Test func aRowEditedBehindSyncIsPutBackAndTheOverwrittenValueKept() throws {
        let text = try Self.synced()
        let cold = Self.planner().plan(run: Self.input([("workplans/TEST-WP-0001.md", text)]))
        var edited = try #require(cold.tasks.first?.new)
        edited.status = "blocked"  // the fingerprint still says what sync wrote
        let snapshot = StoreSnapshot(
            workstreams: cold.workstreams.map(\.new), tasks: [edited] + cold.tasks.dropFirst().map(\.new))
        let plan = Self.planner().plan(run: Self.input([("workplans/TEST-WP-0001.md", text)], snapshot: snapshot))
        #expect(plan.tasks.map(\.kind) == [.drift])
        #expect(plan.events.map(\.detail) == [#"{"new":{"status":"todo"},"old":{"status":"blocked"}}"#])
        #expect(plan.report.driftOverwritten == 1)
    }

    @Test func removingManyTasksStopsAtTheBrakeUnlessAllowed() throws {
        let tasks = (1...25).map { Sample.task(String(format: "%02d", $0)) }.joined()
        let before = Self.planner().plan(run: Self.input([("workplans/TEST-WP-0001.md", Sample.workplan(tasks))]))
        let snapshot = StoreSnapshot(workstreams: before.workstreams.map(\.new), tasks: before.tasks.map(\.new))
        var stored = StoredState()
        stored.liveTaskCount = 25
        let emptied = Self.input(
            [("workplans/TEST-WP-0001.md", Sample.workplan(""))], stored: stored, snapshot: snapshot)
        let stopped = Self.planner().plan(run: emptied)
        #expect(stopped.report.removedTasks == 25)
        #expect(stopped.brake?.hasPrefix("this run would remove 25 of 25 tasks") == true)
        var options = SyncOptions()
        options.allowMassRemoval = true
        #expect(Self.planner(options).plan(run: emptied).brake == nil)
    }

    @Test func aSkippedFileKeepsItsRowsAndItsEditMarks() {
        var stored = StoredState()
        stored.liveWorkstreams = ["workplans/TEST-WP-0001.md": ["TEST-WP-0001"]]
        let broken = Sample.workplan(Sample.task("01") + "\n```task\nid: [unclosed\n```\n")
        let plan = Self.planner().plan(run: Self.input([("workplans/TEST-WP-0001.md", broken)], stored: stored))
        #expect(plan.report.skippedFiles == ["workplans/TEST-WP-0001.md"])
        #expect(plan.workstreams.isEmpty && plan.tasks.isEmpty && plan.fileRows.isEmpty)
        #expect(plan.editMarks == .allExcept(["TEST-WP-0001"]))
    }

    @Test func aDryRunIsTheSamePlanMarkedAsNotApplied() {
        var options = SyncOptions()
        options.dryRun = true
        let input = Self.input([("workplans/TEST-WP-0001.md", Self.plain)])
        let dry = Self.planner(options).plan(run: input)
        let real = Self.planner().plan(run: input)
        #expect(dry.report.dryRun && !real.report.dryRun)
        #expect(dry.tasks == real.tasks && dry.workstreams == real.workstreams && dry.events == real.events)
        #expect(dry.fileRows == real.fileRows)
    }

    @Test func aReportThatDoesNotListChangesStillCountsThem() {
        var options = SyncOptions()
        options.listChanges = false
        let input = Self.input([("workplans/TEST-WP-0001.md", Self.plain)])
        let counted = Self.planner(options).plan(run: input).report
        let listed = Self.planner().plan(run: input).report
        #expect(counted.changes.isEmpty && counted.changeCount == 3 && counted.hasChanges)
        #expect(listed.changes.count == 3 && listed.changeCount == 3)
    }

    @Test func settlingWritesRecordsWhatWasWrittenAndForgetsWhatWasNot() throws {
        let plan = Self.planner().plan(run: Self.input([("workplans/TEST-WP-0001.md", Self.plain)]))
        let key = FileKey(size: 9, modifiedNs: 2, changedNs: 3, inode: 4)
        let written = plan.settlingWrites(["workplans/TEST-WP-0001.md": .written(key)])
        guard case .record(let record) = try #require(written.fileRows.first) else {
            Issue.record("no files row recorded")
            return
        }
        #expect(record.size == 9 && record.inode == 4 && record.checkedNs == 5_000_000_000)
        let failed = plan.settlingWrites(["workplans/TEST-WP-0001.md": .failed("changed since it was read")])
        #expect(failed.fileRows == [.delete("workplans/TEST-WP-0001.md")])
        #expect(failed.report.idFiles.isEmpty)
        #expect(failed.report.writeFailures == ["workplans/TEST-WP-0001.md: changed since it was read"])
    }

    /// The text `workplan sync --dry-run` prints for a cold run, as a golden file.
    @Test func dryRunTextMatchesItsGoldenFile() throws {
        var options = SyncOptions()
        options.dryRun = true
        let plan = Self.planner(options).plan(run: Self.input([("workplans/TEST-WP-0001.md", Self.plain)]))
        try RendererTests.assertGolden(plan.report.text(color: false), "sync-dry-run.txt")
    }
}

extension SyncPlanner {
    /// The plan of a run over `input`, as one plan.
    func plan(run input: SyncPlannerTests.Input) -> SyncPlan {
        plan(input.listing, read: input.read, snapshot: input.snapshot)
    }
}
