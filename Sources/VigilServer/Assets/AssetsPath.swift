import Foundation

/// The assets pages' paths (`TypedPath`): registered by the controllers, linked and redirected to
/// from anywhere.
enum AssetsPath: TypedPath {
    typealias ID = PathParameter<UUID>

    case section
    case coverage
    case hosts, newHost, host(ID), editHost(ID), removeHost(ID)
    case hostImport, hostImportApply
    case systems, newSystem, system(ID)
    case systemImport, systemImportApply
    /// The CSV export of `hosts` or `systems`.
    case export(kind: String)
    case suppliers, newSupplier, supplier(ID)
    case supplierContracts(ID), supplierContract(ID, contract: ID), removeSupplierContract(ID, contract: ID)
    case supplierDependencies(ID), removeSupplierDependency(ID, dependency: ID)
    case enrolment, rotateEnrolment(ID), revokeEnrolment(ID)

    var path: String {
        switch self {
        case .section: "/assets"
        case .coverage: "/assets/coverage"
        case .hosts: "/assets/hosts"
        case .newHost: "/assets/hosts/new"
        case .host(let id): "/assets/hosts/\(id.segment("hostID"))"
        case .editHost(let id): "/assets/hosts/\(id.segment("hostID"))/edit"
        case .removeHost(let id): "/assets/hosts/\(id.segment("hostID"))/remove"
        case .hostImport: "/assets/import"
        case .hostImportApply: "/assets/import/apply"
        case .systems: "/assets/systems"
        case .newSystem: "/assets/systems/new"
        case .system(let id): "/assets/systems/\(id.segment("systemID"))"
        case .systemImport: "/assets/systems/import"
        case .systemImportApply: "/assets/systems/import/apply"
        case .export(let kind): "/assets/\(kind)/export.csv"
        case .suppliers: "/assets/suppliers"
        case .newSupplier: "/assets/suppliers/new"
        case .supplier(let id): "/assets/suppliers/\(id.segment("supplierID"))"
        case .supplierContracts(let id): "/assets/suppliers/\(id.segment("supplierID"))/contracts"
        case .supplierContract(let id, let contract): "/assets/suppliers/\(id.segment("supplierID"))/contracts/\(contract.segment("contractID"))"
        case .removeSupplierContract(let id, let contract):
            "/assets/suppliers/\(id.segment("supplierID"))/contracts/\(contract.segment("contractID"))/remove"
        case .supplierDependencies(let id): "/assets/suppliers/\(id.segment("supplierID"))/dependencies"
        case .removeSupplierDependency(let id, let dependency):
            "/assets/suppliers/\(id.segment("supplierID"))/dependencies/\(dependency.segment("dependencyID"))/remove"
        case .enrolment: "/assets/enrolment"
        case .rotateEnrolment(let id): "/assets/enrolment/\(id.segment("tokenID"))/rotate"
        case .revokeEnrolment(let id): "/assets/enrolment/\(id.segment("tokenID"))/revoke"
        }
    }
}

/// The assets API's paths, under `/api/v1` (the API group adds the prefix when registering).
enum AssetsAPIPath: APIPath {
    typealias ID = PathParameter<UUID>

    case coverage, hosts, systems, suppliers
    case system(ID), host(ID), supplier(ID)
    /// `POST …/hosts/import`, `POST …/systems/import`.
    case importCSV(kind: String)
    case checkIns

    var relativePath: String {
        switch self {
        case .coverage: "/coverage"
        case .hosts: "/hosts"
        case .systems: "/systems"
        case .system(let id): "/systems/\(id.segment("systemID"))"
        case .suppliers: "/suppliers"
        case .host(let id): "/hosts/\(id.segment("hostID"))"
        case .supplier(let id): "/suppliers/\(id.segment("supplierID"))"
        case .importCSV(let kind): "/\(kind)/import"
        case .checkIns: "/checkins"
        }
    }
}
