import Foundation

/// Finds one workplan by id or path.
public enum WorkplanFinder {
    /// The workplan at a path, or with this id under the configured folders.
    public static func find(
        _ idOrPath: String, configuration: Configuration,
        workingDirectory: String
    ) throws(WorkplanRunError) -> Workplan {
        let absolute = WorkplanLoader.absolutePath(idOrPath, workingDirectory: workingDirectory)
        if idOrPath.hasSuffix(".md") || FileManager.default.fileExists(atPath: absolute) {
            let sources = try WorkplanLoader.sources(for: [idOrPath], workingDirectory: workingDirectory)
            guard let source = sources.first else { throw .notFound(idOrPath) }
            return WorkplanLoader.load(source, limits: configuration.limits)
        }
        let sources = try WorkplanLoader.configuredSources(configuration, workingDirectory: workingDirectory)
        // File names usually start with the id: try those first, then everything.
        let likely = sources.filter { ($0.absolutePath as NSString).lastPathComponent.hasPrefix(idOrPath) }
        for candidates in [likely, sources] {
            let workplans = WorkplanLoader.load(candidates, limits: configuration.limits)
            if let match = workplans.first(where: { $0.id == idOrPath }) { return match }
        }
        throw .notFound("no workplan with id \(idOrPath) under \(configuration.folders.joined(separator: ", "))")
    }
}
