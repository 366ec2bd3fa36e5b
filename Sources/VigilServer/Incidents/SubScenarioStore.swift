import Fluent
import Foundation
import VigilCore

/// A sub-scenario as stored. Never deleted, since incidents name it: retired ones leave the
/// classification form but keep their label on the incidents that use them.
final class SubScenarioRecord: Model, @unchecked Sendable {
    static let schema = "sub_scenarios"

    @ID(key: .id) var id: UUID?
    @Field(key: "scenario") var scenario: String
    @Field(key: "code") var code: String
    @Field(key: "label_vi") var labelVi: String
    @Field(key: "label_en") var labelEn: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "created_by") var createdBy: String
    @OptionalField(key: "retired_at") var retiredAt: Date?

    init() {}

    func label(_ language: UILanguage) -> String { language == .en ? labelEn : labelVi }
}

struct SubScenarioStore: Sendable {
    func all(on db: any Database) async throws -> [SubScenarioRecord] {
        try await SubScenarioRecord.query(on: db).sort(\.$scenario).sort(\.$labelVi).all()
    }

    func active(on db: any Database) async throws -> [SubScenarioRecord] {
        try await SubScenarioRecord.query(on: db).filter(\.$retiredAt == nil).sort(\.$scenario).sort(\.$labelVi).all()
    }

    func find(code: String, on db: any Database) async throws -> SubScenarioRecord? {
        try await SubScenarioRecord.query(on: db).filter(\.$code == code).first()
    }

    func add(_ sub: SubScenario, by user: CurrentUser, address: String?, on db: any Database, now: Date = Date()) async throws {
        var problems = FieldProblems()
        for problem in sub.problems {
            switch problem {
            case .badCode: problems.add(.invalid("code", "taxonomy.error.code"))
            case .codeIsAScenario: problems.add(.invalid("code", "taxonomy.error.code_taken"))
            case .missingLabel: problems.add(.invalid("labelVi", "taxonomy.error.labels"))
            case .labelTooLong: problems.add(.invalid("labelVi", "validation.too_long", ["120"]))
            }
        }
        try problems.throwIfAny()
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            if try await SubScenarioRecord.query(on: db).filter(\.$code == sub.code).count() > 0 {
                throw VigilError.conflict("code", "taxonomy.error.code_taken")
            }
            let record = SubScenarioRecord()
            record.id = UUID()
            record.scenario = sub.scenario.rawValue
            record.code = sub.code
            record.labelVi = sub.label.vi.trimmingCharacters(in: .whitespaces)
            record.labelEn = sub.label.en.trimmingCharacters(in: .whitespaces)
            record.createdAt = now
            record.createdBy = user.displayName
            try await record.create(on: db)
            var changes = AuditChanges()
            changes.created("scenario", sub.scenario.rawValue)
            changes.created("code", sub.code)
            audit.record(organisationID: nil, action: "taxonomy.add_sub_scenario", objectType: "sub_scenario",
                         objectID: try record.requireID().uuidString.lowercased(), changes: changes)
        }
    }

    func retire(_ id: UUID, by user: CurrentUser, address: String?, on db: any Database, now: Date = Date()) async throws {
        try await Retirement.retire(SubScenarioRecord.self, id, action: "taxonomy.retire_sub_scenario", objectType: "sub_scenario", by: user, address: address, on: db, now: now)
    }
}

/// The sub-scenario choices of the classification form, grouped under their scenarios.
struct SubScenarioGroup: Encodable, Sendable {
    let label: String
    let options: [SelectOption]

    static func groups(_ subs: [SubScenarioRecord], selected: String?, language: UILanguage, localizer: Localizer) -> [SubScenarioGroup] {
        Scenario.allCases.compactMap { scenario in
            let options = subs.filter { $0.scenario == scenario.rawValue }
                .map { SelectOption(value: $0.code, label: $0.label(language), selected: $0.code == selected) }
            return options.isEmpty ? nil : SubScenarioGroup(label: localizer.text("scenario.\(scenario.rawValue)", language), options: options)
        }
    }
}
