import Fluent
import Foundation
import VigilCore

/// The daily reminders of the periodic reports: 14 and 3 days before a report is due, to the focal
/// points and leaders of each agency and province that has not issued it. Each reminder is a row
/// (`periodic_report_reminders`, unique per organisation, kind, year and reminder) written with its
/// notifications in one transaction, so it goes once however often the job runs.
struct PeriodicReportReminders: Sendable {
    let repository: PeriodicReportRepository
    let organisations: OrganisationRepository
    let users: UserRepository
    let notifications: NotificationService
    let timeZone: TimeZone

    /// Network members send the reports; units report through their agency.
    static let reportingKinds: Set<OrganisationKind> = [.province, .agency]

    func run(on db: any Database, now: Date = Date()) async throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let today = CalendarDay(now, calendar: calendar)
        let due = PeriodicReportSchedule.deadlines(year: today.year).compactMap { deadline in
            PeriodicReportSchedule.reminder(dueOn: deadline.dueOn, today: today).map { (deadline, $0) }
        }
        guard !due.isEmpty else { return }
        var members: [OrganisationRecord] = []
        for root in try await organisations.roots(on: db) {
            members += try await organisations.subtree(ofPath: root.path, on: db).filter { Self.reportingKinds.contains($0.kind) }
        }
        for (deadline, daysBefore) in due {
            let issued = try await repository.issuedOrganisations(kind: deadline.kind, year: deadline.year, on: db)
            let sent = try await repository.remindersSent(kind: deadline.kind, year: deadline.year, daysBefore: daysBefore, on: db)
            for organisation in members {
                guard let id = organisation.id, !issued.contains(id), !sent.contains(id) else { continue }
                try await remind(organisation, deadline: deadline, daysBefore: daysBefore, daysLeft: today.days(to: deadline.dueOn),
                                 on: db, now: now)
            }
        }
    }

    private func remind(_ organisation: OrganisationRecord, deadline: PeriodicDeadline, daysBefore: Int, daysLeft: Int,
                        on db: any Database, now: Date) async throws {
        let id = try organisation.requireID()
        let messageKey = "notification.periodic_report_due.\(deadline.kind.rawValue)"
        let arguments = [organisation.name, String(deadline.year), deadline.dueOn.description, String(daysLeft)]
        let link = PeriodicReportsPath.reports.link(query: ["organisationId": PeriodicReportService.id(id), "year": String(deadline.year)])
        let holders = try await users.active(inOrganisations: [id], on: db)
            .filter { !$0.isSystem && ($0.roles.contains(.focalPoint) || $0.roles.contains(.leader)) }
        try await db.write { db in
            try await repository.recordReminder(organisationID: id, kind: deadline.kind, year: deadline.year, daysBefore: daysBefore, at: now, on: db)
            for holder in holders {
                try await notifications.notify(userID: try holder.requireID(), messageKey: messageKey, arguments: arguments, link: link, on: db, now: now)
            }
            // Nobody there holds either role: the nearest focal point above hears of it instead.
            if holders.isEmpty {
                try await notifications.notifyRole(.focalPoint, nearest: organisation, messageKey: messageKey, arguments: arguments, link: link,
                                                   on: db, now: now)
            }
        }
    }
}
