import Foundation

/// The few git operations the tool needs, run through the `git` command.
public enum Git {
    /// Runs git with `arguments` in `directory`; returns standard output, or throws with standard error.
    public static func run(
        _ arguments: [String], in directory: String, input: Data? = nil
    ) throws(WorkplanRunError) -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let output = Pipe()
        let errors = Pipe()
        let standardInput = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input == nil ? FileHandle.nullDevice : standardInput
        do {
            try process.run()
        } catch {
            throw .git("cannot run git: \(error.localizedDescription)")
        }
        if let input {
            // Written on its own thread: git may fill its output pipe before it has read all input.
            Thread {
                standardInput.fileHandleForWriting.write(input)
                try? standardInput.fileHandleForWriting.close()
            }.start()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw .git(String(decoding: errorData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return data
    }

    /// The top folder of the repository containing `directory`.
    public static func topLevel(of directory: String) throws(WorkplanRunError) -> String {
        String(decoding: try run(["rev-parse", "--show-toplevel"], in: directory), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The folder git runs hooks from (honours `core.hooksPath`).
    public static func hooksDirectory(of directory: String) throws(WorkplanRunError) -> String {
        let path = String(decoding: try run(["rev-parse", "--git-path", "hooks"], in: directory), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return WorkplanLoader.absolutePath(path, workingDirectory: directory)
    }

    /// The staged files (added, copied, modified, renamed), as absolute paths, with their staged bytes.
    public static func stagedFiles(in directory: String) throws(WorkplanRunError) -> [(path: String, contents: [UInt8])]
    {
        let top = try topLevel(of: directory)
        let names = try run(["diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR"], in: top)
        var result: [(String, [UInt8])] = []
        for name in names.split(separator: 0).map({ String(decoding: $0, as: UTF8.self) }) where name.hasSuffix(".md") {
            let contents = try run(["show", ":" + name], in: top)
            result.append((top + "/" + name, [UInt8](contents)))
        }
        return result
    }
}
