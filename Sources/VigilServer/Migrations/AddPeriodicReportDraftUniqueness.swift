import Fluent
import SQLKit

/// One draft per organisation, kind and year: two first generations at once (two clicks, two
/// processes on one PostgreSQL) could otherwise both find no draft and both create one. The loser's
/// insert fails on this index and it regenerates the winner's draft instead
/// (`PeriodicReportService.generate`). Issued reports are not constrained: each supersedes the last.
struct AddPeriodicReportDraftUniqueness: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("""
            CREATE UNIQUE INDEX periodic_reports_one_draft ON periodic_reports (organisation_id, kind, year) WHERE status = 'draft'
            """).run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.drop(index: "periodic_reports_one_draft").run()
    }
}
