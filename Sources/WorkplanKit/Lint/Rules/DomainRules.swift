/// Rules about a workplan's domain against the domains the project declares (`domains:` or
/// `domains_file:` in `.workplan.yml`). Without a registry, neither finds anything.
enum DomainRules {
    /// The registry the examples are linted with.
    static let sampleConfiguration = """
        domains:
          customer:
            name: Customer
          custodian:
            name: Custodian
          legacy:
            name: Legacy
            status: archived

        """

    static let unknownDomain = Rule(
        id: .unknownDomain,
        summary: "a domain that the registry (`domains:` or `domains_file:` in .workplan.yml) does not declare",
        triggering: [
            RuleExample(Sample.frontMatter("domain: ↓custodain"), configuration: sampleConfiguration),
            RuleExample(Sample.frontMatter("domain: ↓billing"), configuration: sampleConfiguration),
        ],
        nonTriggering: [
            RuleExample(Sample.frontMatter("domain: custodian"), configuration: sampleConfiguration),
            RuleExample(Sample.frontMatter("domain: anything")),
        ]
    ) { context in
        guard let registry = context.configuration.domains, let scalar = domainScalar(context.workplan),
            ValueRules.isSlug(scalar.text), registry.domain(scalar.text) == nil
        else { return [] }
        let declared = registry.slugs
        let suggestion = closestMatch(to: scalar.text, in: declared).map { "; did you mean '\($0)'?" } ?? ""
        let list = declared.isEmpty ? "none" : declared.joined(separator: ", ")
        return [
            Finding(
                rule: .unknownDomain, at: scalar.location,
                "unknown domain '\(scalar.text)'\(suggestion) (declared: \(list); add one with 'workplan domain add')")
        ]
    }

    static let archivedDomain = Rule(
        id: .archivedDomain,
        summary: "a draft, active or blocked workplan in a domain the registry marks archived",
        triggering: [
            RuleExample(Sample.frontMatter("domain: ↓legacy"), configuration: sampleConfiguration),
            RuleExample(Sample.frontMatter(status: "draft", "domain: ↓legacy"), configuration: sampleConfiguration),
        ],
        nonTriggering: [
            RuleExample(
                Sample.frontMatter(status: "archived", "domain: legacy"), configuration: sampleConfiguration),
            RuleExample(Sample.frontMatter("domain: customer"), configuration: sampleConfiguration),
        ]
    ) { context in
        guard let registry = context.configuration.domains, let scalar = domainScalar(context.workplan),
            let domain = registry.domain(scalar.text), domain.status == .archived,
            let status = context.workplan.statusText, DomainRegistry.openWorkplanStatuses.contains(status)
        else { return [] }
        return [
            Finding(
                rule: .archivedDomain, at: scalar.location,
                "domain '\(scalar.text)' is archived: a \(status) workplan cannot use it "
                    + "(move it to an active domain, or set the domain's status to active)")
        ]
    }

    /// The workplan's `domain:` value, when it is one scalar.
    private static func domainScalar(_ workplan: Workplan) -> YAMLScalar? {
        workplan.frontMatter?["domain"]?.value.scalar
    }
}
