extension SyncPlanner {
    /// The domain registry to record when the configured one differs from `stored`, with one
    /// event per domain it gained (`domain.inserted`), changed (`domain.updated`) or lost
    /// (`domain.removed`), each holding the values before and after. Nil when they agree.
    func registryChange(stored: [DomainRegistry.Domain]) -> (registry: [DomainRegistry.Domain], events: [EventRecord])?
    {
        let declared = configuration.domains?.domains ?? []
        guard declared != stored else { return nil }
        let before = Dictionary(stored.map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first })
        let kept = Set(declared.map(\.slug))
        var events: [EventRecord] = []
        func record(_ change: ChangeKind, _ slug: String, old: DomainRegistry.Domain?, new: DomainRegistry.Domain?) {
            let detail = EventDetail(old: Self.fields(old), new: Self.fields(new))
            events.append(
                EventRecord(at: now, kind: .row(.domain, change), subject: slug, detail: detail.json, run: run))
        }
        for domain in declared {
            let old = before[domain.slug]
            if old == nil { record(.inserted, domain.slug, old: nil, new: domain) }
            if let old, old != domain { record(.updated, domain.slug, old: old, new: domain) }
        }
        for domain in stored where !kept.contains(domain.slug) {
            record(.removed, domain.slug, old: domain, new: nil)
        }
        return (declared, events)
    }

    /// A declared domain's values as an event names them.
    private static func fields(_ domain: DomainRegistry.Domain?) -> [(key: String, value: String?)] {
        [("name", domain?.name), ("description", domain?.description), ("status", domain?.status.rawValue)]
    }
}
