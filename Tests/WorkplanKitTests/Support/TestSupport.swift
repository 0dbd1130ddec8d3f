import Foundation
import Testing

@testable import WorkplanKit

/// Marker-free text and the locations of its `↓` markers.
struct MarkedText {
    var text: String
    var locations: [WorkplanKit.SourceLocation]

    init(_ marked: String) {
        var lines: [String] = []
        var locations: [WorkplanKit.SourceLocation] = []
        for (number, line) in marked.components(separatedBy: "\n").enumerated() {
            var clean = ""
            for character in line {
                if character == "↓" {
                    locations.append(WorkplanKit.SourceLocation(line: number + 1, column: clean.utf8.count + 1))
                } else {
                    clean.append(character)
                }
            }
            lines.append(clean)
        }
        text = lines.joined(separator: "\n")
        self.locations = locations
    }
}

/// Ways the same file can be written that must give the same lines and columns.
enum TextVariant: String, CaseIterable, CustomTestStringConvertible {
    case lf, crlf, bom

    func apply(_ text: String) -> [UInt8] {
        switch self {
        case .lf: Array(text.utf8)
        case .crlf: Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)
        case .bom: [0xEF, 0xBB, 0xBF] + Array(text.utf8)
        }
    }

    var testDescription: String { rawValue }
}

/// Test fixtures on disk.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
    static let projectRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    static func string(_ name: String) throws -> String {
        String(decoding: try bytes(name), as: UTF8.self)
    }
}

/// A scratch folder removed when the value is dropped.
final class TemporaryDirectory {
    let url: URL
    var path: String { url.path }

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("workplan-test-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    @discardableResult
    func write(_ relativePath: String, _ text: String) throws -> String {
        try write(relativePath, bytes: Array(text.utf8))
    }

    @discardableResult
    func write(_ relativePath: String, bytes: [UInt8]) throws -> String {
        let file = url.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
        return file.path
    }
}

/// Lints in-memory files with the default configuration; paths are as given.
func lint(
    _ files: [(path: String, bytes: [UInt8])], reportOn: Set<String>? = nil,
    configuration: Configuration = Configuration(root: URL(fileURLWithPath: "/tmp"))
) -> [Diagnostic] {
    let workplans = files.map { WorkplanParser.parse(bytes: $0.bytes, path: $0.path) }
    return Linter(configuration: configuration).diagnostics(for: workplans, reportingOn: reportOn ?? [files[0].path])
}

// Tests name rules and event kinds by their text; the library names them only by their members.
extension RuleID: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self.init(value) }
}

extension EventKind: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self.init(rawValue: value) }
}

extension DependencyKind: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) {
        guard let kind = DependencyKind(rawValue: value) else { preconditionFailure("no dependency kind '\(value)'") }
        self = kind
    }
}

extension RunOrigin {
    /// The origin of the tests' runs.
    static let test = RunOrigin(actor: "tester@example.com", host: "test-host", tool: "workplan test")
}
