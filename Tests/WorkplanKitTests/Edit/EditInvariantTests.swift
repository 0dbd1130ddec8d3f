import Foundation
import Testing
@testable import WorkplanKit

/// The fuzz target's invariants on every fixture and on every input fuzzing ever broke
/// (`Fixtures/fuzz/`, one file per finding, named after what it broke).
@Suite struct EditInvariantTests {
    static let inputs: [String] = {
        let fixtures = Fixtures.directory
        let enumerator = FileManager.default.enumerator(at: fixtures, includingPropertiesForKeys: nil)
        var names: [String] = []
        while let url = enumerator?.nextObject() as? URL {
            guard url.pathExtension == "md" || url.deletingLastPathComponent().lastPathComponent == "fuzz" else { continue }
            names.append(String(url.path.dropFirst(fixtures.path.count + 1)))
        }
        return names.sorted()
    }()

    @Test func inputsIncludeTheFixturesAndTheFuzzFindings() {
        #expect(Self.inputs.contains("CUST-WP-0005.md"))
        #expect(Self.inputs.contains { $0.hasPrefix("fuzz/") })
    }

    @Test(arguments: inputs)
    func everyEditKeepsItsInvariants(_ name: String) throws {
        let bytes = try Fixtures.bytes(name)
        for variant in [bytes, TextVariant.crlf.apply(String(decoding: bytes, as: UTF8.self))] {
            #expect(EditInvariants.check(variant) == [], "\(name)")
        }
    }
}
