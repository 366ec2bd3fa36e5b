import Fluent
import Foundation
import VigilCore

/// Being ready: the directory (focal points and deputies, confirmed by the reachability link or
/// not), escalation chains, response plans (approved this cycle, due for review, drafts, none),
/// drills of the level-3 systems, and the staff notice.
extension DemoSeeder {
    // MARK: Contacts

    /// Each agency names a focal point, a deputy (but one) and its leader. Most confirmed their
    /// reachability lately through the check's link; two focal points did so long ago (stale), two
    /// agencies never answered. The check's e-mail needs Vigil's own address for its link: the demo
    /// gives it for this run only (nothing is stored in the mail settings), so the check messages
    /// wait in the outbox until the administrator sets up mail.
    func makeContacts() async throws {
        let site = SMTPSettings(host: "mail.\(DemoProvince.domain)", port: 587, security: .starttls,
                                from: Mailbox(try MailAddress("vigil@\(DemoProvince.domain)"), name: "Vigil"),
                                siteAddress: "http://127.0.0.1:8080")
        let checks = ReachabilityService(repository: services.contacts.repository, outbox: services.mailOutbox,
                                         mailSettings: MailSettingsStore(settings: services.settings, secrets: services.mailSettings.secrets, configured: site),
                                         localizer: app.localizer)
        let order = Array(province.indices.dropFirst()).filter { !province[$0].exemplary }.shuffled(using: &random)
        let stale = Set(order.prefix(2)), unconfirmed = Set(order.dropFirst(2).prefix(2)), noDeputy = order.dropFirst(4).first
        var made = 0
        for index in province.indices {
            made += try await db.write { tx -> Int in
                var made = 0
                let agency = self.province[index]
                let user = agency.focalPoint!
                let deputyName = "\(self.random.pick(DemoProvince.familyNames)) \(self.random.pick(DemoProvince.middleNames)) \(self.random.pick(DemoProvince.givenNames))"
                // The focal point and the leader are users; the deputy is a colleague without an account.
                var people: [(role: ContactRole, name: String, email: String, userID: String?, position: String)] = [
                    (.focalPoint, user.displayName, user.email, user.userID.uuidString, "Chuyên viên phụ trách công nghệ thông tin"),
                    (.leader, agency.leader.displayName, agency.leader.email, agency.leader.userID.uuidString, "Phó Giám đốc"),
                ]
                if index != noDeputy {
                    let given = DemoProvince.ascii(String(deputyName.split(separator: " ").last ?? "dp"))
                    people.insert((.deputyFocalPoint, deputyName, "\(given).dp@\(agency.slug).\(DemoProvince.domain)", nil, "Chuyên viên quản trị mạng"),
                                  at: 1)
                }
                for (role, name, email, userID, position) in people {
                    let draft = ContactDraft(name: name, role: role.rawValue, position: position, phone: "09\(self.random.int(10_000_000...99_999_999))",
                                             email: email,
                                             availability: role == .focalPoint ? ContactAvailability.always.rawValue : ContactAvailability.officeHours.rawValue,
                                             languages: ["vi"])
                    let contact = try await self.services.contacts.service.create(.init(draft: draft, organisationID: agency.id.uuidString, userID: userID),
                                                                                  by: user, address: self.address, on: tx, now: self.daysAgo(300))
                    self.province[index].contacts[role] = contact
                    made += 1
                    guard role != .leader, !unconfirmed.contains(index) else { continue }
                    let days = stale.contains(index) && role == .focalPoint ? Double(self.random.int(150...250)) : Double(self.random.int(3...60))
                    let token = try await checks.send(to: contact, by: user, address: self.address, on: tx, now: self.daysAgo(days + 0.1))
                    _ = try await checks.confirm(token, address: "10.20.0.\(self.random.int(2...250))", on: tx, now: self.daysAgo(days))
                }
                return made
            }
        }
        count("contacts", made)
        try await makeEscalationChains()
    }

