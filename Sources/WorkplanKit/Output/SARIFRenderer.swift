import Foundation

/// Renders SARIF 2.1.0, with every rule in `tool.driver.rules` and repository-relative URIs.
public struct SARIFRenderer: Sendable {
    /// The repository root that URIs are relative to.
    public var repositoryRoot: String
    /// The working directory that diagnostic paths are relative to.
    public var workingDirectory: String
    /// The tool's version.
    public var version: String

    /// Creates a renderer.
    public init(repositoryRoot: String, workingDirectory: String, version: String) {
        self.repositoryRoot = repositoryRoot
        self.workingDirectory = workingDirectory
        self.version = version
    }

    struct Log: Encodable {
        var schema = "https://json.schemastore.org/sarif-2.1.0.json"
        var version = "2.1.0"
        var runs: [Run]
        enum CodingKeys: String, CodingKey {
            case schema = "$schema"
            case version, runs
        }
    }
    struct Run: Encodable {
        var tool: Tool
        var originalUriBaseIds: [String: ArtifactLocation]
        var results: [Result]
    }
    struct Tool: Encodable { var driver: Driver }
    struct Driver: Encodable {
        var name = "workplan"
        var version: String
        var rules: [ReportingDescriptor]
    }
    struct ReportingDescriptor: Encodable {
        var id: String
        var shortDescription: Message
        var defaultConfiguration: Configuration
        struct Configuration: Encodable { var level: String }
    }
    struct Message: Encodable { var text: String }
    struct ArtifactLocation: Encodable {
        var uri: String
        var uriBaseId: String?
    }
    struct Region: Encodable {
        var startLine: Int
        var startColumn: Int
    }
    struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var region: Region
    }
    struct Location: Encodable {
        var physicalLocation: PhysicalLocation?
        var message: Message?
    }
    struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int
        var level: String
        var message: Message
        var locations: [Location]
        var relatedLocations: [Location]?
    }

    /// The SARIF log as JSON text.
    public func render(_ report: LintReport) -> String {
        let rules = RuleRegistry.all
        let ruleIndex = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id.rawValue, $0) })
        let results = report.diagnostics.map { diagnostic in
            let related = diagnostic.notes.compactMap { note -> Location? in
                guard let path = note.path else { return nil }
                return Location(
                    physicalLocation: physical(path, line: note.line ?? 1, column: note.column ?? 1),
                    message: Message(text: note.message))
            }
            return Result(
                ruleId: diagnostic.rule.rawValue, ruleIndex: ruleIndex[diagnostic.rule.rawValue] ?? 0,
                level: level(diagnostic.severity),
                message: Message(text: diagnostic.message),
                locations: [
                    Location(
                        physicalLocation: physical(diagnostic.path, line: diagnostic.line, column: diagnostic.column),
                        message: nil)
                ],
                relatedLocations: related.isEmpty ? nil : related)
        }
        let descriptors = rules.map {
            ReportingDescriptor(
                id: $0.id.rawValue, shortDescription: Message(text: $0.summary),
                defaultConfiguration: .init(level: level($0.defaultSeverity)))
        }
        let root = repositoryRoot.hasSuffix("/") ? repositoryRoot : repositoryRoot + "/"
        let log = Log(runs: [
            Run(
                tool: Tool(driver: Driver(version: version, rules: descriptors)),
                originalUriBaseIds: [
                    "SRCROOT": ArtifactLocation(uri: "file://" + percentEncoded(root), uriBaseId: nil)
                ],
                results: results)
        ])
        return JSONRenderer.encode(log)
    }

    private func physical(_ path: String, line: Int, column: Int) -> PhysicalLocation {
        let absolute = WorkplanLoader.absolutePath(path, workingDirectory: workingDirectory)
        let relative = WorkplanSource.display(absolute, relativeTo: repositoryRoot)
        return PhysicalLocation(
            artifactLocation: ArtifactLocation(uri: percentEncoded(relative), uriBaseId: "SRCROOT"),
            region: Region(startLine: line, startColumn: column))
    }

    private func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "note"
        }
    }

    private func percentEncoded(_ path: String) -> String {
        path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
    }
}
