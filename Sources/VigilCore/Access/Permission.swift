/// What a role may do, independent of which organisation it is done in.
/// Organisation scoping is decided separately by `AccessScope`.
public enum Permission: String, CaseIterable, Codable, Sendable {
    case viewOrganisations
    case manageOrganisations
    case viewUsers
    case manageUsers
    case viewAudit
    case manageSettings
    /// Report an incident and follow one's own reports.
    case reportIncidents
    /// See the incidents of the organisations in scope.
    case viewIncidents
    /// Work an incident: classify, move it through the response steps, add indicators, comment.
    case handleIncidents
    /// Own the response: assign, override severity, mark as not an incident or duplicate.
    case manageIncidents
    /// Comment on an incident one can see.
    case commentIncidents
    /// See the inventory (systems, hosts, suppliers) and the anti-malware coverage in scope.
    case viewAssets
    /// Keep the inventory: systems, hosts, imports, enrolment tokens, suppliers.
    case manageAssets
    /// See the scans and findings in scope.
    case viewVulnerabilities
    /// Import scanner reports and work the findings.
    case manageVulnerabilities
    /// Record the authorities' warnings for the organisations in scope (the coordinator, focal points).
    case manageAdvisories
    /// Generate a system's response plan and edit its draft (the focal point's duty).
    case managePlans
    /// Approve a response plan (a leader's signature).
    case approvePlans
    /// Issue the staff notice on the directive, follow who acknowledged it, remind the others (focal points).
    case manageAwareness
    /// Keep the contacts directory: name the focal point and deputy, check they are reachable,
    /// send the official notice, set the escalation chain.
    case manageContacts
    /// See the drills and the yearly drill obligation in scope (leaders, the coordinator, the response team).
    case viewDrills
    /// Plan and run drills, record their findings (the focal point and the response team).
    case manageDrills
    /// See the compliance indicators of one's organisation and those below it (focal points,
    /// leaders, the coordinator, administrators).
    case viewCompliance
    /// Compare the agencies under one's organisation side by side (the coordinator, administrators).
    case compareCompliance
    /// See the periodic reports of one's organisation and those below it (focal points, leaders,
    /// the coordinator, administrators).
    case viewPeriodicReports
    /// Generate and issue the periodic reports of one's organisation and those below it (the same).
    case managePeriodicReports
    /// Keep the organisation's webhooks: what is sent where, the delivery log, sending again
    /// (focal points and administrators).
    case manageWebhooks
    /// Pair this installation with another one (the coordinator's, an agency's) and keep the log of
    /// the messages between them (administrators).
    case manageFederation
    /// Acknowledge an incident's notification or report received from another installation (the
    /// coordinator, focal points, leaders).
    case acknowledgeReports
}