    /// Three agencies set up an escalation chain: the focal point at once, the deputy after 30
    /// minutes, the leader after an hour, then the coordinator's focal point.
    private func makeEscalationChains() async throws {
        let upstream = coordinator.contacts[.focalPoint]!
        var chains = 0
        for index in Array(province.indices.dropFirst()).shuffled(using: &random).prefix(3) {
            let agency = province[index]
            let steps = [(ContactRole.focalPoint, 0), (.deputyFocalPoint, 30), (.leader, 60)].compactMap { role, wait in
                agency.contacts[role].map { EscalationStep(contactID: $0.id!, waitMinutes: wait) }
            } + [EscalationStep(contactID: upstream.id!, waitMinutes: 120)]
            try await services.contacts.escalations.save(steps, for: agency.record, by: agency.focalPoint, address: address, on: db,
                                                         now: daysAgo(250))
            chains += 1
        }
        count("escalation chains", chains)
    }

    // MARK: Plans

    /// About half of the systems have a plan approved in this year's cycle, a fifth one approved
    /// over a year ago (due for review), some a draft only, the rest none.
    func makePlans() async throws {
        let cycleStart = PlanReviewCycle.standard.lastStart(before: now, calendar: calendar)
        let window = now.timeIntervalSince(cycleStart)
        var tally = (approved: 0, due: 0, drafts: 0, none: 0)
        for index in province.indices {
            let agency = province[index]
            let made = try await db.write { tx in
                var tally = (approved: 0, due: 0, drafts: 0, none: 0)
                for system in agency.systems {
                    let draw = index == 0 || agency.exemplary ? 0 : self.random.int(0...99)
                    let generated: Date
                    switch draw {
                    case 0..<50: generated = cycleStart.addingTimeInterval(window * Double(self.random.int(10...80)) / 100)
                    case 50..<70: generated = self.daysAgo(Double(self.random.int(400...480)))
                    case 70..<82: generated = self.daysAgo(Double(self.random.int(5...30)))
                    default:
                        tally.none += 1
                        continue
                    }
                    let plan = try await self.services.plans.generate(forSystem: system.id!, by: agency.focalPoint, address: self.address, on: tx,
                                                                      now: generated)
                    guard draw < 70 else {
                        tally.drafts += 1
                        continue
                    }
                    let approved = min(generated.addingTimeInterval(Double(self.random.int(2...48)) * 3_600), self.now.addingTimeInterval(-60))
                    try await self.services.plans.approve(plan, by: agency.leader, address: self.address, on: tx, now: approved)
                    if draw < 50 { tally.approved += 1 } else { tally.due += 1 }
                }
                return tally
            }
            tally = (tally.approved + made.approved, tally.due + made.due, tally.drafts + made.drafts, tally.none + made.none)
        }
        count("plans approved this cycle", tally.approved)
        count("plans due for review", tally.due)
        count("plans in draft only", tally.drafts)
        count("systems without a plan", tally.none)
    }

    // MARK: Drills

