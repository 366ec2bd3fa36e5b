/// Builds a response plan's sections from what Vigil knows (`PlanInputs`), as the seed lists its
/// contents: the criteria to judge an incident's severity quickly, the methods to find its cause and
/// origin for each of the four cause groups, the response for each scenario, plus the system, its
/// contacts and its recovery resources.
public enum PlanGenerator {
    public static func sections(_ inputs: PlanInputs) -> [PlanSectionDraft] {
        PlanSectionKind.allCases.map { kind in
            switch kind {
            case .system: PlanSectionDraft(kind: kind, lines: system(inputs))
            case .severity: PlanSectionDraft(kind: kind, lines: severity(inputs))
            case .causes: PlanSectionDraft(kind: kind, lines: causes())
            case .playbooks: PlanSectionDraft(kind: kind, lines: playbooks(inputs.playbooks))
            case .contacts: PlanSectionDraft(kind: kind, lines: contacts(inputs.contacts))
            case .recovery: PlanSectionDraft(kind: kind, lines: recovery(inputs.recovery))
            }
        }
    }

    static let none = PlanText.phrase("plan.text.none")

    static func orNone(_ text: String) -> PlanText {
        text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? none : .verbatim(text)
    }

    static func system(_ inputs: PlanInputs) -> [PlanLine] {
        let system = inputs.system
        var lines: [PlanLine] = [
            .paragraph(.phrase("plan.text.system.name", system.name)),
            .paragraph(.key("plan.text.system.description", [orNone(system.description)])),
            .paragraph(.phrase("plan.text.system.owner", system.ownerUnit)),
            .paragraph(.key("plan.text.system.level", [.verbatim(String(system.securityLevel)),
                                                      .key("system.level.meaning.\(min(max(system.securityLevel, 1), 5))", [])])),
        ]
        if system.nationalCritical { lines.append(.paragraph(.phrase("plan.text.system.national_critical"))) }
        lines.append(.paragraph(.key("plan.text.system.hosting", [.key("system.hosting.\(system.hosting.rawValue)", [])])))
        lines.append(.paragraph(.key("plan.text.system.responsible", [orNone(system.responsible)])))
        lines.append(.heading(.phrase("plan.text.system.urls")))
        lines += system.publicURLs.isEmpty ? [.item(none)] : system.publicURLs.map { .item(.verbatim($0)) }
        lines.append(.heading(.phrase("plan.text.system.hosts")))
        lines += inputs.hosts.isEmpty ? [.item(none)] : inputs.hosts.map { host in
            .item(.key("plan.text.system.host", [.verbatim(host.name), host.addresses.isEmpty ? none : .verbatim(host.addresses.joined(separator: ", ")),
                                                 .key("host.role.\(host.role)", [])]))
        }
        lines.append(.heading(.phrase("plan.text.system.suppliers")))
        lines += inputs.suppliers.isEmpty ? [.item(none)] : inputs.suppliers.map { .item(.key("plan.text.system.supplier", [.verbatim($0.name), orNone($0.services)])) }
        return lines
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    static func severity(_ inputs: PlanInputs) -> [PlanLine] {
        let criteria = inputs.criteria
        let serious = inputs.serious
        let system = inputs.system
        let applies = system.nationalCritical || serious.levels.contains(system.securityLevel)
        return [
            .paragraph(.phrase("plan.text.severity.intro")),
            .item(.phrase("plan.text.severity.impact")),
            .item(.phrase("plan.text.severity.level")),
            .item(.phrase("plan.text.severity.scope", String(criteria.usersMedium), String(criteria.systemsMedium), String(criteria.usersLarge),
                       String(criteria.systemsLarge))),
            .item(.phrase("plan.text.severity.data")),
            .item(.phrase("plan.text.severity.outage", number(criteria.outageHoursMedium), number(criteria.outageHoursLong))),
            .item(.phrase("plan.text.severity.spreading")),
            .paragraph(.phrase("plan.text.severity.levels", String(criteria.mediumFrom), String(criteria.highFrom), String(criteria.criticalFrom))),
            .paragraph(.phrase("plan.text.source", criteria.source.reference, criteria.source.effectiveFrom)),
            .heading(.phrase("plan.text.serious.title")),
            .paragraph(.phrase("plan.text.serious.test", serious.levels.sorted().map(String.init).joined(separator: ", "))),
        ] + SeriousImpact.allCases.map { .item(.key("serious_impact.\($0.rawValue)", [])) } + [
            .paragraph(.phrase("plan.text.serious.capacity")),
            .paragraph(applies ? .phrase("plan.text.serious.applies", String(system.securityLevel)) : .phrase("plan.text.serious.not_applies", String(system.securityLevel))),
            .paragraph(.phrase("plan.text.source", serious.source.reference, serious.source.effectiveFrom)),
        ]
    }

    /// How many methods the localization tables hold for each cause group
    /// (`plan.text.causes.<group>.1` …).
    public static let causeMethods: [CauseGroup: Int] = [.cyberAttack: 5, .systemFailure: 4, .operatorError: 3, .naturalDisaster: 3]

    static func causes() -> [PlanLine] {
        var lines: [PlanLine] = [.paragraph(.phrase("plan.text.causes.intro"))]
        for group in CauseGroup.allCases {
            lines.append(.heading(.key("cause.\(group.rawValue)", [])))
            lines += (1...(causeMethods[group] ?? 0)).map { .item(.key("plan.text.causes.\(group.rawValue).\($0)", [])) }
        }
        return lines
    }

    static func playbooks(_ playbooks: [Playbook]) -> [PlanLine] {
        var lines: [PlanLine] = [.paragraph(.phrase("plan.text.playbooks.intro"))]
        for playbook in playbooks {
            lines.append(.heading(.key("plan.text.playbooks.scenario", [.key("scenario.\(playbook.scenario.rawValue)", []), .localized(playbook.title),
                                                                         .verbatim(String(playbook.version))])))
            lines += playbook.steps.map { step in
                .item(.key("plan.text.playbooks.step", [.key("phase.\(step.phase.rawValue)", []), .localized(step.title), .localized(step.detail),
                                                        .key("actor.\(step.actor.rawValue)", []), .verbatim(String(step.dueWithinHours))]))
            }
        }
        return lines
    }

    static func contacts(_ contacts: PlanContacts) -> [PlanLine] {
        func describe(_ contact: PlanContact) -> PlanText {
            let reach = [contact.phone, contact.email].filter { !$0.isEmpty }.joined(separator: ", ")
            return .key("plan.text.contacts.person", [.verbatim(contact.name), .key("plan.contact_role.\(contact.role)", []),
                                                      .verbatim(contact.organisation), reach.isEmpty ? none : .verbatim(reach)])
        }
        var lines: [PlanLine] = []
        if !contacts.fromDirectory { lines.append(.paragraph(.phrase("plan.text.contacts.from_users"))) }
        lines.append(.heading(.phrase("plan.text.contacts.people")))
        lines += contacts.people.isEmpty ? [.item(.phrase("plan.text.contacts.missing"))] : contacts.people.map { .item(describe($0)) }
        lines.append(.heading(.phrase("plan.text.contacts.escalation")))
        // With people named but no chain set, the missing piece is the chain, not a focal point.
        lines += contacts.escalation.isEmpty ? [.item(.phrase(contacts.people.isEmpty ? "plan.text.contacts.missing" : "plan.text.contacts.no_chain"))]
            : contacts.escalation.enumerated().map { index, contact in
                let number = PlanText.verbatim(String(index + 1))
                guard let wait = contact.waitMinutes else { return .item(.key("plan.text.contacts.step", [number, describe(contact)])) }
                return .item(.key("plan.text.contacts.step_wait", [number, describe(contact), .verbatim(String(wait))]))
            }
        lines.append(.paragraph(.phrase("plan.text.contacts.outside")))
        return lines
    }

    static func recovery(_ recovery: PlanInputs.Recovery) -> [PlanLine] {
        func part(_ title: String, _ text: String) -> [PlanLine] {
            let given = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return [.heading(.phrase(title))] + (given.isEmpty ? [.item(.phrase("plan.text.recovery.missing"))] : given.map { .item(.verbatim($0)) })
        }
        return part("plan.text.recovery.backups", recovery.backups) + part("plan.text.recovery.spare", recovery.spareEquipment)
            + part("plan.text.recovery.support", recovery.supplierSupport)
    }
}
