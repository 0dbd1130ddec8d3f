import Foundation
import Testing

@testable import WorkplanKit

/// Sync records the domain registry in the store: one event per domain the registry gained,
/// changed or lost, nothing when it is unchanged; `domain list --hub` needs a hub.
@Suite struct DomainRegistrySyncTests {
    static let configuration = """
        domains:
          customer:
            name: Customer
            description: What customers see
          billing:
            name: Billing
        folders: [workplans]

        """

    /// The domain events of a sync run's JSON report: kind, subject and detail.
    static func domainChanges(_ output: String) throws -> [[String: String]] {
        let report = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
        let changes = report?["changes"] as? [[String: Any]] ?? []
        return changes.filter { ($0["kind"] as? String)?.hasPrefix("domain.") == true }.map {
            $0.compactMapValues { $0 as? String }
        }
    }

    static func registry(_ directory: TemporaryDirectory) async throws -> [DomainRegistry.Domain] {
        let store = try SQLiteStateStore(path: directory.url.appendingPathComponent(".workplan/state.sqlite").path)
        return try await store.read { try await $0.syncState().domainRegistry }
    }

    @Test func syncRecordsTheRegistryAndEachChangeToIt() async throws {
        let directory = try DomainRegistryTests.project(
            Self.configuration, [("customer", "active", ["todo", "done"]), ("billing", "completed", ["done"])])
        let first = try CommandLineTests.run(["sync", "--format", "json"], in: directory.path)
        #expect(first.status == 0, "\(first.errors)")
        #expect(try Self.domainChanges(first.output).map { $0["kind"] } == ["domain.inserted", "domain.inserted"])
        #expect(try Self.domainChanges(first.output).map { $0["subject"] } == ["customer", "billing"])
        #expect(
            try await Self.registry(directory) == [
                .init(slug: "customer", name: "Customer", description: "What customers see"),
                .init(slug: "billing", name: "Billing"),
            ])

        let again = try CommandLineTests.run(["sync", "--format", "json"], in: directory.path)
        #expect(try Self.domainChanges(again.output).isEmpty, "\(again.output)")

        try directory.write(
            ".workplan.yml",
            Self.configuration.replacingOccurrences(of: "name: Customer", with: "name: Customers")
                .replacingOccurrences(of: "  billing:\n    name: Billing\n", with: ""))
        let changed = try CommandLineTests.run(["sync", "--format", "json"], in: directory.path)
        let events = try Self.domainChanges(changed.output)
        #expect(events.map { $0["kind"] } == ["domain.updated", "domain.removed"], "\(changed.output)")
        #expect(events.first?["detail"] == #"{"new":{"name":"Customers"},"old":{"name":"Customer"}}"#)
        #expect(
            events.last?["detail"] == #"{"new":{"name":null,"status":null},"old":{"name":"Billing","status":"active"}}"#
        )
        #expect(
            try await Self.registry(directory) == [
                .init(slug: "customer", name: "Customers", description: "What customers see")
            ])

        // The summary merges what the store holds: billing is used, no longer declared.
        let store = try SQLiteStateStore(path: directory.url.appendingPathComponent(".workplan/state.sqlite").path)
        let listing = DomainListing(hub: try await store.read { try await $0.hubSummary() })
        #expect(listing.domains.map(\.slug) == ["billing", "customer"])
        #expect(listing.domains.map(\.declared) == [false, true])
        #expect(listing.domains.map(\.activeWorkstreams) == [0, 1])
        #expect(listing.domains.map(\.doneTasks) == [1, 1])
    }

    @Test func domainListHubNeedsAHub() throws {
        let directory = try DomainRegistryTests.project(Self.configuration)
        let run = try CommandLineTests.run(["domain", "list", "--hub"], in: directory.path)
        #expect(run.status == 2)
        #expect(run.errors.contains("the hub commands need a PostgreSQL hub"), "\(run.errors)")
    }
}
