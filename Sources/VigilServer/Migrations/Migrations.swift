import Fluent

/// Every migration in the order it runs. Append only: never edit one that has shipped.
enum VigilMigrations {
    static let all: [any Migration] = [
        CreateOrganisation(),
        CreateUser(),
        CreateSession(),
        CreateApiToken(),
        CreateAuditTrail(),
        CreateScheduledJob(),
        CreateIncident(),
        CreateIncidentTask(),
        CreateEvidenceAndReports(),
        CreateIncidentSearch(),
        AddPlaybookOrganisation(),
        AddReportingRules(),
        AddSubScenarios(),
        AddReportingBodies(),
        AddSeverityCriteria(),
        CreateAssets(),
        CreateSuppliers(),
        CreateVulnerabilities(),
        AddScanCadence(),
        AddFindingWorkflow(),
        CreateKnownExploited(),
        CreateAdvisories(),
        ClusterFindingIdentities(),
        CompactFindingSightings(),
        CreateMonitors(),
        AddMonitorDueIndex(),
        CreateMailOutbox(),
        AddSystemRecovery(),
        CreateResponsePlans(),
        CreateAwareness(),
        CreateContacts(),
        CreateDrills(),
    ]
}
