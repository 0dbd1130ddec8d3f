import Foundation

extension Doctor {
    /// Diagnoses the configured workplans, ranking duplicate places with git (the default
    /// branch, then the first commit that added the file, then the path).
    public static func diagnose(
        _ configuration: Configuration, workingDirectory: String
    ) async throws(WorkplanRunError) -> [DoctorIssue] {
        let set = try await WorkplanSet.load(configuration, workingDirectory: workingDirectory)
        let top = try? Git.topLevel(of: workingDirectory)
        let defaultBranch = top.flatMap { GitRefs.defaultBranch(in: $0) }
        var ranks: [String: KeeperRank] = [:]
        func rank(_ path: String) -> KeeperRank {
            if let known = ranks[path] { return known }
            let absolute = WorkplanLoader.absolutePath(path, workingDirectory: workingDirectory)
            let relative = top.map { IDCensus.relative(absolute, to: $0) } ?? path
            let rank = KeeperRank(
                onDefaultBranch: top.flatMap { top in defaultBranch.map { GitRefs.holds($0, relative, in: top) } }
                    ?? false,
                added: top.flatMap { GitRefs.firstAdded(relative, in: $0) }, path: path)
            ranks[path] = rank
            return rank
        }
        let taken = IDCensus.declaredElsewhere(configuration, workingDirectory: workingDirectory, prefix: "")
        return diagnose(set, pending: RenumberJournal.pending(configuration), taken: taken, rank: rank)
    }

    /// Fixes every issue, one at a time, diagnosing again after each (a workplan's renumbering
    /// also settles its tasks'). Returns the issues fixed, in order; stops at the first refusal.
    public static func fix(
        _ configuration: Configuration, workingDirectory: String
    ) async throws -> [DoctorIssue] {
        var fixed: [DoctorIssue] = []
        for _ in 0..<1000 {
            guard let issue = try await diagnose(configuration, workingDirectory: workingDirectory).first else { break }
            let set = try await WorkplanSet.load(configuration, workingDirectory: workingDirectory)
            switch issue.fix {
            case .renumber(let old, let new, let scope):
                let plan = try Renumberer.plan(old, to: new, scope: scope, in: set)
                try RenumberJournal.apply(plan, text: false, configuration: configuration)
            case .finishRenumber(let old, let new):
                let text = RenumberJournal.pending(configuration)?.text ?? false
                let plan = try Renumberer.plan(old, to: new, text: text, resuming: true, in: set)
                try RenumberJournal.apply(plan, text: text, configuration: configuration)
            case .newUUID(let path, let line):
                guard let (source, workplan) = set.entries.first(where: { $0.source.displayPath == path }),
                    let change = newUUIDChange(source, workplan, line: line, uuid: UUID().uuidString.lowercased())
                else { throw EditRefusal.inconsistentResult("cannot give \(path):\(line) a new store id") }
                try ChangeWriter.write([change])
            }
            fixed.append(issue)
        }
        return fixed
    }
}
