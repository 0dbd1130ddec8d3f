/// The write-back of store ids into a workplan: `state_hub_workstream_id` after the front matter's
/// `id:` line and `state_hub_task_id` after each task's `id:` line, as insertions only.
public struct IDWriteBack: Sendable {
    /// The insertions.
    public var edits: [ByteEdit]
    /// What the file must read as once they are applied.
    public var expected: WorkplanOutline

    /// Plans the write-back of the missing ids of `workplan`. Ids already in the file are never
    /// changed; an `id` that is not a block mapping key alone on its line (in a flow mapping, say)
    /// gets none.
    public init(_ workplan: Workplan, workstreamUUID: String?, taskUUIDs: [String: String]) {
        let source = workplan.document.source
        edits = []
        expected = WorkplanOutline(workplan)
        // A key written with no value (YAML's null) is reported by `invalid-uuid`; inserting a
        // second one would make the file unreadable.
        if workplan.frontMatter?["state_hub_workstream_id"] == nil, let workstreamUUID,
            let field = workplan.frontMatter?["id"],
            let line = Self.blockKeyLine(field, in: source)
        {
            edits.append(source.insertLine(after: line, key: "state_hub_workstream_id", value: workstreamUUID))
            expected = expected.settingFrontMatter("state_hub_workstream_id", to: workstreamUUID, after: "id")
        }
        for (index, task) in workplan.tasks.enumerated() where task.fields?["state_hub_task_id"] == nil {
            guard let id = task.id, let value = taskUUIDs[id], let field = task.fields?["id"],
                let line = Self.blockKeyLine(field, in: source)
            else { continue }
            edits.append(source.insertLine(after: line, key: "state_hub_task_id", value: value))
            expected = expected.settingTask(at: index, "state_hub_task_id", to: value, after: "id")
        }
    }

    /// The 0-based line of a key that starts its line, after which a sibling key can be inserted.
    static func blockKeyLine(_ field: YAMLField, in source: SourceText) -> Int? {
        let index = field.keyLocation.line - 1
        guard index >= 0, index < source.lines.count, field.value.location.line == field.keyLocation.line else {
            return nil
        }
        let line = source.lines[index]
        let indentation = source.bytes[line.start..<line.contentEnd].prefix { $0 == 0x20 }.count
        guard field.keyLocation.column - 1 == indentation else { return nil }
        return index
    }
}
