import Foundation
import StoreConformance
import Testing

@testable import WorkplanKit

/// The conformance checks on the SQLite backend: in memory and in a file.
@Suite struct SQLiteConformanceTests {
    @Test(arguments: StoreConformance.checks.map(\.0))
    func inMemory(_ check: String) async throws {
        try await StoreConformance { try SQLiteStateStore() }.run(check)
    }

    @Test(arguments: StoreConformance.checks.map(\.0))
    func inAFile(_ check: String) async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/.workplan/state.sqlite"
        try await StoreConformance { try SQLiteStateStore(path: path) }.run(check)
        withExtendedLifetime(directory) {}
    }
}

/// What a dry run reads when there is no store: nothing, and it refuses to be written.
@Suite struct EmptyStoreTests {
    @Test func anEmptyStoreReadsNothingAndRefusesWrites() async throws {
        try await StoreConformance { EmptyStore() }.anEmptyStoreHoldsNothing()
        await #expect(throws: StoreError.self) {
            try await EmptyStore().write { try await $0.apply(StoreConformance.insertingPlan()) }
        }
    }
}
