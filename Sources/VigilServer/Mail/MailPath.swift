/// The mail pages' paths: settings, the test message, the outbox and its "try again now".
enum MailPath: TypedPath {
    case settings, test, outbox, retry

    var path: String {
        switch self {
        case .settings: "/settings/mail"
        case .test: "/settings/mail/test"
        case .outbox: "/settings/mail/outbox"
        case .retry: "/settings/mail/outbox/retry"
        }
    }
}
