import Foundation
import Testing

@testable import WorkplanKit

/// The allocation-free UTF-8 check agrees with the standard library's validation.
@Suite struct UTF8CheckTests {
    /// A small deterministic generator (SplitMix64), so that a failure repeats.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var value = state
            value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
            value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
            return value ^ (value >> 31)
        }
    }

    static func expected(_ bytes: [UInt8]) -> Bool {
        !bytes.contains(0) && String(validating: bytes, as: UTF8.self) != nil
    }

    @Test(arguments: [
        "", "plain ASCII text of more than eight bytes", "café ✓ 𝄞 done", "\u{10FFFF}", "\u{D7FF}\u{E000}",
    ])
    func validTextPasses(_ text: String) {
        #expect(UTF8Check.isValidText(Array(text.utf8)))
    }

    @Test(
        arguments: [
            [0x61, 0x00, 0x62], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
            [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82], [0x80], Array("abcdefgh\u{0}ijklmnop".utf8),
        ] as [[UInt8]])
    func invalidTextFails(_ bytes: [UInt8]) {
        #expect(!UTF8Check.isValidText(bytes))
        #expect(!Self.expected(bytes))
    }

    @Test func randomBytesAgreeWithTheStandardLibrary() {
        var generator = SplitMix(state: 2026)
        // Mostly ASCII with some high bytes, so that valid and invalid inputs both occur.
        let alphabet: [UInt8] = Array(0x20...0x7E) + [0x00, 0x80, 0xBF, 0xC2, 0xC0, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5]
        var valid = 0
        for _ in 0..<20_000 {
            let count = Int.random(in: 0...40, using: &generator)
            let bytes = (0..<count).map { _ in
                Int.random(in: 0..<8, using: &generator) == 0
                    ? UInt8.random(in: 0x80...0xFF, using: &generator)
                    : alphabet[Int.random(in: 0..<alphabet.count, using: &generator)]
            }
            let result = UTF8Check.isValidText(bytes)
            #expect(result == Self.expected(bytes), "\(bytes)")
            if result { valid += 1 }
        }
        #expect(valid > 1000)
        #expect(valid < 19_000)
    }
}

/// Hand-written fast paths agree with the general code they stand in for.
@Suite struct FastPathTests {
    @Test func theDefaultIDPatternMatchesAsTheRegularExpressionDoes() throws {
        let regex = try NSRegularExpression(pattern: Configuration.defaultIDPattern)
        var generator = UTF8CheckTests.SplitMix(state: 7)
        let pieces = ["A", "Z", "B7", "-WP-", "-", "WP", "0", "1234", "9", "a", "é", "\n", " ", "-T", "00001"]
        var matched = 0
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...6, using: &generator)).map { _ in
                pieces[Int.random(in: 0..<pieces.count, using: &generator)]
            }.joined()
            let expected = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
            // The fast path may refuse what the expression accepts (it then asks the expression), never the reverse.
            if PatternCache.matchesDefault(text) {
                #expect(expected, "\(text.debugDescription)")
                matched += 1
            }
            #expect(PatternCache.shared.matches(Configuration.defaultIDPattern, text) == expected)
        }
        #expect(matched > 10)
        #expect(PatternCache.matchesDefault("CUST-WP-0005"))
        #expect(!PatternCache.matchesDefault("CUST-WP-005"))
    }

    @Test(arguments: [
        "task", " task  x", "task\tid", "\u{00A0}task", "ta\u{3000}sk", "", "   ", "tâsk more", "\t\ttask",
    ])
    func anInfoStringsFirstWordIsItsFirstWhitespaceSeparatedWord(_ info: String) {
        #expect(InfoString.firstWord(of: info) == String(info.split(whereSeparator: \.isWhitespace).first ?? ""))
    }

    @Test func lowercaseUUIDs() {
        #expect(isLowercaseUUID("456a0252-9a34-43a6-8244-c3a2caf95d51"))
        #expect(!isLowercaseUUID("456A0252-9a34-43a6-8244-c3a2caf95d51"))
        #expect(!isLowercaseUUID("456a0252-9a34-43a6-8244-c3a2caf95d51a"))
        #expect(!isLowercaseUUID("456a0252-9a34-43a6-8244-c3a2caf95d5"))
        #expect(!isLowercaseUUID("456a02529-a34-43a6-8244-c3a2caf95d51"))
    }
}

/// The outline-label stripper on bytes agrees with a plain reading of the rule on scalars.
@Suite struct OutlineLabelTests {
    /// The rule, read on Unicode scalars: up to three ASCII letters, digits and dots, blanks,
    /// then a separator (or nothing after a final dot), blanks, and the rest.
    static func reference(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count, index < 3, scalars[index].isASCII, scalars[index].properties.isAlphabetic {
            index += 1
        }
        var sawDigit = false
        var lastWasDot = false
        while index < scalars.count, scalars[index].isASCIIDigit || (sawDigit && scalars[index] == ".") {
            sawDigit = sawDigit || scalars[index].isASCIIDigit
            lastWasDot = scalars[index] == "."
            index += 1
        }
        guard sawDigit else { return text }
        var rest = index
        while rest < scalars.count, scalars[rest] == " " || scalars[rest] == "\t" { rest += 1 }
        if rest < scalars.count, ["—", "–", "-", ":", ")"].contains(scalars[rest]) {
            rest += 1
        } else if !(lastWasDot && rest > index) {
            return text
        }
        while rest < scalars.count, scalars[rest] == " " || scalars[rest] == "\t" { rest += 1 }
        guard rest < scalars.count else { return text }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars[rest...])
        return String(result)
    }

    @Test func bytesAndScalarsAgree() {
        var generator = UTF8CheckTests.SplitMix(state: 11)
        let pieces = [
            "P", "AB", "xyzw", "1", "2.", ".3", " ", "\t", "—", "–", "-", ":", ")", "é", "Task", "x", "\u{301}",
        ]
        var stripped = 0
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...7, using: &generator)).map { _ in
                pieces[Int.random(in: 0..<pieces.count, using: &generator)]
            }.joined()
            let result = WorkplanParser.stripOutlineLabel(text)
            #expect(result == Self.reference(text), "\(text.debugDescription)")
            if result != text { stripped += 1 }
        }
        #expect(stripped > 500)
        #expect(WorkplanParser.stripOutlineLabel("P1.1 — Expose `domains` table") == "Expose `domains` table")
        #expect(WorkplanParser.stripOutlineLabel("3. Ship it") == "Ship it")
    }
}
