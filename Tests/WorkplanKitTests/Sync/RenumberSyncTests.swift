import Foundation
import Testing

@testable import WorkplanKit

/// A renumbered workplan keeps its rows through its store ids, and a new workplan that takes
/// the old id gets rows of its own: in one batch and across batches, in a dry run and applied.
@Suite struct RenumberSyncTests {
    @Test(arguments: [(20, 256), (300, 16)])
    func aNewWorkplanTakingARenumberedIDGetsRowsOfItsOwn(count: Int, batchSize: Int) async throws {
        var fixture = try SyncFixture()
        fixture.batchSize = batchSize
        for number in 1...count {
            let id = String(format: "ATLS-WP-%04d", number)
            try fixture.write("\(id).md", plan(id, tasks: [("01", "todo"), ("02", "done")]))
        }
        try await fixture.sync()
        let before = try fixture.workstreams()
        let oldUUID = try #require(before["ATLS-WP-0002"]?.uuid)
        let oldTaskUUID = try #require(try fixture.tasks()["ATLS-WP-0002-T01"]?.uuid)

        let workspace = fixture.workspace
        let (renumbering, text) = try workspace.planRenumber("ATLS-WP-0002", to: "CUST-WP-0900")
        try workspace.apply(renumbering, text: text)
        // Sorted after the renamed file's path in one run, before it in the other.
        let newName = batchSize < count ? "ATLS-WP-0002-again.md" : "ZZZ-ATLS-WP-0002.md"
        try fixture.write(newName, plan("ATLS-WP-0002", tasks: [("01", "todo")]))

        let predicted = try await fixture.sync { $0.dryRun = true }
        #expect(predicted.newTasks == 1)
        #expect(predicted.removedTasks == 0)
        #expect(predicted.changes.filter { $0.kind == .row(.workstream, .inserted) }.map(\.subject) == ["ATLS-WP-0002"])

        let report = try await fixture.sync()
        #expect(report.skippedFiles.isEmpty)
        #expect(report.newTasks == 1)
        #expect(report.removedTasks == 0)
        let workstreams = try fixture.workstreams()
        let tasks = try fixture.tasks()
        #expect(workstreams.count == count + 1)
        #expect(workstreams["CUST-WP-0900"]?.uuid == oldUUID)
        #expect(tasks["CUST-WP-0900-T01"]?.uuid == oldTaskUUID)
        let taken = try #require(workstreams["ATLS-WP-0002"])
        #expect(taken.uuid != nil && taken.uuid != oldUUID)
        #expect(taken.path == "workplans/" + newName)
        #expect(tasks["ATLS-WP-0002-T01"]?.uuid != oldTaskUUID)
        #expect(tasks["ATLS-WP-0002-T01"]?.workstreamID == "ATLS-WP-0002")
        // The new file carries its own ids, not the renamed workplan's.
        let written = String(decoding: try fixture.bytes(newName), as: UTF8.self)
        #expect(written.contains("state_hub_workstream_id: \(try #require(taken.uuid))"))
        #expect(!written.contains(oldUUID))
        #expect(try await fixture.sync { $0.check = true }.hasChanges == false)
    }
}
