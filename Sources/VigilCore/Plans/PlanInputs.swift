/// What Vigil knows that a response plan is generated from, gathered by the server from the
/// capabilities that own it (the inventory, the incident rules, the playbooks, the contacts).
public struct PlanInputs: Equatable, Sendable {
    public struct System: Equatable, Sendable {
        public var name: String
        public var description: String
        /// The organisation (unit) that owns the system.
        public var ownerUnit: String
        public var securityLevel: Int
        public var nationalCritical: Bool
        public var hosting: Hosting
        public var publicURLs: [String]
        /// The people responsible, as written on the system.
        public var responsible: String

        public init(name: String, description: String, ownerUnit: String, securityLevel: Int, nationalCritical: Bool, hosting: Hosting,
                    publicURLs: [String], responsible: String) {
            self.name = name
            self.description = description
            self.ownerUnit = ownerUnit
            self.securityLevel = securityLevel
            self.nationalCritical = nationalCritical
            self.hosting = hosting
            self.publicURLs = publicURLs
            self.responsible = responsible
        }
    }

    public struct Host: Equatable, Sendable {
        public var name: String
        public var addresses: [String]
        public var role: String

        public init(name: String, addresses: [String], role: String) {
            self.name = name
            self.addresses = addresses
            self.role = role
        }
    }

    public struct Supplier: Equatable, Sendable {
        public var name: String
        public var services: String

        public init(name: String, services: String) {
            self.name = name
            self.services = services
        }
    }

    /// The system's recovery resources: backups, spare equipment, the suppliers' support.
    public struct Recovery: Equatable, Sendable {
        public var backups: String
        public var spareEquipment: String
        public var supplierSupport: String

        public init(backups: String, spareEquipment: String, supplierSupport: String) {
            self.backups = backups
            self.spareEquipment = spareEquipment
            self.supplierSupport = supplierSupport
        }
    }

    public var system: System
    public var hosts: [Host]
    public var suppliers: [Supplier]
    public var criteria: SeverityCriteria
    public var serious: SeriousIncidentRule
    /// The agency's version of each relevant scenario's playbook (`PlanScenarios.relevant`).
    public var playbooks: [Playbook]
    public var contacts: PlanContacts
    public var recovery: Recovery

    public init(system: System, hosts: [Host], suppliers: [Supplier], criteria: SeverityCriteria, serious: SeriousIncidentRule,
                playbooks: [Playbook], contacts: PlanContacts, recovery: Recovery) {
        self.system = system
        self.hosts = hosts
        self.suppliers = suppliers
        self.criteria = criteria
        self.serious = serious
        self.playbooks = playbooks
        self.contacts = contacts
        self.recovery = recovery
    }
}

/// A person or body the plan names to call.
public struct PlanContact: Equatable, Sendable {
    /// `focal_point`, `deputy_focal_point`, `leader`, `response_team`, `external`.
    public var role: String
    public var name: String
    public var organisation: String
    public var phone: String
    public var email: String
    public var availability: String
    /// In an escalation chain: the minutes this step waits for an acknowledgement before the next.
    public var waitMinutes: Int?

    public init(role: String, name: String, organisation: String, phone: String = "", email: String = "", availability: String = "") {
        self.role = role
        self.name = name
        self.organisation = organisation
        self.phone = phone
        self.email = email
        self.availability = availability
    }
}

/// The contacts section's facts: who is called, and in which order the incident goes up.
public struct PlanContacts: Equatable, Sendable {
    public var people: [PlanContact]
    /// Who is told, first to last.
    public var escalation: [PlanContact]
    /// Whether the organisation's contact directory gave them (otherwise: its users holding the
    /// focal point's and the leader's roles, until the directory names them).
    public var fromDirectory: Bool

    public init(people: [PlanContact], escalation: [PlanContact], fromDirectory: Bool) {
        self.people = people
        self.escalation = escalation
        self.fromDirectory = fromDirectory
    }
}

/// Which scenarios a system's plan covers.
public enum PlanScenarios {
    /// Every scenario, but denial of service and defacement only for a system with public
    /// addresses: a system nobody reaches from outside cannot be flooded or defaced from there.
    public static func relevant(publicURLs: [String]) -> [Scenario] {
        Scenario.allCases.filter { scenario in
            switch scenario {
            case .ddos, .defacement: !publicURLs.isEmpty
            default: true
            }
        }
    }
}
