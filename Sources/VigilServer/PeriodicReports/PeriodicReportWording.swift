import Foundation
import VigilCore

/// A periodic report in words: its frozen content as the template's fields and tables, in the
/// language asked for (the document itself is written in Vietnamese, as official reports are).
struct PeriodicReportWording: Sendable {
    let localizer: Localizer
    let format: DisplayFormat

    struct Subject: Sendable {
        let organisation: String
        let organisationCode: String
        let kind: PeriodicReportKind
        let year: Int
        let deadline: PeriodicDeadline
        let content: PeriodicReportContent
        /// Who issued it and when; for a draft, who is looking and now.
        let issuedBy: String
        let issuedAt: Date
    }

    func facts(_ subject: Subject, language: UILanguage) -> ReportFacts {
        func t(_ key: String, _ arguments: [String] = []) -> String { localizer.text(key, language, arguments) }
        func day(_ day: CalendarDay) -> String { format.date(day.start(in: calendar), language) }
        let figures = subject.content.figures
        let values: [String: String] = [
            "organisation": subject.organisation,
            "organisation_code": subject.organisationCode,
            "kind": t("periodic.kind_title.\(subject.kind.rawValue)"),
            "year": String(subject.year),
            "period_start": day(subject.deadline.periodStart),
            "period_end": day(subject.deadline.periodEnd),
            "due_on": day(subject.deadline.dueOn),
            "counted_until": format.dateTime(subject.content.countedUntil, language),
            "generated_at": format.dateTime(subject.content.generatedAt, language),
            "received": String(figures.received),
            "incidents": String(figures.incidents),
            "handled": String(figures.handled),
            "drills": String(figures.drills),
            "scans": String(figures.scans.scans),
            "systems_scanned": String(figures.scans.systemsScanned),
            "findings_found": String(figures.scans.findingsFound),
            "findings_fixed": String(figures.scans.findingsFixed),
            "indicators_note": indicatorsNote(subject.content, language: language),
            "issued_by": subject.issuedBy,
            "issued_at": format.date(subject.issuedAt, language),
            "today": format.date(subject.issuedAt, language),
        ]
        func group(_ counts: [String: Int], order: [String], label: (String) -> String) -> DocumentTable {
            DocumentTable(headers: [t("periodic.column.group"), t("periodic.column.count")],
                          rows: PeriodicFigures.rows(counts, order: order).map { [label($0.code), String($0.count)] }
                              + [[t("periodic.total"), String(counts.values.reduce(0, +))]])
        }
        let unclassified = t("periodic.unclassified")
        func named(_ prefix: String) -> (String) -> String {
            { code in code == PeriodicFigures.unclassified ? unclassified : t(prefix + code) }
        }
        let tables: [String: DocumentTable] = [
            "by_cause": group(figures.byCause, order: PeriodicFigures.causeOrder, label: named("cause.")),
            "by_scenario": group(figures.byScenario, order: PeriodicFigures.scenarioOrder, label: named("scenario.")),
            "by_severity": group(figures.bySeverity, order: PeriodicFigures.severityOrder, label: named("severity.level.")),
            "by_status": group(figures.byStatus, order: PeriodicFigures.statusOrder, label: named("status.")),
            "by_outcome": group(figures.byOutcome, order: PeriodicFigures.outcomeOrder, label: named("periodic.outcome.")),
            "indicators": indicatorTable(subject.content.indicators, language: language),
            "agencies": agencyTable(subject.content, organisation: subject.organisation, language: language),
        ]
        return ReportFacts(values: values, tables: tables, missing: t("report.missing"))
    }

    var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = format.timeZone
        return calendar
    }

    func indicatorsNote(_ content: PeriodicReportContent, language: UILanguage) -> String {
        let day = CalendarDay(iso: content.indicatorDay).map { format.date($0.start(in: calendar), language) } ?? content.indicatorDay
        return localizer.text("periodic.indicators.\(content.indicatorSource.rawValue)", language, [day])
    }

    func indicatorTable(_ indicators: [ComplianceIndicator], language: UILanguage) -> DocumentTable {
        func t(_ key: String) -> String { localizer.text(key, language) }
        func shown(_ value: Double, _ code: IndicatorCode) -> String {
            switch code.kind {
            case .ratio: String(format: "%.1f %%", value)
            case .count: String(Int(value))
            case .yesNo: t(value >= 1 ? "common.yes" : "common.no")
            }
        }
        return DocumentTable(
            headers: [t("periodic.column.indicator"), t("periodic.column.value"), t("periodic.column.target"), t("periodic.column.status"),
                      t("periodic.column.counts")],
            rows: indicators.map { indicator in
                [t("compliance.indicator.\(indicator.code.rawValue)"), shown(indicator.value, indicator.code), shown(indicator.target, indicator.code),
                 t("compliance.status.\(indicator.status.rawValue)"),
                 indicator.denominator.map { "\(indicator.numerator)/\($0)" } ?? String(indicator.numerator)]
            })
    }

    /// Each agency's figures, the organisation's own records, and the total: empty for an
    /// organisation without agencies.
    func agencyTable(_ content: PeriodicReportContent, organisation: String, language: UILanguage) -> DocumentTable {
        func t(_ key: String, _ arguments: [String] = []) -> String { localizer.text(key, language, arguments) }
        guard !content.members.isEmpty else { return DocumentTable(headers: [], rows: []) }
        func row(_ name: String, _ figures: PeriodicFigures) -> [String] {
            [name, String(figures.received), String(figures.handled), String(figures.drills), String(figures.scans.scans),
             String(figures.scans.systemsScanned), String(figures.scans.findingsFound), String(figures.scans.findingsFixed)]
        }
        var rows = content.members.map { row($0.name, $0.figures) }
        if let own = content.own { rows.append(row(t("periodic.own_records", [organisation]), own)) }
        rows.append(row(t("periodic.total"), content.membersTotal))
        return DocumentTable(
            headers: [t("periodic.column.organisation"), t("periodic.column.received"), t("periodic.column.handled"), t("periodic.column.drills"),
                      t("periodic.column.scans"), t("periodic.column.systems_scanned"), t("periodic.column.findings_found"),
                      t("periodic.column.findings_fixed")],
            rows: rows)
    }

    /// The DOCX of a rendered document.
    func docx(title: String, blocks: [DocumentBlock]) throws -> Data {
        try DocxWriter().write(title: title, blocks: blocks)
    }
}
