import Foundation
import Testing

@testable import WorkplanKit

@Suite struct SimpleYAMLTests {
    /// Regions the simple reader must answer, each exactly as Yams reads it.
    @Test(arguments: [
        "id: X-WP-0001-T01\nstatus: todo\npriority: high\n",
        "title: \"State Hub v0.5 — Dynamic Domains & Multi-Repo\"\ncreated: '2026-02-28'\n",
        "# a comment\n\nid: A-1\n   \nstatus: done\n",
        "depends_on: [X-WP-0001-T01, \"X-WP-0001-T02\", 'X-WP-0001-T03']\nempty: []\nspaced: [ a ,b ]\n",
        "depends_on:\n- A-1\n- \"A-2\"\nnext: x\n",
        "depends_on:\n  - A-1\n  - A-2\n",
        "url: http://example.com/a#b\ntime: 10:30\nword: it's ok\nmixed: a - b\n",
        "status: carried_forward # started last week\ntitle: \"quoted\"   # and a comment\nlist:\n- a # first\n- 'b' #second\n",
        "title: ünïcode 🚀 text\nkey_with-dash: value\n",
        "on: yes\nnull_word: ~\nnumber: 0012\ntrailing: spaces   \n",
        "",
        "# only a comment\n",
    ])
    func answersTheSubsetExactlyAsYams(_ yaml: String) throws {
        let source = SourceText(yaml)
        let region = YAMLRegion(lines: 0..<source.lines.count)
        let simple = try #require(region.parseSimpleMapping(in: source))
        #expect(region.parseMappingWithYams(in: source) == .success(simple))
    }

    /// Regions outside the subset, left to Yams.
    @Test(arguments: [
        "status: # only a comment\n", "title: \"a\"# no space\n", "list: [a] # c\n", "k: v # bad \u{1}\n",
        "title: a: b\n", "title: \"esc\\\"aped\"\n", "title: \"unclosed\n",
        "key:\n", "key: |\n  text\n", "key: >\n  text\n", "a: &anchor x\nb: *anchor\n", "key: !tag x\n",
        "  indented: x\n", "\"quoted key\": x\n", "key: -5\n", "key:\ttab\n", "key: colon:\n",
        "id: a\nid: b\n", "key: [a, [b]]\n", "key: [a: b]\n", "key: [a,\n  b]\n", "key: {a: b}\n", "key: 'it''s'\n",
        "key: multi\n  line\n", "list:\n- a\n  - b\n", "list:\n# comment\n- a\n", "---\nkey: x\n", "...\n",
        "key: a\u{85}b\n", "key: a\u{2028}b\n", "key: \u{FEFF}x\n", "key: x\u{7F}\n", "key: \u{1}\n", "-key: x\n",
        "key: @at\n", "key: `tick`\n", "key: %percent\n", "key: ?question\n", "key: [a, ]\n", "key: [a] x\n",
    ])
    func declinesWhatItDoesNotFullyKnow(_ yaml: String) {
        let source = SourceText(yaml)
        #expect(YAMLRegion(lines: 0..<source.lines.count).parseSimpleMapping(in: source) == nil)
    }

    /// libyaml refuses an implicit key longer than 1,024 characters: the two readers must still agree.
    @Test(arguments: [1000, 1001, 1023, 1024, 1025, 1100])
    func longKeysAreReadAlikeByBothReaders(_ length: Int) {
        let source = SourceText(String(repeating: "k", count: length) + ": value\nstatus: todo\n")
        let region = YAMLRegion(lines: 0..<source.lines.count)
        let yams = region.parseMappingWithYams(in: source)
        if let simple = region.parseSimpleMapping(in: source) {
            #expect(yams == .success(simple))
        }
        #expect((region.parseSimpleMapping(in: source) != nil) == (length <= SimpleYAML.maximumKeyLength))
        if length > 1024 {
            #expect(region.parseMapping(in: source).map { _ in true } != .success(true))
        }
    }

