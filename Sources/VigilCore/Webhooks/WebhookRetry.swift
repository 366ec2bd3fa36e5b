import Foundation

extension MailRetryPolicy {
    /// A webhook call that failed is tried again after 1 minute, 5, 30, 2 hours, then every 6
    /// hours; a day after it was queued it is given up (`failed`, kept in the delivery log with its
    /// last answer, to be sent again by hand). Mail's rule with a webhook's delays: while a call
    /// waits, the later events of the same webhook wait behind it (they go out in order).
    public static let webhooks = MailRetryPolicy(delays: [60, 300, 1800, 7200], repeatDelay: 21_600, giveUpAfter: 86_400)
}
