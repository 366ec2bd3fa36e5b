import Vapor
import VigilCore

/// The view models `SupplierController` renders (templates in Resources/Views); they never query.
extension SupplierController {
    struct ListPage: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let id: String
            let name: String
            let organisation: String
            let risk: String
            let riskCode: String
            let reviewOverdue: Bool
        }
        let rows: [Row]
        let noRows: Bool
        let canManage: Bool
        let paging: ListPaging
    }

    struct ShowPage: Encodable, Sendable {
        struct Contract: Encodable, Sendable {
            let id: String
            let startsOn: String
            let endsOn: String
            let reference: String
            let period: String
            let state: String
            let clauses: String
        }
        struct Incident: Encodable, Sendable {
            let id: String
            let reference: String
            let title: String
        }
        let id: String?
        let form: FormState
        let organisations: [SelectOption]
        let risks: [SelectOption]
        let contracts: [Contract]
        /// A system or host that depends on the supplier, with the dependency's id (for removing it).
        struct Dependent: Encodable, Sendable {
            let id: String
            let name: String
            let link: String
        }
        let systems: [Dependent]
        let hosts: [Dependent]
        let incidents: [Incident]
        let systemOptions: [SelectOption]
        let hostOptions: [SelectOption]
        let reviewDue: String?
        let reviewOverdue: Bool
        let canManage: Bool
    }
}
