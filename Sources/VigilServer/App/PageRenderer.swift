import Leaf
import Vapor
import VigilCore

/// What every page's layout shows: language, title, navigation, the signed-in user, the CSRF token.
struct LayoutContext: Encodable, Sendable {
    struct NavItem: Encodable, Sendable {
        let href: String
        let label: String
        let active: Bool
        /// false for capabilities not built yet: shown, marked, not linked.
        let available: Bool
    }

    struct SignedInUser: Encodable, Sendable {
        let displayName: String
        let email: String
        let organisationName: String
        let roles: [String]
    }

    let lang: String
    let otherLang: String
    let otherLangLabel: String
    var title: String
    let csrf: String
    let path: String
    let user: SignedInUser?
    let nav: [NavItem]
    let adminNav: [NavItem]
    let notice: String?
    /// A refusal carried over a redirect, by its localization key (never free text).
    let problem: String?
    /// Unread notifications of the signed-in user.
    var unread: Int = 0
    /// The side navigation is hidden while a user must first change their password.
    var showNav: Bool { !nav.isEmpty }

    enum CodingKeys: String, CodingKey {
        case lang, otherLang, otherLangLabel, title, csrf, path, user, nav, adminNav, notice, problem, showNav, unread
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(lang, forKey: .lang)
        try container.encode(otherLang, forKey: .otherLang)
        try container.encode(otherLangLabel, forKey: .otherLangLabel)
        try container.encode(title, forKey: .title)
        try container.encode(csrf, forKey: .csrf)
        try container.encode(path, forKey: .path)
        try container.encodeIfPresent(user, forKey: .user)
        try container.encode(nav, forKey: .nav)
        try container.encode(adminNav, forKey: .adminNav)
        try container.encodeIfPresent(notice, forKey: .notice)
        try container.encodeIfPresent(problem, forKey: .problem)
        try container.encode(showNav, forKey: .showNav)
        try container.encode(unread, forKey: .unread)
    }
}

struct PageContext<Page: Encodable & Sendable>: Encodable, Sendable {
    let layout: LayoutContext
    let page: Page
}

/// Form errors, keyed by field, with the field's previous values, for re-rendering a form.
struct FormState: Encodable, Sendable {
    var values: [String: String] = [:]
    var errors: [String: String] = [:]
    var general: String?

    static func failed(_ error: VigilError, values: [String: String], request: Request) -> FormState {
        var state = FormState(values: values)
        for problem in error.allFieldErrors {
            let message = request.t(problem.messageKey, problem.arguments)
            if let field = problem.field { state.errors[field] = state.errors[field] ?? message } else { state.general = message }
        }
        return state
    }
}

extension Request {
    func t(_ key: String, _ arguments: [String]) -> String {
        application.localizer.text(key, language, arguments)
    }

    /// Renders `template` inside the layout, with the page's title from `titleKey`.
    /// `title`, when given, names the record shown (the browser tab reads "HTTT-2026-0001 · …").
    func renderPage<Page: Encodable & Sendable>(
        _ template: String, titleKey: String, title: String? = nil, _ page: Page, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        var layout = layoutContext(titleKey: titleKey)
        if let title, !title.isEmpty { layout.title = String(title.prefix(120)) }
        if let user = auth.get(CurrentUser.self), layout.showNav {
            layout.unread = (try? await application.vigilServices.notifications.unreadCount(userID: user.userID, on: db)) ?? 0
        }
        let context = PageContext(layout: layout, page: page)
        let view = try await self.view.render(template, context)
        let response = try await view.encodeResponse(status: status, for: self)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    func layoutContext(titleKey: String) -> LayoutContext {
        let user = auth.get(CurrentUser.self)
        let path = url.path
        var nav: [LayoutContext.NavItem] = []
        var adminNav: [LayoutContext.NavItem] = []
        if let user, !user.mustChangePassword {
            for entry in application.navigation where entry.visible(user) {
                let active = entry.exact ? path == entry.path : path.hasPrefix(entry.path)
                let item = LayoutContext.NavItem(href: entry.path, label: t(entry.labelKey), active: active, available: entry.available(user))
                if entry.section == .main { nav.append(item) } else { adminNav.append(item) }
            }
        }
        let other: UILanguage = language == .vi ? .en : .vi
        let noticeKey = query[String.self, at: "notice"].map { "notice." + $0 }
        return LayoutContext(
            lang: language.rawValue,
            otherLang: other.rawValue,
            otherLangLabel: t("language.\(other.rawValue)"),
            title: t(titleKey),
            csrf: csrfToken,
            path: path,
            user: user.map {
                .init(displayName: $0.displayName, email: $0.email, organisationName: $0.organisationName,
                      roles: $0.roles.map { self.t("role.\($0.rawValue)") })
            },
            nav: nav,
            adminNav: adminNav,
            notice: noticeKey.flatMap { application.localizer.has($0) ? t($0) : nil },
            problem: query[String.self, at: "problem"].flatMap { key in
                (key.hasPrefix("validation.") || key.hasPrefix("transition.") || key.hasPrefix("error.") || key.hasPrefix("advisory.error.")) && application.localizer.has(key) ? t(key) : nil
            })
    }

    func formDate(_ date: Date) -> String {
        application.displayFormat.date(date, language)
    }

    func formDateTime(_ date: Date?) -> String {
        guard let date else { return "" }
        return application.displayFormat.dateTime(date, language)
    }

    /// A redirect target from a form or query: only a path on this site.
    static func safeLocalPath(_ raw: String?) -> String {
        guard let raw, raw.hasPrefix("/"), !raw.hasPrefix("//"), !raw.contains("\\"), raw.count < 2000 else { return "/" }
        return raw
    }
}
