import Foundation
import Vapor
import VigilCore

/// Turns indicators, snapshots and obligations into the pages' words and figures, in the
/// request's language; the compliance pages and the dashboard share it.
struct CompliancePresenter {
    let req: Request
    let timeZone: TimeZone

    func tile(_ indicator: ComplianceIndicator, organisation id: UUID, now: Date) -> CompliancePages.Tile {
        let code = indicator.code.rawValue
        return CompliancePages.Tile(
            code: code, label: req.t("compliance.indicator.\(code)"), status: indicator.status.rawValue,
            statusLabel: req.t("compliance.status.\(indicator.status.rawValue)"), value: value(indicator),
            target: req.t("compliance.target.\(kindKey(indicator.code))"), counts: counts(indicator), reason: indicator.reason.map(reason),
            link: ComplianceLinks.link(indicator.code, organisation: id, now: now, timeZone: timeZone),
            source: ComplianceRules.rule(indicator.code).source.reference)
    }

    /// An organisation as a row of the province's table: its page, its worst status, a cell per indicator.
    func row(_ report: ComplianceService.Report, now: Date) -> CompliancePages.Row {
        let id = report.organisation.id!
        return CompliancePages.Row(name: report.organisation.name, link: ComplianceWebPath.agency.link(query: ["org": id.uuidString.lowercased()]),
                                   worst: report.worst.rawValue, cells: report.indicators.map { cell($0, organisation: id, now: now) })
    }

    func cell(_ indicator: ComplianceIndicator, organisation id: UUID, now: Date) -> CompliancePages.Cell {
        let code = indicator.code.rawValue
        let explained = counts(indicator)
        return CompliancePages.Cell(
            code: code, label: req.t("compliance.indicator.\(code)"), status: indicator.status.rawValue,
            statusLabel: req.t("compliance.status.\(indicator.status.rawValue)"), value: value(indicator),
            link: ComplianceLinks.link(indicator.code, organisation: id, now: now, timeZone: timeZone),
            title: indicator.reason.map { "\(explained) (\(reason($0)))" } ?? explained)
    }

    func value(_ indicator: ComplianceIndicator) -> String {
        switch indicator.code.kind {
        case .ratio:
            (indicator.denominator ?? 0) == 0 ? "—"
                : indicator.value == indicator.value.rounded() ? "\(Int(indicator.value))%" : String(format: "%.1f%%", indicator.value)
        case .count: String(Int(indicator.value))
        case .yesNo: req.t(indicator.value >= indicator.target ? "compliance.yes" : "compliance.no")
        }
    }

    func counts(_ indicator: ComplianceIndicator) -> String {
        let code = indicator.code.rawValue
        switch indicator.code.kind {
        case .ratio: return req.t("compliance.counts.\(code)", String(indicator.numerator), String(indicator.denominator ?? 0))
        case .count: return req.t("compliance.counts.\(code)", String(indicator.numerator))
        case .yesNo: return req.t(indicator.value >= indicator.target ? "compliance.counts.focal_point_met" : "compliance.counts.focal_point_unmet")
        }
    }

    /// An `IndicatorReason` code, or the focal point's problem (`FocalPointProblem`).
    func reason(_ code: String) -> String {
        IndicatorReason(rawValue: code) != nil ? req.t("compliance.reason.\(code)") : req.t("contact.problem.\(code)")
    }

    private func kindKey(_ code: IndicatorCode) -> String {
        switch code.kind {
        case .ratio: "ratio"
        case .count: "count"
        case .yesNo: "yes_no"
        }
    }

    /// The open work that changes the picture most, each linked to the records to fix.
    func work(_ indicators: [ComplianceIndicator], organisation id: UUID, now: Date) -> [CompliancePages.Work] {
        ComplianceWork.gaps(indicators).map { gap in
            let text = gap.remaining.map { req.t("compliance.work.\(gap.code.rawValue)", String($0)) }
                ?? req.t("compliance.work.missing", req.t("compliance.indicator.\(gap.code.rawValue)"), gap.reason.map(reason) ?? "")
            return CompliancePages.Work(text: text, status: gap.status.rawValue,
                                        link: ComplianceLinks.link(gap.code, organisation: id, now: now, timeZone: timeZone))
        }
    }

    /// Twelve months of an indicator, one point a week (the week's last snapshot), as an SVG line.
    func trends(_ history: [IndicatorCode: [IndicatorSnapshot]]) -> [CompliancePages.Trend] {
        IndicatorCode.allCases.compactMap { code in
            guard let days = history[code], !days.isEmpty else { return nil }
            // From the newest back, a snapshot at least a week older than the last one kept.
            var weekly: [IndicatorSnapshot] = []
            var kept: Date?
            for snapshot in days.reversed() {
                guard let day = ISODay.parse(snapshot.day) else { continue }
                if let kept, kept.timeIntervalSince(day) < 7 * 86_400 { continue }
                weekly.insert(snapshot, at: 0)
                kept = day
            }
            let points = weekly.map { SVGChart.Point(label: $0.day, value: $0.value) }
            let label = req.t("compliance.indicator.\(code.rawValue)")
            let chart = code.kind == .ratio
                ? SVGChart.percentLine(points, title: label, width: 360, height: 150)
                : SVGChart.valueLine(points, unit: "", title: label, width: 360, height: 150)
            return CompliancePages.Trend(label: label, chart: chart)
        }
    }

    /// The obligations by month, the overdue first, each with its organisation when units are shown.
    func calendar(_ items: [Obligation], names: [UUID: String], now: Date) -> [CompliancePages.CalendarMonth] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return ObligationCalendar.grouped(items, now: now, calendar: calendar).map { group in
            let overdue = group.key == "overdue"
            let heading = overdue ? req.t("compliance.calendar.overdue") : monthHeading(group.key)
            return CompliancePages.CalendarMonth(heading: heading, overdue: overdue, items: group.items.map { item in
                CompliancePages.CalendarItem(
                    kind: item.kind.rawValue, kindLabel: req.t("compliance.obligation.\(item.kind.rawValue)"),
                    subject: item.code.map { "\(req.t("periodic.kind.\($0)")) \(item.subject)" } ?? item.subject,
                    due: req.formDate(item.due), organisation: names.count > 1 ? names[item.organisationID] ?? "" : "",
                    link: ComplianceLinks.obligation(item), overdue: item.due < now)
            })
        }
    }

    /// "12/2026" from "2026-12".
    private func monthHeading(_ key: String) -> String {
        let parts = key.split(separator: "-")
        guard parts.count == 2, let month = Int(parts[1]) else { return key }
        return req.t("compliance.calendar.month", String(month), String(parts[0]))
    }
}