    /// YAML compares keys by code points: keys that are only canonically equivalent are two keys.
    @Test(arguments: [("caf\u{E9}", "cafe\u{301}"), ("\u{212B}", "\u{C5}")])
    func keysEqualOnlyUnderUnicodeNormalisationAreDistinct(_ first: String, _ second: String) throws {
        let source = SourceText("\(first): one\n\(second): two\nid: \"\u{E9}t\u{E9}\"\n")
        let mapping = try YAMLRegion(lines: 0..<source.lines.count).parseMapping(in: source).get()
        #expect(
            mapping.fields.map { Array($0.key.unicodeScalars) } == [
                Array(first.unicodeScalars), Array(second.unicodeScalars),
            ]
                + [Array("id".unicodeScalars)])
        #expect(mapping.fields.map { $0.value.scalar?.text } == ["one", "two", "\u{E9}t\u{E9}"])
        #expect(mapping.fields[1].keyLocation == SourceLocation(line: 2, column: 1))
    }

    @Test func aKeyWrittenTwiceByTheSameCodePointsIsStillADuplicate() {
        let source = SourceText("caf\u{E9}: one\ncaf\u{E9}: two\n")
        guard case .failure(let problem) = YAMLRegion(lines: 0..<source.lines.count).parseMapping(in: source) else {
            Issue.record("duplicate key not reported")
            return
        }
        #expect(problem.rule == "duplicate-key")
        #expect(problem.location.line == 2)
    }

    @Test func positionsFollowTheStrippedIndentationOfAListItemFence() throws {
        let text = "- item\n\n  ```task\n  id: X-WP-0001-T01\n  status: todo\n  ```\n"
        let source = SourceText(text)
        let document = MarkdownDocument(source: source)
        let fence = try #require(document.fences.first)
        let region = WorkplanParser.contentRegion(of: fence, in: source)
        let simple = try #require(region.parseSimpleMapping(in: source))
        #expect(region.parseMappingWithYams(in: source) == .success(simple))
        #expect(simple["status"]?.value.location == SourceLocation(line: 5, column: 11))
    }

    /// Every file the tests know, in every region a reader may be given: wherever the simple reader
    /// answers, Yams agrees. It must answer for most of the real blocks, or it is not being used.
    @Test func agreesWithYamsOnEveryFixtureSeedAndWorkplan() throws {
        var files: [URL] = []
        for folder in [
            Fixtures.directory, Fixtures.projectRoot.appendingPathComponent("Fuzz/Corpus"),
            Fixtures.projectRoot.appendingPathComponent("workplans"),
        ] {
            let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
            while let url = enumerator?.nextObject() as? URL {
                if url.pathExtension == "md" || url.lastPathComponent.count == 40 { files.append(url) }
            }
        }
        #expect(files.count > 200)
        var answered = 0
        var fences = 0
        var answeredFences = 0
        for url in files {
            let bytes = [UInt8](try Data(contentsOf: url))
            let (failures, count) = EditInvariants.compareYAMLReaders(bytes, windows: 3)
            #expect(failures.isEmpty, "\(url.lastPathComponent): \(failures.prefix(3))")
            answered += count
            // Fuzz seeds are odd on purpose: they count for agreement only, not for how often the
            // small reader answers.
            guard !url.path.contains("/Fuzz/Corpus/") else { continue }
            let source = SourceText(bytes: bytes)
            for fence in MarkdownDocument(source: source).fences where fence.infoWord == "task" {
                fences += 1
                if WorkplanParser.contentRegion(of: fence, in: source).parseSimpleMapping(in: source) != nil {
                    answeredFences += 1
                }
            }
        }
        #expect(answered > 1000)
        #expect(answeredFences * 10 > fences * 8, "answered \(answeredFences) of \(fences) task blocks")
    }

    /// The real workplans (the seed and this project's own) are read without Yams, every block.
    @Test func readsEveryBlockOfTheRealWorkplans() throws {
        let folder = Fixtures.projectRoot.appendingPathComponent("workplans")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".md") }
        #expect(names.count >= 4)
        for url in names.map(folder.appendingPathComponent) + [
            Fixtures.directory.appendingPathComponent("CUST-WP-0005.md")
        ] {
            let source = SourceText(bytes: [UInt8](try Data(contentsOf: url)))
            let fences = MarkdownDocument(source: source).fences.filter { $0.infoWord == "task" }
            #expect(!fences.isEmpty)
            for fence in fences {
                #expect(
                    WorkplanParser.contentRegion(of: fence, in: source).parseSimpleMapping(in: source) != nil,
                    "\(url.lastPathComponent):\(fence.openLine + 1)")
            }
            let close = (1..<source.lines.count).first { source.string(ofLine: $0) == "---" } ?? 1
            #expect(
                YAMLRegion(lines: 1..<close).parseSimpleMapping(in: source) != nil,
                "\(url.lastPathComponent) front matter")
        }
    }
}