    /// The systems of level 3 and above: most drilled within the year, some over a year ago, some
    /// with a drill only planned, some never.
    func makeDrills() async throws {
        let capability = DrillsCapability(services: services, config: app.vigilConfig)
        let drills = capability.service
        var tally = (done: 0, overdue: 0, planned: 0, never: 0)
        for index in province.indices {
            let agency = province[index]
            let made = try await db.write { tx in
                var tally = (done: 0, overdue: 0, planned: 0, never: 0)
                for system in agency.systems where system.securityLevel >= 3 {
                    let draw = agency.exemplary ? 0 : self.random.int(0...99)
                    let planned: Date
                    switch draw {
                    case 0..<55: planned = self.daysAgo(Double(self.random.int(20...330)))
                    case 55..<70: planned = self.daysAgo(Double(self.random.int(400...540)))
                    case 70..<80: planned = self.now.addingTimeInterval(Double(self.random.int(10...40)) * 86_400)
                    default:
                        tally.never += 1
                        continue
                    }
                    let participants = [agency.focalPoint, agency.responder ?? agency.leader].map { $0!.userID.uuidString }
                    let drill = try await drills.create(
                        .init(title: "Diễn tập ứng cứu sự cố \(system.name)", scenario: self.random.pick(["ransomware", "defacement", "ddos", "intrusion"]),
                              systemIDs: [system.id!.uuidString], plannedAt: self.stamp(planned), organisedBy: self.random.chance(0.7) ? "self" : "superior",
                              objectives: "Kiểm tra phương án ứng cứu, khả năng phối hợp và khôi phục hệ thống", participantIDs: participants),
                        by: agency.focalPoint, address: self.address, on: tx, now: min(planned, self.now).addingTimeInterval(-20 * 86_400))
                    guard planned < self.now else {
                        tally.planned += 1
                        continue
                    }
                    try await drills.advance(drill, to: .running, by: agency.focalPoint, address: self.address, on: tx, now: planned)
                    let owner = (agency.responder ?? agency.focalPoint)!
                    let events: [(DrillEventKind, Double, String)] = [
                        (.inject, 600, "Giả định: trang chủ bị thay đổi nội dung, máy chủ có tệp lạ"),
                        (.action, 1_800, "Cô lập máy chủ, thông báo cán bộ đầu mối và lãnh đạo"),
                        (.finding, 3_600, "Bản sao lưu gần nhất chưa được kiểm tra khôi phục"),
                        (.lesson, 7_200, "Cần diễn tập khôi phục từ bản sao lưu mỗi quý"),
                    ]
                    for (kind, offset, text) in events {
                        _ = try await drills.record(
                            .init(kind: kind.rawValue, at: self.stamp(planned.addingTimeInterval(offset)), actor: owner.displayName, text: text,
                                  owner: kind == .finding ? owner.userID.uuidString : nil,
                                  dueAt: kind == .finding ? self.stamp(planned.addingTimeInterval(30 * 86_400)) : nil, planReview: false),
                            in: drill, by: agency.focalPoint, address: self.address, on: tx, now: planned.addingTimeInterval(offset))
                    }
                    try await drills.advance(drill, to: .completed, by: agency.focalPoint, address: self.address, on: tx,
                                             now: planned.addingTimeInterval(3 * 3_600))
                    if draw < 55 { tally.done += 1 } else { tally.overdue += 1 }
                }
                return tally
            }
            tally = (tally.done + made.done, tally.overdue + made.overdue, tally.planned + made.planned, tally.never + made.never)
        }
        count("level-3+ systems drilled within 12 months", tally.done)
        count("level-3+ systems last drilled over a year ago", tally.overdue)
        count("level-3+ systems with a drill only planned", tally.planned)
        count("level-3+ systems never drilled", tally.never)
    }

    // MARK: The staff notice

    /// Two agencies issued the staff notice on the directive; about half their staff acknowledged it.
    func makeNotices() async throws {
        let awareness = AwarenessCapability(services: services, localizer: app.localizer).service
        var acknowledged = 0, issued = 0
        for index in Array(province.indices.dropFirst()).shuffled(using: &random).prefix(2) {
            let agency = province[index]
            let at = daysAgo(Double(random.int(6...25)))
            let notice = try await awareness.issue(.init(audience: "organisation", unitIDs: []), by: agency.focalPoint, address: address,
                                                   now: at, on: db)
            issued += 1
            for member in agency.members where member.userID != agency.focalPoint.userID && random.chance(0.5) {
                _ = try await awareness.acknowledge(notice, by: member, channel: .page, address: address,
                                                    now: at.addingTimeInterval(Double(random.int(1...96)) * 3_600), on: db)
                acknowledged += 1
            }
        }
        count("staff notices", issued)
        count("staff acknowledgements (besides the issuers')", acknowledged)
    }
}
