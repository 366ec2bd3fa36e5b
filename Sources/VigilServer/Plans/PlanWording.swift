import Foundation
import VigilCore

/// Turns the core's generated text (`PlanText`) into words, in each UI language, from the
/// localization tables; and builds a plan's document (print page, DOCX) in one language.
struct PlanWording: Sendable {
    let localizer: Localizer
    let format: DisplayFormat

    func words(_ text: PlanText, _ language: UILanguage) -> String {
        switch text {
        case .key(let key, let arguments): localizer.text(key, language, arguments.map { words($0, language) })
        case .verbatim(let words): words
        case .localized(let text): language == .en ? text.en : text.vi
        }
    }

    /// A generated section in the plan's markup, in both languages.
    func section(_ draft: PlanSectionDraft) -> PlanSection {
        func body(_ language: UILanguage) -> String {
            draft.lines.map { PlanMarkup.line($0, words: words($0.text, language)) }.joined(separator: "\n")
        }
        return PlanSection(kind: draft.kind, text: LocalizedText(vi: body(.vi), en: body(.en)))
    }

    func sectionTitle(_ kind: PlanSectionKind, _ language: UILanguage) -> String {
        localizer.text("plan.section.\(kind.rawValue)", language)
    }

    /// What a version is, in one line: its number, status and, once approved, when, by whom and its digest.
    func standing(_ plan: ResponsePlanRecord, _ language: UILanguage) -> String {
        var text = localizer.text("plan.version_status", language, [String(plan.version), localizer.text("plan.status.\(plan.status)", language)])
        if let approvedAt = plan.approvedAt {
            text += " · " + localizer.text("plan.approved_by", language, [format.dateTime(approvedAt, language), plan.approvedBy ?? ""])
        }
        if let sha = plan.sha256 { text += " · SHA-256 " + sha }
        return text
    }

    /// The plan as a document: the national motto, the organisation, the title, its standing, then
    /// each section, numbered, in the reader's language.
    func document(_ plan: ResponsePlanRecord, content: PlanContent, systemName: String, organisation: String,
                  language: UILanguage) -> (title: String, blocks: [DocumentBlock]) {
        let title = localizer.text("plan.document.title", language, [systemName])
        var blocks: [DocumentBlock] = [
            .centred(localizer.text("plan.document.motto", language)),
            .centred(localizer.text("plan.document.motto_line", language)),
            .centred(organisation),
            .title(title),
            .paragraph(standing(plan, language)),
        ]
        for (index, section) in content.sections.enumerated() {
            blocks.append(.heading("\(index + 1). " + sectionTitle(section.kind, language)))
            blocks += PlanMarkup.blocks(language == .en ? section.text.en : section.text.vi)
        }
        return (title, blocks)
    }

    /// The DOCX of the document, its language set for the word processor.
    func docx(_ document: (title: String, blocks: [DocumentBlock]), language: UILanguage) throws -> Data {
        try DocxWriter(language: language == .en ? "en-GB" : "vi-VN", noRows: localizer.text("plan.text.none", language))
            .write(title: document.title, blocks: document.blocks)
    }
}
