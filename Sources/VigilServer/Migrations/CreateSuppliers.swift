import Fluent
import Foundation
import SQLKit

struct CreateSuppliers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SupplierRecord.schema)
            .id()
            .field("organisation_id", .uuid, .required, .references(OrganisationRecord.schema, "id"))
            .field("name", .string, .required)
            .field("services", .string, .required)
            .field("contacts", .string, .required)
            .field("remote_access", .string, .required)
            .field("last_review_on", .datetime)
            .field("review_result", .string, .required)
            .field("review_interval_months", .int, .required)
            .field("risk", .string, .required)
            .field("review_reminded_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "organisation_id", "name")
            .create()
        try await database.schema(SupplierContractRecord.schema)
            .id()
            .field("supplier_id", .uuid, .required, .references(SupplierRecord.schema, "id", onDelete: .cascade))
            .field("reference", .string, .required)
            .field("starts_on", .datetime)
            .field("ends_on", .datetime)
            .field("security_clauses", .string, .required)
            .field("reminded_at", .datetime)
            .create()
        try await createIndex(SupplierContractRecord.schema, on: "supplier_id", in: database)
        try await database.schema(SupplierDependencyRecord.schema)
            .id()
            .field("supplier_id", .uuid, .required, .references(SupplierRecord.schema, "id", onDelete: .cascade))
            .field("system_id", .uuid, .references(InformationSystemRecord.schema, "id", onDelete: .cascade))
            .field("host_id", .uuid, .references(HostRecord.schema, "id", onDelete: .cascade))
            .create()
        try await createIndex(SupplierDependencyRecord.schema, on: "supplier_id", in: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SupplierDependencyRecord.schema).delete()
        try await database.schema(SupplierContractRecord.schema).delete()
        try await database.schema(SupplierRecord.schema).delete()
    }
}
