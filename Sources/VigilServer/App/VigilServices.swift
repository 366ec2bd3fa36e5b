import Foundation
import NIOCore
import NIOPosix
import VigilCore

/// The collaborators of the controllers and commands, built once and passed through initialisers.
struct VigilServices: Sendable {
    let hasher: PasswordHasher
    let settings: SettingsStore
    let sessions: SessionStore
    let tokens: ApiTokenStore
    let organisationRepository: OrganisationRepository
    let userRepository: UserRepository
    let organisations: OrganisationService
    let users: UserService
    let twoFactor: TwoFactorService
    let throttle: LoginThrottle
    let audit: AuditRepository
    let notifications: NotificationService
    let incidentRepository: IncidentRepository
    let incidents: IncidentService
    let blobs: BlobStore
    let evidence: EvidenceService
    let reports: ReportService
    let enrolmentTokens: EnrolmentTokenStore
    let coverage: CoverageService
    let suppliers: SupplierService
    let scanCadence: ScanCadenceService
    let findings: FindingService
    let advisories: AdvisoryService
    let subScenarios: SubScenarioStore
    let hostRepository: HostRepository
    let hosts: HostService
    let systems: SystemService
    let findingRepository: FindingRepository
    let knownExploited: KnownExploitedService
    let scanImport: ScanImportService
    let assets: AssetRepository
    let advisoryRepository: AdvisoryRepository
    let outbound: OutboundClient
    let monitors: MonitorService
    let monitorRunner: MonitorRunner
    let mailOutbox: MailOutbox
    let mailSettings: MailSettingsStore
    let smtp: SMTPClient
    let plans: PlanService
    let contacts: ContactsServices
    let compliance: ComplianceService
    let webhooks: WebhookService
    /// Seals the webhooks' secrets (`<data>/webhooks.key`).
    let webhookSecrets: MailSecretBox
    let federation: FederationService

