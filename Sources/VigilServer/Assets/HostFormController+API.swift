import Fluent
import Vapor
import VigilCore

/// `PATCH /api/v1/hosts/{id}`: the fields to change, in the import's terms; the others keep their
/// values, and the whole host is checked by the import's rules (`HostDraft.parse`), as the form is.
extension HostFormController {
    func bootAPI(routes: any RoutesBuilder) throws {
        routes.grouped(RequirePermission(permission: .manageAssets)).patch(AssetsAPIPath.host(.key), use: updateJSON)
    }

    struct AntiMalwarePatch: Content {
        var product: String?
        var version: String?
        var enabled: Bool?
        var realTimeProtection: Bool?
        var centrallyManaged: Bool?
        /// ISO 8601 date or date-time.
        var signatureDate: String?
        var lastScan: String?
    }

    struct Patch: Content {
        var hostname: String?
        var machineId: String?
        var organisationId: String?
        var role: String?
        var osName: String?
        var osVersion: String?
        var addresses: [String]?
        var owner: String?
        var criticality: String?
        /// The information systems the host belongs to (ids), replacing the present ones.
        var systems: [String]?
        var antimalware: AntiMalwarePatch?
    }

    @Sendable func updateJSON(req: Request) async throws -> HostController.HostDTO {
        let existing = try await host(req)
        let patch = try req.decodeJSON(Patch.self)
        let product = ((try? JSONDecoder.vigil.decode([AntiMalwareState].self, from: Data(existing.avDetail.utf8))) ?? []).first
        let iso = ISO8601DateFormatter()
        func yes(_ value: Bool?) -> String { value == true ? "yes" : "no" }
        var cells = ["hostname": existing.hostname, "machine_id": existing.machineID ?? "", "organisation": existing.$organisation.id.uuidString.lowercased(),
                     "role": existing.role, "os_name": existing.osName, "os_version": existing.osVersion,
                     "addresses": existing.addresses.replacingOccurrences(of: ",", with: " "), "owner": existing.owner, "criticality": existing.criticality,
                     "av_product": product?.product ?? "", "av_version": product?.version ?? "", "av_enabled": yes(product?.enabled),
                     "av_real_time": yes(product?.realTimeProtection), "av_managed": yes(product?.centrallyManaged),
                     "av_signature_date": product?.signatureDate.map(iso.string) ?? "", "av_last_scan": product?.lastScan.map(iso.string) ?? ""]
        let given: [(String, String?)] = [("hostname", patch.hostname), ("machine_id", patch.machineId), ("organisation", patch.organisationId),
                                          ("role", patch.role), ("os_name", patch.osName), ("os_version", patch.osVersion),
                                          ("addresses", patch.addresses?.joined(separator: " ")), ("owner", patch.owner), ("criticality", patch.criticality)]
        for (key, value) in given { if let value { cells[key] = value } }
        if let av = patch.antimalware {
            if let value = av.product { cells["av_product"] = value }
            if let value = av.version { cells["av_version"] = value }
            if let value = av.enabled { cells["av_enabled"] = yes(value) }
            if let value = av.realTimeProtection { cells["av_real_time"] = yes(value) }
            if let value = av.centrallyManaged { cells["av_managed"] = yes(value) }
            if let value = av.signatureDate { cells["av_signature_date"] = value }
            if let value = av.lastScan { cells["av_last_scan"] = value }
        }
        let (draft, problems) = HostDraft.parse(cells, parseDateTime: ISO8601.parse)
        var all = problems
        var systemIDs: [UUID]
        if let systems = patch.systems {
            systemIDs = []
            for raw in systems {
                guard let id = UUID(uuidString: raw) else {
                    all.append(FieldProblem("systems", "host.error.system_elsewhere"))
                    continue
                }
                systemIDs.append(id)
            }
        } else {
            systemIDs = try await assets.systemIDs(ofHost: existing.requireID(), on: req.db)
        }
        if let machine = draft.machineID, machine.contains(where: { $0.isWhitespace }) { all.append(FieldProblem("machine_id", "checkin.error.machine_id")) }
        _ = try await service.save(draft, problems: all, systemIDs: systemIDs, existing: existing, by: try req.currentUser, address: req.clientAddress,
                                   on: req.db)
        return try await HostController.hostDTO(req, repository: repository, settings: settings)
    }
}
