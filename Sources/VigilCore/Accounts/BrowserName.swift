import Foundation

/// "Chrome 131 · Windows" from a User-Agent header, for the list of a user's sessions: a person
/// recognises their browser and system, not the raw header. The order matters: Edge, Opera and
/// Cốc Cốc (common in Vietnam) also say "Chrome", and Chrome also says "Safari".
public enum BrowserName {
    public static func describe(_ userAgent: String) -> String {
        let agent = String(userAgent.prefix(512))
        let browsers: [(token: String, name: String)] = [
            ("Edg/", "Edge"), ("OPR/", "Opera"), ("coc_coc_browser/", "Cốc Cốc"), ("Firefox/", "Firefox"),
            ("HeadlessChrome/", "Chrome"), ("Chrome/", "Chrome"), ("CriOS/", "Chrome"), ("FxiOS/", "Firefox"),
        ]
        var browser: String?
        for (token, name) in browsers {
            if let range = agent.range(of: token) {
                browser = name + majorVersion(after: range.upperBound, in: agent)
                break
            }
        }
        if browser == nil, agent.contains("Safari/"), let range = agent.range(of: "Version/") {
            browser = "Safari" + majorVersion(after: range.upperBound, in: agent)
        }
        let systems: [(token: String, name: String)] = [
            ("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iPadOS"), ("Windows", "Windows"), ("Mac OS X", "macOS"),
            ("CrOS", "ChromeOS"), ("Linux", "Linux"),
        ]
        let system = systems.first { agent.contains($0.token) }?.name
        let parts = [browser, system].compactMap { $0 }
        if parts.isEmpty { return String(agent.prefix(60)) }
        return parts.joined(separator: " · ")
    }

    private static func majorVersion(after index: String.Index, in text: String) -> String {
        let digits = text[index...].prefix { $0.isNumber }
        return digits.isEmpty ? "" : " " + digits
    }
}
