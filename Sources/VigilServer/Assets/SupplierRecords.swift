import Fluent
import Foundation
import SQLKit

/// A supplier of services or products (a third party of the ICT supply chain).
final class SupplierRecord: Model, @unchecked Sendable {
    static let schema = "suppliers"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    @Field(key: "name") var name: String
    @Field(key: "services") var services: String
    @Field(key: "contacts") var contacts: String
    /// What remote access the supplier holds (VPN accounts, support tools, shared passwords…).
    @Field(key: "remote_access") var remoteAccess: String
    @OptionalField(key: "last_review_on") var lastReviewOn: Date?
    @Field(key: "review_result") var reviewResult: String
    @Field(key: "review_interval_months") var reviewIntervalMonths: Int
    /// `low`, `medium`, `high`, `critical`.
    @Field(key: "risk") var risk: String
    /// When the overdue-review reminder was last sent, so that it goes once per overdue period.
    @OptionalField(key: "review_reminded_at") var reviewRemindedAt: Date?
    @Parent(key: "organisation_id") var organisation: OrganisationRecord

    init() {}
}

final class SupplierContractRecord: Model, @unchecked Sendable {
    static let schema = "supplier_contracts"

    @ID(key: .id) var id: UUID?
    @Field(key: "supplier_id") var supplierID: UUID
    @Field(key: "reference") var reference: String
    @OptionalField(key: "starts_on") var startsOn: Date?
    @OptionalField(key: "ends_on") var endsOn: Date?
    @Field(key: "security_clauses") var securityClauses: String
    /// When the contract's end was last announced, so that each contract is announced once.
    @OptionalField(key: "reminded_at") var remindedAt: Date?

    init() {}
}

/// A system or a host that depends on a supplier.
final class SupplierDependencyRecord: Model, @unchecked Sendable {
    static let schema = "supplier_dependencies"

    @ID(key: .id) var id: UUID?
    @Field(key: "supplier_id") var supplierID: UUID
    @OptionalField(key: "system_id") var systemID: UUID?
    @OptionalField(key: "host_id") var hostID: UUID?

    init() {}
}
