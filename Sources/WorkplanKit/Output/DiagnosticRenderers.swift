import Foundation

/// The output formats of `workplan lint`.
public enum OutputFormat: String, CaseIterable, Sendable {
    case text, json, sarif, github
}

/// Renders diagnostics as `path:line:col: severity: message [rule]`, one per line, notes indented.
public struct TextRenderer: Sendable {
    /// Whether to use ANSI colours.
    public var color: Bool

    /// Creates a renderer.
    public init(color: Bool) { self.color = color }

    /// The rendered report, ending with a summary line.
    public func render(_ report: LintReport) -> String {
        var out = ""
        for diagnostic in report.diagnostics {
            let severity = paint(diagnostic.severity.rawValue, code: code(diagnostic.severity))
            out +=
                "\(diagnostic.path):\(diagnostic.line):\(diagnostic.column): \(severity): \(diagnostic.message) [\(diagnostic.rule)]\n"
            for note in diagnostic.notes {
                let place = note.path.map { path in "\(path):\(note.line ?? 1):\(note.column ?? 1): " } ?? ""
                out += "  \(place)\(paint("note", code: "36")): \(note.message)\n"
            }
        }
        let errors = report.count(.error)
        let warnings = report.count(.warning)
        let notes = report.count(.note)
        out +=
            "\(report.fileCount) \(report.fileCount == 1 ? "file" : "files"): "
            + "\(errors) \(errors == 1 ? "error" : "errors"), \(warnings) \(warnings == 1 ? "warning" : "warnings"), "
            + "\(notes) \(notes == 1 ? "note" : "notes")\n"
        return out
    }

    private func code(_ severity: Severity) -> String {
        switch severity {
        case .error: "1;31"
        case .warning: "1;33"
        case .note: "1;36"
        }
    }

    private func paint(_ text: String, code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}

/// Renders the documented JSON report (`version` 1).
public enum JSONRenderer {
    struct Summary: Encodable {
        var errors: Int
        var warnings: Int
        var notes: Int
    }
    struct Report: Encodable {
        var version = 1
        var files: Int
        var diagnostics: [Diagnostic]
        var summary: Summary
    }

    /// The JSON text with a trailing newline.
    public static func render(_ report: LintReport) -> String {
        let body = Report(
            files: report.fileCount, diagnostics: report.diagnostics,
            summary: Summary(errors: report.count(.error), warnings: report.count(.warning), notes: report.count(.note))
        )
        return encode(body)
    }

    /// Encodes any value as stable, pretty-printed JSON with sorted keys and a trailing newline.
    public static func encode<Value: Encodable>(_ value: Value) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

/// Renders GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::message`).
public enum GitHubRenderer {
    /// One command per diagnostic.
    public static func render(_ report: LintReport) -> String {
        report.diagnostics.map { diagnostic in
            let command =
                switch diagnostic.severity {
                case .error: "error"
                case .warning: "warning"
                case .note: "notice"
                }
            var message = diagnostic.message
            for note in diagnostic.notes {
                message +=
                    "\n" + (note.path.map { "\($0):\(note.line ?? 1):\(note.column ?? 1): " } ?? "") + note.message
            }
            let properties =
                "file=\(escapeProperty(diagnostic.path)),line=\(diagnostic.line),col=\(diagnostic.column),title=\(escapeProperty(diagnostic.rule.rawValue))"
            return "::\(command) \(properties)::\(escapeData(message))\n"
        }.joined()
    }

    /// Escapes a message as the workflow command syntax requires.
    public static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// Escapes a property value (also `:` and `,`).
    public static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
