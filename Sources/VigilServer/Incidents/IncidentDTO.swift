import Foundation
import Vapor
import VigilCore

/// An incident as the JSON API shows it.
struct IncidentDTO: Content {
    typealias Organisation = OrganisationRef
    struct Clock: Content {
        let due: Date
        let immediate: Bool
        let state: String
    }

    let id: String
    let reference: String
    let status: IncidentStatus
    let title: String
    let description: String
    let discoveredAt: Date
    let occurredAt: Date?
    let reportedAt: Date?
    let organisation: Organisation
    let systemName: String?
    let reporterContact: String?
    let causeGroup: String?
    let scenario: String?
    let subScenario: String?
    let severity: String?
    let severityComputed: String?
    let serious: Bool
    let escalated: Bool
    let assigneeId: String?
    let notification: Clock
    let closedAt: Date?
    /// `open`, `not_incident` or `duplicate`.
    let disposition: String
    let duplicateOf: String?

    init(_ record: IncidentRecord, now: Date = Date()) throws {
        id = try record.requireID().uuidString.lowercased()
        reference = record.reference
        status = record.status
        title = record.title
        description = record.details
        discoveredAt = record.discoveredAt
        occurredAt = record.occurredAt
        reportedAt = record.createdAt
        organisation = Organisation(id: record.$organisation.id.uuidString.lowercased(), name: record.$organisation.value?.name ?? "")
        systemName = record.systemName
        reporterContact = record.reporterContact
        causeGroup = record.causeGroup
        scenario = record.scenario
        subScenario = record.subScenario
        severity = record.severity
        severityComputed = record.severityComputed
        serious = record.serious
        escalated = record.escalated
        assigneeId = record.$assignee.id?.uuidString.lowercased()
        let clock = record.notificationClock(now: now)
        notification = Clock(due: clock.due, immediate: clock.immediate, state: clock.state.rawValue)
        closedAt = record.closedAt
        disposition = record.disposition
        duplicateOf = record.duplicateOf?.uuidString.lowercased()
    }
}

extension IncidentRecord {
    func notificationClock(now: Date) -> ReportingDeadline {
        ReportingClock.notification(discoveredAt: discoveredAt, serious: serious, beyondCapacity: beyondCapacity,
                                    notifiedAt: notifiedAt, now: now, rule: reportingRule)
    }
}

struct ReportIncidentRequest: Content {
    var title: String
    var description: String
    var discoveredAt: Date
    var occurredAt: Date?
    var systemId: String?
    var systemName: String?
    var reporterContact: String?
    var organisationId: UUID?
}

struct ClassifyIncidentRequest: Content {
    var causeGroup: String
    var scenario: String
    /// An administrator's sub-scenario code under `scenario`.
    var subScenario: String?
    var securityLevel: Int?
    var nationalCritical: Bool?
    var impacts: [String]?
    var beyondCapacity: Bool?
    var confidentiality: String?
    var integrity: String?
    var availability: String?
    var affectedUsers: Int?
    var affectedSystems: Int?
    var dataSensitivity: String?
    var outageHours: Double?
    var spreading: Bool?

    /// Turns the request into the rules' input, naming the first field with an unknown code.
    func input() throws -> IncidentService.ClassifyInput {
        var problems = FieldProblems()
        func code<T: RawRepresentable>(_ raw: String?, _ field: String, as: T.Type) -> T? where T.RawValue == String {
            guard let raw else { return nil }
            guard let value = T(rawValue: raw) else { problems.add(.invalid(field, "validation.unknown_code", [raw])); return nil }
            return value
        }
        let group = code(causeGroup, "causeGroup", as: CauseGroup.self)
        let scenario = code(self.scenario, "scenario", as: Scenario.self)
        var impacts = Set<SeriousImpact>()
        for raw in self.impacts ?? [] { if let impact = code(raw, "impacts", as: SeriousImpact.self) { impacts.insert(impact) } }
        var severity = SeverityInput()
        severity.confidentiality = code(confidentiality, "confidentiality", as: ImpactLevel.self) ?? .none
        severity.integrity = code(integrity, "integrity", as: ImpactLevel.self) ?? .none
        severity.availability = code(availability, "availability", as: ImpactLevel.self) ?? .none
        severity.dataSensitivity = code(dataSensitivity, "dataSensitivity", as: DataSensitivity.self) ?? .internal
        if let users = affectedUsers {
            if users < 0 { problems.add(.invalid("affectedUsers", "validation.not_negative")) } else { severity.affectedUsers = users }
        }
        if let systems = affectedSystems {
            if systems < 0 { problems.add(.invalid("affectedSystems", "validation.not_negative")) } else { severity.affectedSystems = systems }
        }
        if let hours = outageHours {
            if hours < 0 || !hours.isFinite { problems.add(.invalid("outageHours", "validation.not_negative")) } else { severity.outageHours = hours }
        }
        severity.spreading = spreading ?? impacts.contains(.maySpread)
        if let level = securityLevel, !(1...5).contains(level) { problems.add(.invalid("securityLevel", "validation.security_level")) }
        try problems.throwIfAny()
        guard let group, let scenario else { throw VigilError.internal }
        return IncidentService.ClassifyInput(
            causeGroup: group, scenario: scenario, subScenario: subScenario.flatMap { $0.isEmpty ? nil : $0 }, securityLevel: securityLevel, nationalCritical: nationalCritical ?? false,
            impacts: impacts, beyondCapacity: beyondCapacity ?? false, severityInput: severity)
    }
}

struct ClassifyIncidentResponse: Content {
    let severity: String
    let serious: Bool
    let points: Int
    let explanation: [String]
}

struct TransitionRequest: Content {
    var to: String
    var note: String?
    var lessonsLearned: String?
}

struct ExtractRequest: Content {
    var text: String
}

struct IndicatorDTO: Content {
    let type: String
    let value: String
}

struct IndicatorList: Content {
    let items: [IndicatorDTO]
}

struct AddIndicatorsRequest: Content {
    var text: String?
    var items: [IndicatorDTO]?
}
