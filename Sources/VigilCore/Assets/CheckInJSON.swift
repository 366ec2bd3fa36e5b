import Foundation

extension CheckInDocument {
    /// Reads a check-in from its JSON bytes (the schema is in docs/CHECKIN.md). Members it does not
    /// know are skipped, `null` counts as absent, and a wrong type or a missing required member is
    /// refused with its JSON path. What the values must satisfy is checked by `problems(now:)`.
    public static func decode(json bytes: UnsafeRawBufferPointer) throws(JSONReader.Failure) -> CheckInDocument {
        var reader = JSONReader(bytes)
        guard try reader.peek() == .object else { throw JSONReader.Failure(path: "document", reason: "expected an object") }
        var machineId: String?
        var hostname: String?
        var sentAt: Date?
        var document = CheckInDocument(machineId: "", hostname: "", sentAt: Date(timeIntervalSince1970: 0))
        try reader.readObject { (reader: inout JSONReader, key: String) throws(JSONReader.Failure) in
            switch key {
            case "machineId": machineId = try reader.string(key)
            case "hostname": hostname = try reader.string(key)
            case "sentAt": sentAt = try reader.date(key)
            case "addresses": document.addresses = try reader.list(key) { (reader: inout JSONReader, path: JSONReader.Position) throws(JSONReader.Failure) in
                try reader.required(reader.string(path.description), path.description)
            }
            case "os": document.os = try reader.operatingSystem(key)
            case "role": document.role = try reader.string(key)
            case "software": document.software = try reader.list(key) { (reader: inout JSONReader, path: JSONReader.Position) throws(JSONReader.Failure) in
                try reader.software(path)
            }
            case "antimalware": document.antimalware = try reader.list(key) { (reader: inout JSONReader, path: JSONReader.Position) throws(JSONReader.Failure) in
                try reader.product(path)
            }
            default: try reader.skipValue()
            }
        }
        try reader.finish()
        document.machineId = try JSONReader.required(machineId, "machineId")
        document.hostname = try JSONReader.required(hostname, "hostname")
        document.sentAt = try JSONReader.required(sentAt, "sentAt")
        return document
    }
}

/// The document's pieces, read with their JSON paths for the error messages.
private extension JSONReader {
    static func required<Value>(_ value: Value?, _ path: @autoclosure () -> String) throws(Failure) -> Value {
        guard let value else { throw Failure(path: path(), reason: "missing") }
        return value
    }

    /// `required` for a value that was present but null.
    func required<Value>(_ value: Value?, _ path: @autoclosure () -> String) throws(Failure) -> Value {
        guard let value else { throw Failure(path: path(), reason: "wrong type") }
        return value
    }

    static func wrongType(_ path: String) -> Failure { Failure(path: path, reason: "wrong type") }

    /// A string, or nil for null; any other kind is refused.
    mutating func string(_ path: @autoclosure () -> String) throws(Failure) -> String? {
        if try readNull() { return nil }
        guard let text = try readString() else { throw Self.wrongType(path()) }
        return text
    }

    mutating func bool(_ path: @autoclosure () -> String) throws(Failure) -> Bool? {
        if try readNull() { return nil }
        guard let value = try readBool() else { throw Self.wrongType(path()) }
        return value
    }

    mutating func date(_ path: @autoclosure () -> String) throws(Failure) -> Date? {
        guard let text = try string(path()) else { return nil }
        guard let date = ISO8601.parse(text) else {
            throw Failure(path: path(), reason: "expected an ISO 8601 date-time such as 2026-11-25T08:30:00Z")
        }
        return date
    }

    /// An element's place in a list, turned into its path only for an error message.
    struct Position: CustomStringConvertible {
        let list: String
        let index: Int
        var description: String { "\(list)[\(index)]" }
        func member(_ name: String) -> String { "\(description).\(name)" }
    }

    /// An array (or null), each element read by `element` with its position.
    mutating func list<Element>(
        _ path: String,
        _ element: (inout JSONReader, Position) throws(Failure) -> Element
    ) throws(Failure) -> [Element]? {
        if try readNull() { return nil }
        guard try peek() == .array else { throw Self.wrongType(path) }
        var elements: [Element] = []
        try readArray { (reader: inout JSONReader, index: Int) throws(Failure) in
            elements.append(try element(&reader, Position(list: path, index: index)))
        }
        return elements
    }

    /// An object (or null) whose members `member` reads; unknown members are skipped by it.
    mutating func object(_ path: @autoclosure () -> String, _ member: (inout JSONReader, String) throws(Failure) -> Void) throws(Failure) -> Bool {
        if try readNull() { return false }
        guard try peek() == .object else { throw Self.wrongType(path()) }
        try readObject(member)
        return true
    }

    mutating func operatingSystem(_ path: String) throws(Failure) -> CheckInDocument.OperatingSystem? {
        var name: String?
        var version: String?
        let present = try object(path) { (reader: inout JSONReader, key: String) throws(Failure) in
            switch key {
            case "name": name = try reader.string(path + ".name")
            case "version": version = try reader.string(path + ".version")
            default: try reader.skipValue()
            }
        }
        guard present else { return nil }
        return CheckInDocument.OperatingSystem(name: try Self.required(name, path + ".name"), version: version)
    }

    mutating func software(_ path: Position) throws(Failure) -> CheckInDocument.Software {
        var item = CheckInDocument.Software(name: "")
        var name: String?
        let present = try object(path.description) { (reader: inout JSONReader, key: String) throws(Failure) in
            switch key {
            case "name": name = try reader.string(path.member("name"))
            case "vendor": item.vendor = try reader.string(path.member("vendor"))
            case "version": item.version = try reader.string(path.member("version"))
            default: try reader.skipValue()
            }
        }
        guard present else { throw Self.wrongType(path.description) }
        item.name = try Self.required(name, path.member("name"))
        return item
    }

    mutating func product(_ path: Position) throws(Failure) -> CheckInDocument.Product {
        var item = CheckInDocument.Product(product: "", enabled: false, realTime: false)
        var product: String?
        var enabled: Bool?
        var realTime: Bool?
        let present = try object(path.description) { (reader: inout JSONReader, key: String) throws(Failure) in
            switch key {
            case "product": product = try reader.string(path.member("product"))
            case "version": item.version = try reader.string(path.member("version"))
            case "enabled": enabled = try reader.bool(path.member("enabled"))
            case "realTime": realTime = try reader.bool(path.member("realTime"))
            case "managed": item.managed = try reader.bool(path.member("managed"))
            case "signatureDate": item.signatureDate = try reader.date(path.member("signatureDate"))
            case "lastScan": item.lastScan = try reader.date(path.member("lastScan"))
            default: try reader.skipValue()
            }
        }
        guard present else { throw Self.wrongType(path.description) }
        item.product = try Self.required(product, path.member("product"))
        item.enabled = try Self.required(enabled, path.member("enabled"))
        item.realTime = try Self.required(realTime, path.member("realTime"))
        return item
    }
}
