import Foundation
import Vapor
import VigilCore

/// A drill in words, in each UI language: its labels and its after-action report (the print page
/// and the DOCX render the same blocks).
struct DrillWording: Sendable {
    let localizer: Localizer
    let format: DisplayFormat

    func organiser(_ stored: String, _ language: UILanguage) -> String {
        switch DrillOrganiser(stored) {
        case .own, nil: localizer.text("drill.organiser.self", language)
        case .superior: localizer.text("drill.organiser.superior", language)
        case .named(let name): name
        }
    }

    func scenario(_ code: String, _ language: UILanguage) -> String { localizer.text("scenario.\(code)", language) }
    func status(_ code: String, _ language: UILanguage) -> String { localizer.text("drill.status.\(code)", language) }
    func kind(_ code: String, _ language: UILanguage) -> String { localizer.text("drill.kind.\(code)", language) }

    /// The after-action report: the motto, the organisation, the title, the drill's facts, its
    /// objectives, the timeline, the findings with their tasks, the lessons.
    func report(_ details: DrillDetails, language: UILanguage) -> (title: String, blocks: [DocumentBlock]) {
        let drill = details.drill
        func t(_ key: String, _ arguments: [String] = []) -> String { localizer.text(key, language, arguments) }
        func time(_ date: Date?) -> String { date.map { format.dateTime($0, language) } ?? "—" }
        func taskRow(_ task: DrillTaskRecord) -> [String] {
            let text = task.planReview ? "\(task.text) (\(t("drill.plan_review_asked")))" : task.text
            let due = task.dueAt.map { format.date($0, language) } ?? "—"
            return [text, task.ownerName.isEmpty ? "—" : task.ownerName, due, t(task.doneAt == nil ? "drill.task.open" : "drill.task.done")]
        }
        func eventRow(_ event: DrillEventRecord) -> [String] { [time(event.at), kind(event.kind, language), event.actor, event.text] }
        let title = t("drill.report.title", [drill.title])
        var blocks: [DocumentBlock] = [
            .centred(t("drill.report.motto")), .centred(t("drill.report.motto_line")), .centred(details.organisation), .title(title),
            .table(DocumentTable(headers: [t("drill.report.item"), t("drill.report.detail")], rows: [
                [t("drill.field.scenario"), scenario(drill.scenario, language)],
                [t("drill.field.planned_at"), time(drill.plannedAt)],
                [t("drill.field.organised_by"), organiser(drill.organisedBy, language)],
                [t("drill.field.status"), status(drill.status, language)],
                [t("drill.field.started_at"), time(drill.startedAt)],
                [t("drill.field.completed_at"), time(drill.completedAt)],
                [t("drill.field.systems"), details.systems.map(\.name).joined(separator: ", ")],
                [t("drill.field.participants"), details.participants.map(\.name).joined(separator: ", ")],
            ])),
            .heading("1. " + t("drill.field.objectives")),
            .paragraph(drill.objectives.isEmpty ? "—" : drill.objectives),
            .heading("2. " + t("drill.timeline")),
            .table(DocumentTable(headers: [t("drill.field.at"), t("drill.field.kind"), t("drill.field.actor"), t("drill.field.text")],
                                 rows: details.events.filter { $0.kind != DrillEventKind.lesson.rawValue }.map(eventRow))),
            .heading("3. " + t("drill.findings")),
            .table(DocumentTable(headers: [t("drill.field.text"), t("drill.field.owner"), t("drill.field.due_at"), t("drill.field.task_status")],
                                 rows: details.tasks.map(taskRow))),
            .heading("4. " + t("drill.lessons")),
        ]
        let lessons = details.events.filter { $0.kind == DrillEventKind.lesson.rawValue }
        blocks += lessons.isEmpty ? [.paragraph("—")] : lessons.map { .listItem($0.text) }
        return (title, blocks)
    }

    func docx(_ report: (title: String, blocks: [DocumentBlock]), language: UILanguage) throws -> Data {
        try DocxWriter(language: language == .en ? "en-GB" : "vi-VN", noRows: localizer.text("drill.report.none", language))
            .write(title: report.title, blocks: report.blocks)
    }

    /// The report as a download, in `language` (the page's and the API's).
    func attachment(_ details: DrillDetails, language: UILanguage) throws -> Response {
        let data = try docx(report(details, language: language), language: language)
        return EvidenceController.attachment(data, filename: "\(details.drill.title).docx", digest: BlobStore.digest(of: data),
                                             contentType: DocxWriter.contentType)
    }
}
