import Foundation
import Testing

@testable import WorkplanKit

/// The block scanner against CommonMark (markdown-it-py) on recorded bodies: every example of the
/// CommonMark spec turned into task-fence cases (scripts/record-commonmark-spec.py), and seeded
/// generated bodies with task fences in lists, block quotes, HTML blocks and tabs
/// (scripts/commonmark-differential.py --record).
@Suite struct CommonMarkDifferentialTests {
    struct Case: Decodable {
        var name: String
        var body: String
        /// markdown-it-py's answer.
        var expected: BlockOutline
        /// cmark's answer, recorded where it differs from markdown-it-py's (heading texts left out;
        /// content compared without leading white space, as cmark counts fence indentation in bytes).
        var cmark: Places?

        init(from decoder: any Decoder) throws {
            enum Keys: String, CodingKey { case name, body, cmark }
            let container = try decoder.container(keyedBy: Keys.self)
            name = try container.decode(String.self, forKey: .name)
            body = try container.decode(String.self, forKey: .body)
            cmark = try container.decodeIfPresent(Places.self, forKey: .cmark)
            expected = try BlockOutline(from: decoder)
        }

        func agrees(with actual: BlockOutline) -> Bool {
            if actual.agrees(with: expected) { return true }
            guard let cmark else { return false }
            // cmark's XML attributes turn the tabs of an info string into spaces.
            let fences = actual.fences.map { fence in
                var fence = fence
                fence.info = fence.info.replacingOccurrences(of: "\t", with: " ")
                return fence
            }
            return actual.html == cmark.html && fences.count == cmark.fences.count
                && zip(fences, cmark.fences).allSatisfy { $0.agrees(with: $1, loose: true) }
                && actual.headings.map { [$0.level, $0.line, $0.quoted ? 1 : 0] }
                    == cmark.headings.map { [$0.level, $0.line, $0.quoted ? 1 : 0] }
        }
    }

    struct Places: Decodable {
        struct HeadingPlace: Decodable {
            var level: Int
            var line: Int
            var quoted: Bool
        }
        var fences: [BlockOutline.Fence]
        var headings: [HeadingPlace]
        var html: [[Int]]
    }

    /// Cases where the scanner departs from CommonMark on purpose, each listed in docs/format.md.
    static let knownDepartures: Set<String> = []

    @Test(arguments: ["commonmark/spec-cases.json", "commonmark/generated-cases.json"])
    func scannerAgreesWithCommonMark(_ fixture: String) throws {
        let cases = try JSONDecoder().decode([Case].self, from: Data(Fixtures.bytes(fixture)))
        #expect(cases.count >= 600)
        var disagreements: [String] = []
        for testCase in cases {
            let actual = BlockOutline(body: SourceText(testCase.body))
            let broken = EditInvariants.checkBlockStructure(Array(testCase.body.utf8))
            #expect(broken.isEmpty, "\(testCase.name): \(broken)")
            if !testCase.agrees(with: actual), !Self.knownDepartures.contains(testCase.name) {
                disagreements.append(testCase.name)
                if disagreements.count <= 10 {
                    Issue.record(
                        "\(testCase.name):\n\(testCase.body)\nexpected \(testCase.expected)\nactual   \(actual)")
                }
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.count) disagreements: \(disagreements.joined(separator: " "))")
    }
}
