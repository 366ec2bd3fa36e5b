import Foundation
import MultipartKit
import NIOConcurrencyHelpers
import NIOCore
import Vapor

/// A multipart upload written to a temporary file as it arrives, never held in memory: scanner
/// reports run to hundreds of megabytes. Text fields (`org`, `system`) are kept, up to 1 KB each;
/// the part named `file` goes to disk, counted against the limit.
final class ScanUpload {
    let url: URL
    private(set) var fields: [String: String] = [:]
    private(set) var fileName = ""
    private(set) var fileBytes = 0
    private var sawFile = false
    private var handle: FileHandle?
    private var part: (name: String, fileName: String?)?
    private var text: [UInt8] = []
    private var failure: VigilError?
    private let limit: Int

    init(limit: Int, directory: URL = FileManager.default.temporaryDirectory) throws {
        self.limit = limit
        Self.sweepStale(in: directory)
        url = directory.appendingPathComponent("vigil-scan-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600]),
              let handle = FileHandle(forWritingAtPath: url.path) else {
            throw VigilError(status: .internalServerError, code: "upload_failed", messageKey: "error.internal")
        }
        self.handle = handle
    }

    /// When a sweep last ran in this process: at most one an hour.
    private static let lastSweep = NIOLockedValueBox<Date>(.distantPast)

    /// Removes uploads a killed server left behind: `vigil-scan-*` files untouched for six hours
    /// (a live upload is written to all the time). Run by the next upload on the machine, so every
    /// machine sweeps its own temporary folder, however many processes share a database.
    static func sweepStale(in directory: URL, now: Date = Date(), force: Bool = false) {
        let due = lastSweep.withLockedValue { last -> Bool in
            guard force || now.timeIntervalSince(last) > 3600 else { return false }
            last = now
            return true
        }
        guard due, let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return }
        for name in names where name.hasPrefix("vigil-scan-") {
            let file = directory.appendingPathComponent(name)
            guard let modified = (try? FileManager.default.attributesOfItem(atPath: file.path))?[.modificationDate] as? Date,
                  now.timeIntervalSince(modified) > 6 * 3600 else { continue }
            try? FileManager.default.removeItem(at: file)
        }
    }

    deinit {
        try? handle?.close()
        try? FileManager.default.removeItem(at: url)
    }

    /// Reads the request's body, part by part, to the end.
    func receive(_ req: Request) async throws {
        guard let type = req.headers.contentType, type.type == "multipart", type.subType == "form-data",
              let boundary = type.parameters["boundary"] else {
            throw VigilError(status: .unsupportedMediaType, code: "multipart_required", messageKey: "scan.error.multipart")
        }
        let parser = MultipartParser(boundary: boundary)
        var headers: [String: String] = [:]
        parser.onHeader = { name, value in headers[name.lowercased()] = value }
        parser.onBody = { [unowned self] buffer in
            if part == nil { part = Self.disposition(headers["content-disposition"] ?? "") }
            write(buffer.readableBytesView)
        }
        parser.onPartComplete = { [unowned self] in
            if part == nil { part = Self.disposition(headers["content-disposition"] ?? "") }
            finishPart()
            headers = [:]
        }
        for try await chunk in req.body {
            try parser.execute(chunk)
            if let failure { throw failure }
        }
        try handle?.close()
        handle = nil
        guard sawFile, fileBytes > 0 else { throw VigilError.invalid("file", "scan.error.no_file") }
    }

    private func write(_ bytes: ByteBufferView) {
        guard failure == nil, let part else { return }
        if part.name == "file" {
            sawFile = true
            fileName = part.fileName ?? "report"
            fileBytes += bytes.count
            guard fileBytes <= limit else {
                failure = .tooLarge
                return
            }
            handle?.write(Data(bytes))
        } else if text.count + bytes.count <= 1024 {
            text.append(contentsOf: bytes)
        } else {
            failure = VigilError.invalid(part.name, "validation.too_long", ["1024"])
        }
    }

    private func finishPart() {
        if let part, part.name != "file" {
            fields[part.name] = String(decoding: text, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        part = nil
        text = []
    }

    /// `form-data; name="file"; filename="report.xml"` → ("file", "report.xml").
    static func disposition(_ header: String) -> (name: String, fileName: String?) {
        var name = ""
        var fileName: String?
        for item in header.split(separator: ";") {
            let pair = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { continue }
            let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            switch pair[0].lowercased() {
            case "name": name = value
            case "filename": fileName = URL(fileURLWithPath: value).lastPathComponent
            default: break
            }
        }
        return (name, fileName)
    }
}
