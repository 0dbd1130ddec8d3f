import Foundation

/// A workplan file to read: where it is and how it is named in output.
public struct WorkplanSource: Hashable, Sendable {
    /// The absolute, standardised path.
    public var absolutePath: String
    /// The path shown to people: relative to the working directory when inside it.
    public var displayPath: String
    /// Bytes to parse instead of the file's (the staged version of a file), when given.
    public var contents: [UInt8]?

    /// A file on disk.
    public init(absolutePath: String, workingDirectory: String, contents: [UInt8]? = nil) {
        self.absolutePath = absolutePath
        self.displayPath = Self.display(absolutePath, relativeTo: workingDirectory)
        self.contents = contents
    }

    /// `path` relative to `directory` when it is inside it, otherwise unchanged.
    public static func display(_ path: String, relativeTo directory: String) -> String {
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }
}

/// Why a run cannot do its job at all (exit code 2).
public enum WorkplanRunError: LocalizedError, Sendable {
    case pathNotFound(String)
    case folderUnreadable(String, String)
    case git(String)
    case notFound(String)

    public var errorDescription: String? {
        switch self {
        case .pathNotFound(let path): "no such file or folder: \(path)"
        case .folderUnreadable(let path, let reason): "cannot read folder \(path): \(reason)"
        case .git(let message): "git failed: \(message)"
        case .notFound(let what): "not found: \(what)"
        }
    }
}

/// Finds workplan files and reads and parses them on all cores.
public enum WorkplanLoader {
    /// Every `*.md` file below `folder`, sorted; hidden folders and symbolic links are skipped.
    /// The entry types come from the folder listing itself, so that a walk costs no `lstat` per
    /// file where the file system reports them.
    public static func markdownFiles(under folder: String) throws(WorkplanRunError) -> [String] {
        var result: [String] = []
        var pending = [folder]
        while let current = pending.popLast() {
            guard let directory = opendir(current) else {
                if current == folder { throw .folderUnreadable(folder, String(cString: strerror(errno))) }
                continue
            }
            defer { closedir(directory) }
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                guard !name.hasPrefix(".") else { continue }
                let path = current + "/" + name
                var type = Int32(entry.pointee.d_type)
                if type == Int32(DT_UNKNOWN) {
                    var status = stat()
                    guard lstat(path, &status) == 0 else { continue }
                    type =
                        switch status.st_mode & S_IFMT {
                        case S_IFDIR: Int32(DT_DIR)
                        case S_IFLNK: Int32(DT_LNK)
                        default: Int32(DT_REG)
                        }
                }
                if type == Int32(DT_DIR) {
                    pending.append(path)
                } else if name.hasSuffix(".md"), type != Int32(DT_LNK) {
                    result.append(path)
                }
            }
        }
        return result.sorted()
    }

    /// Resolves command-line paths (files or folders) to workplan sources. Fails when a path does not exist.
    public static func sources(
        for paths: [String], workingDirectory: String
    ) throws(WorkplanRunError) -> [WorkplanSource] {
        var result: [WorkplanSource] = []
        for path in paths {
            let absolute = absolutePath(path, workingDirectory: workingDirectory)
            var status = stat()
            guard lstat(absolute, &status) == 0 else { throw .pathNotFound(path) }
            if status.st_mode & S_IFMT == S_IFDIR {
                result += try markdownFiles(under: absolute).map {
                    WorkplanSource(absolutePath: $0, workingDirectory: workingDirectory)
                }
            } else {
                result.append(WorkplanSource(absolutePath: absolute, workingDirectory: workingDirectory))
            }
        }
        return result
    }

    /// Every workplan under the configured folders; a missing folder holds nothing.
    public static func configuredSources(
        _ configuration: Configuration, workingDirectory: String
    ) throws(WorkplanRunError) -> [WorkplanSource] {
        var result: [WorkplanSource] = []
        for folder in configuration.folderURLs where FileManager.default.fileExists(atPath: folder.path) {
            result += try markdownFiles(under: folder.path).map {
                WorkplanSource(absolutePath: $0, workingDirectory: workingDirectory)
            }
        }
        return result
    }

    /// `path` made absolute and standardised.
    public static func absolutePath(_ path: String, workingDirectory: String) -> String {
        URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: workingDirectory, isDirectory: true))
            .standardizedFileURL.path
    }

    /// Reads and parses sources in parallel; results come back in the order of `sources`.
    public static func load(_ sources: [WorkplanSource], limits: ReadLimits) -> [Workplan] {
        concurrentPerformMap(sources) { load($0, limits: limits) }
    }

    /// Reads and parses one source.
    public static func load(_ source: WorkplanSource, limits: ReadLimits) -> Workplan {
        loadKeyed(source, limits: limits).workplan
    }

    /// Reads and parses one source; with the file's key, taken before its bytes were read, when
    /// it was read from disk.
    public static func loadKeyed(_ source: WorkplanSource, limits: ReadLimits) -> (workplan: Workplan, key: FileKey?) {
        if let contents = source.contents {
            return (WorkplanParser.parse(bytes: contents, path: source.displayPath, limits: limits), nil)
        }
        switch FileReader.readKeyed(source.absolutePath, maxBytes: limits.fileBytes) {
        case .success(let (bytes, key)):
            return (WorkplanParser.parse(bytes: bytes, path: source.displayPath, limits: limits), key)
        case .failure(let error): return (.unreadable(path: source.displayPath, message: error.message), nil)
        }
    }
}
