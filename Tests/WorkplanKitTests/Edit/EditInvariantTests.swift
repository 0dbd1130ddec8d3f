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
            guard url.pathExtension == "md" || url.deletingLastPathComponent().lastPathComponent == "fuzz" else {
                continue
            }
            names.append(String(url.path.dropFirst(fixtures.path.count + 1)))
        }
        return names.sorted()
    }()

    /// The fuzzer's committed seeds (`Fuzz/Corpus/`).
    static let seeds: [String] = {
        let folder = Fixtures.projectRoot.appendingPathComponent("Fuzz/Corpus")
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }()

    @Test func inputsIncludeTheFixturesTheFuzzFindingsAndTheSeeds() {
        #expect(Self.inputs.contains("CUST-WP-0005.md"))
        #expect(Self.inputs.contains { $0.hasPrefix("fuzz/") })
        #expect(Self.seeds.count > 100)
    }

    @Test func everySeedKeepsTheInvariants() throws {
        let folder = Fixtures.projectRoot.appendingPathComponent("Fuzz/Corpus")
        for name in Self.seeds {
            let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
            #expect(EditInvariants.check(bytes) == [], "Fuzz/Corpus/\(name)")
        }
    }

    @Test(arguments: inputs)
    func everyEditKeepsItsInvariants(_ name: String) throws {
        let bytes = try Fixtures.bytes(name)
        for variant in [bytes, TextVariant.crlf.apply(String(decoding: bytes, as: UTF8.self))] {
            #expect(EditInvariants.check(variant) == [], "\(name)")
        }
    }
}
