import Foundation

/// Carries out a renumbering so that a crash at any point leaves a tree that running it again
/// (or `workplan doctor --fix`) finishes: a journal naming the renumbering is written first
/// (`renumber.json` in the state folder), then the files (the declaring file last), then the rename, and
/// the journal is removed last. Every step can run again on its own result.
public struct RenumberJournal: Codable, Sendable, Equatable {
    public var old: String
    public var new: String
    public var text: Bool

    public init(old: String, new: String, text: Bool) {
        self.old = old
        self.new = new
        self.text = text
    }

    /// The unfinished renumbering the journal at `journalPath` names, if a crash left one.
    public static func pending(at journalPath: String) -> RenumberJournal? {
        guard let data = FileManager.default.contents(atPath: journalPath) else { return nil }
        return try? JSONDecoder().decode(RenumberJournal.self, from: data)
    }

    /// Writes the files and renames the declaring file, between writing and removing the journal
    /// at `journalPath`.
    public static func apply(_ plan: RenumberPlan, text: Bool, journalPath: String) throws(EditRefusal) {
        let journal = RenumberJournal(old: plan.old, new: plan.new, text: text)
        do {
            try StateFolder.create(for: journalPath)
            let data = try JSONEncoder().encode(journal)
            try data.write(to: URL(fileURLWithPath: journalPath), options: .atomic)
        } catch {
            throw .write(.failed(journalPath, error.localizedDescription))
        }
        do {
            try ChangeWriter.write(plan.changes)
        } catch {
            throw .write(error)
        }
        if let rename = plan.rename {
            guard !FileManager.default.fileExists(atPath: rename.to) else { throw .idTaken(plan.new, path: rename.to) }
            guard Foundation.rename(rename.from, rename.to) == 0 else {
                throw .write(.failed(rename.from, String(cString: strerror(errno))))
            }
        }
        try? FileManager.default.removeItem(atPath: journalPath)
    }
}
