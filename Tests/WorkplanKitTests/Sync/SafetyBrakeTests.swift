import Foundation
import Testing

@testable import WorkplanKit

/// The safety brake fires on "all of it" whatever the count: a run that would remove every
/// workstream and task of a repository (a wrong checkout, an emptied folder) writes nothing.
@Suite struct SafetyBrakeTests {
    @Test func aRunThatWouldRemoveEverythingStopsWhateverTheCount() async throws {
        let fixture = try SyncFixture()
        try fixture.write("TEST-WP-0001.md", plan(tasks: [("01", "todo"), ("02", "todo"), ("03", "done")]))
        try fixture.write("TEST-WP-0002.md", plan("TEST-WP-0002", tasks: [("01", "todo")]))
        try await fixture.sync()
        let before = try fixture.workstreams()

        // One of two workplans gone: an ordinary removal, under the brake's count.
        try fixture.remove("TEST-WP-0002.md")
        let one = try await fixture.sync()
        #expect(one.brake == nil)
        #expect(one.removedTasks == 1)

        // The last one gone: everything would go.
        try fixture.remove("TEST-WP-0001.md")
        let stopped = try await fixture.sync()
        let brake = try #require(stopped.brake)
        #expect(brake.contains("every workstream and task of this repository (3 tasks)"))
        #expect(try fixture.workstreams()["TEST-WP-0001"] == before["TEST-WP-0001"])
        let allowed = try await fixture.sync { $0.allowMassRemoval = true }
        #expect(allowed.brake == nil)
        #expect(try fixture.workstreams().values.allSatisfy { $0.removedAt != nil })
    }
}