    init(config: AppConfig, threadPool: NIOThreadPool, eventLoopGroup: any EventLoopGroup, localizer: Localizer) throws {
        hasher = PasswordHasher(cost: config.bcryptCost)
        settings = SettingsStore()
        sessions = SessionStore(idleTimeout: config.sessionIdleTimeout, absoluteTimeout: config.sessionAbsoluteTimeout, settings: settings)
        tokens = ApiTokenStore(settings: settings)
        organisationRepository = OrganisationRepository()
        userRepository = UserRepository()
        organisations = OrganisationService(repository: organisationRepository)
        users = UserService(users: userRepository, organisations: organisationRepository, hasher: hasher, sessions: sessions)
        twoFactor = TwoFactorService()
        throttle = LoginThrottle(policy: config.loginThrottle)
        audit = AuditRepository()
        mailOutbox = MailOutbox()
        mailSettings = MailSettingsStore(settings: settings, secrets: MailSecretBox(keyFile: config.dataDirectory.appendingPathComponent("mail.key")),
                                         configured: config.smtp)
        notifications = NotificationService(users: userRepository,
                                            mail: MailNotifier(outbox: mailOutbox, settings: mailSettings, localizer: localizer))
        assets = AssetRepository()
        advisoryRepository = AdvisoryRepository()
        incidentRepository = IncidentRepository()
        let contactRepository = ContactRepository(settings: settings)
        let escalations = EscalationService(repository: contactRepository, organisations: organisationRepository)
        incidents = IncidentService(repository: incidentRepository, organisations: organisationRepository, users: userRepository,
                                    notifications: notifications, playbooks: PlaybookStore(),
                                    reportingRules: ReportingRuleStore(timeZone: config.timeZone),
                                    severityCriteria: SeverityCriteriaStore(timeZone: config.timeZone), timeZone: config.timeZone,
                                    escalations: escalations)
        blobs = BlobStore(root: config.blobDirectory, threadPool: threadPool)
        var policy = EvidencePolicy.standard
        policy.maxBytes = config.evidenceMaxBytes
        evidence = EvidenceService(blobs: blobs, policy: policy)
        enrolmentTokens = EnrolmentTokenStore()
        suppliers = SupplierService(organisations: organisationRepository, notifications: notifications, timeZone: config.timeZone)
        scanCadence = ScanCadenceService(notifications: notifications, organisations: organisationRepository, assets: assets,
                                         calendar: suppliers.calendar)
        findings = FindingService(notifications: notifications, organisations: organisationRepository)
        advisories = AdvisoryService(matching: AdvisoryMatching(notifications: notifications, organisations: organisationRepository),
                                     organisations: organisationRepository, assets: assets,
                                     notifications: notifications,
                                     timeZone: config.timeZone)
        coverage = CoverageService(repository: CoverageRepository(), organisations: organisationRepository, settings: settings,
                                   timeZone: config.timeZone)
        reports = ReportService(blobs: blobs, bodies: ReportingBodyStore(timeZone: config.timeZone), localizer: localizer,
                                format: DisplayFormat(timeZone: config.timeZone))
        subScenarios = SubScenarioStore()
        hostRepository = HostRepository()
        hosts = HostService(organisations: organisationRepository)
        systems = SystemService(organisations: organisationRepository)
        findingRepository = FindingRepository()
        knownExploited = KnownExploitedService()
        scanImport = ScanImportService(knownExploited: knownExploited, settings: settings, organisations: organisationRepository, assets: assets)
        outbound = try OutboundClient(policy: config.outboundPolicy, group: eventLoopGroup, threadPool: threadPool)
        smtp = SMTPClient(outbound: outbound, stepTimeout: .milliseconds(Int64(config.smtpTimeout * 1000)))
        monitors = MonitorService(organisations: organisationRepository, assets: assets, client: outbound)
        monitorRunner = MonitorRunner(probe: MonitorProbe(client: outbound), blobs: blobs, incidents: incidents, evidence: evidence,
                                      notifications: notifications, localizer: localizer, users: userRepository, assets: assets,
                                      settings: MonitorSettings(settings: settings))
        plans = PlanService(repository: PlanRepository(), systems: systems, assets: assets, changeLog: SystemChangeLog(), playbooks: PlaybookStore(),
                            severityCriteria: SeverityCriteriaStore(timeZone: config.timeZone),
                            contacts: DirectoryPlanContacts(repository: contactRepository, escalations: escalations, organisations: organisationRepository,
                                                            fallback: FocalPointUsers(users: userRepository, organisations: organisationRepository)),
                            settings: PlanSettings(settings: settings),
                            wording: PlanWording(localizer: localizer, format: DisplayFormat(timeZone: config.timeZone)), timeZone: config.timeZone)
        contacts = ContactsServices(
            repository: contactRepository,
            service: ContactService(repository: contactRepository, organisations: organisationRepository, users: userRepository,
                                    suppliers: suppliers, reportingBodies: reports.bodies),
            reachability: ReachabilityService(repository: contactRepository, outbox: mailOutbox, mailSettings: mailSettings, localizer: localizer),
            escalations: escalations, runner: EscalationRunner(incidents: incidentRepository, notifications: notifications),
            notices: FocalPointNoticeService(repository: contactRepository, organisations: organisationRepository, blobs: blobs, notifications: notifications, localizer: localizer,
                                             format: DisplayFormat(timeZone: config.timeZone)))
        webhookSecrets = MailSecretBox(keyFile: config.dataDirectory.appendingPathComponent("webhooks.key"))
        webhooks = WebhookService(repository: WebhookRepository(organisations: organisationRepository), organisations: organisationRepository,
                                  client: outbound, secrets: webhookSecrets)
        federation = FederationService(repository: FederationRepository(organisations: organisationRepository), incidents: incidentRepository,
                                       blobs: blobs, client: outbound,
                                       secrets: MailSecretBox(keyFile: config.dataDirectory.appendingPathComponent("federation.key")))
        compliance = ComplianceService(
            organisations: organisationRepository, assets: assets, coverage: coverage, scanCadence: scanCadence, findings: findingRepository,
            advisories: advisoryRepository, incidents: incidentRepository, plans: plans, drills: DrillRepository(), contacts: contactRepository,
            audit: audit, settings: ComplianceSettings(settings: settings), timeZone: config.timeZone, cache: ComplianceCountsCache())
    }
}
