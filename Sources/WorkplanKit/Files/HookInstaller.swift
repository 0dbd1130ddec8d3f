import Foundation

/// Installs the git pre-commit hook that lints staged workplans.
public enum HookInstaller {
    /// The line that marks a hook this tool wrote.
    public static let marker = "# workplan pre-commit hook (written by 'workplan hook install')"

    /// What an installation did.
    public enum Outcome: Equatable, Sendable {
        case installed(String)
        case replaced(String)
        case unchanged(String)
    }

    /// Why a hook was not installed.
    public enum Refusal: LocalizedError, Sendable {
        case foreignHook(String)
        case cannotWrite(String, String)

        public var errorDescription: String? {
            switch self {
            case .foreignHook(let path):
                "\(path) exists and was not written by workplan: add 'workplan lint --staged' to it, or run 'workplan hook install --force' to replace it"
            case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
            }
        }
    }

    /// The hook script; it runs `workplan` from PATH, or the binary that installed it.
    public static func script(executable: String) -> String {
        let quoted = "'" + executable.replacingOccurrences(of: "'", with: "'\\''") + "'"
        return """
            #!/bin/sh
            \(marker)
            # Lints the staged versions of the staged workplan files; remove this file to disable.
            if command -v workplan >/dev/null 2>&1; then
              exec workplan lint --staged
            fi
            exec \(quoted) lint --staged

            """
    }

    /// Writes the hook into `hooksDirectory`, refusing to replace a hook it did not write unless `force`.
    public static func install(hooksDirectory: String, executable: String, force: Bool) throws(Refusal) -> Outcome {
        let path = hooksDirectory + "/pre-commit"
        let content = script(executable: executable)
        let manager = FileManager.default
        var replaced = false
        if let existing = manager.contents(atPath: path) {
            let text = String(decoding: existing, as: UTF8.self)
            if text == content { return .unchanged(path) }
            if !text.contains(marker), !force { throw .foreignHook(path) }
            replaced = true
        }
        do {
            try manager.createDirectory(atPath: hooksDirectory, withIntermediateDirectories: true)
            try Data(content.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        } catch {
            throw .cannotWrite(path, error.localizedDescription)
        }
        return replaced ? .replaced(path) : .installed(path)
    }
}
