import Foundation
import Vapor
import VigilCore

/// The periodic reports' API answers (a contract, issue 21).
enum PeriodicReportDTO {
    struct Agency: Content {
        let organisationId: String
        let name: String
        let figures: PeriodicFigures
    }

    /// `{"id", "organisationId", "kind", "year", "periodStart", "periodEnd", "dueOn", "status",
    /// "sha256"?, ...}`: the issuing fields are left out of a draft.
    struct Report: Content {
        let id: String
        let organisationId: String
        let organisationName: String
        let kind: String
        let year: Int
        let periodStart: String
        let periodEnd: String
        let dueOn: String
        let status: String
        let generatedAt: Date
        let generatedBy: String
        let countedUntil: Date
        let issuedAt: Date?
        let issuedBy: String?
        let sha256: String?
        let sizeBytes: Int64?
        let templateVersion: Int?
        let supersedesId: String?
        let figures: PeriodicFigures
        let indicators: [ComplianceDTO.Indicator]
        let indicatorSource: String
        let indicatorDay: String
        let agencies: [Agency]
        let agenciesTotal: PeriodicFigures?
    }

    /// One item of `GET /api/v1/periodic-reports`: the report without its figures.
    struct Summary: Content {
        let id: String
        let organisationId: String
        let organisationName: String
        let kind: String
        let year: Int
        let periodStart: String
        let periodEnd: String
        let dueOn: String
        let status: String
        let generatedAt: Date
        let issuedAt: Date?
        let sha256: String?
    }

    /// One item of `GET /api/v1/periodic-reports/deadlines`.
    struct Deadline: Content {
        let kind: String
        let year: Int
        let periodStart: String
        let periodEnd: String
        let dueOn: String
        let legalSource: String
    }

    static func report(_ record: PeriodicReportRecord, organisation: OrganisationRecord, status: PeriodicReportStatus,
                       content: PeriodicReportContent, timeZone: TimeZone) -> Report {
        let id = PeriodicReportService.id
        let indicators = content.indicators.map {
            ComplianceDTO.Indicator(code: $0.code.rawValue, status: $0.status.rawValue, value: $0.value, target: $0.target, numerator: $0.numerator,
                                    denominator: $0.denominator, reason: $0.reason,
                                    link: ComplianceLinks.link($0.code, organisation: record.organisationID, now: content.generatedAt, timeZone: timeZone))
        }
        return Report(
            id: id(record.id!), organisationId: id(record.organisationID), organisationName: organisation.name, kind: record.kind, year: record.year,
            periodStart: record.periodStart, periodEnd: record.periodEnd, dueOn: record.dueOn, status: status.rawValue,
            generatedAt: record.generatedAt, generatedBy: record.generatedBy, countedUntil: content.countedUntil,
            issuedAt: record.issuedAt, issuedBy: record.issuedBy, sha256: record.sha256, sizeBytes: record.sizeBytes,
            templateVersion: record.templateVersion, supersedesId: record.supersedesID.map(id),
            figures: content.figures, indicators: indicators, indicatorSource: content.indicatorSource.rawValue, indicatorDay: content.indicatorDay,
            agencies: content.members.map { Agency(organisationId: id($0.organisationID), name: $0.name, figures: $0.figures) },
            agenciesTotal: content.members.isEmpty ? nil : content.membersTotal)
    }

    static func summary(_ record: PeriodicReportRecord, organisationName: String, status: PeriodicReportStatus) -> Summary {
        Summary(id: PeriodicReportService.id(record.id!), organisationId: PeriodicReportService.id(record.organisationID),
                organisationName: organisationName, kind: record.kind, year: record.year, periodStart: record.periodStart,
                periodEnd: record.periodEnd, dueOn: record.dueOn, status: status.rawValue, generatedAt: record.generatedAt,
                issuedAt: record.issuedAt, sha256: record.sha256)
    }

    static func deadline(_ deadline: PeriodicDeadline) -> Deadline {
        Deadline(kind: deadline.kind.rawValue, year: deadline.year, periodStart: deadline.periodStart.description,
                 periodEnd: deadline.periodEnd.description, dueOn: deadline.dueOn.description, legalSource: deadline.source.reference)
    }
}
