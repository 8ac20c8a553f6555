package dev.subsentinel.app;

import dev.subsentinel.app.change.ChangeImpactMapper;
import dev.subsentinel.app.change.LmusIdentityProviderSource;
import dev.subsentinel.app.multi.AccountSource;
import dev.subsentinel.app.multi.Coordinator;
import dev.subsentinel.app.multi.MemberAccess;
import dev.subsentinel.app.multi.MemberChanges;
import dev.subsentinel.app.multi.OrganizationAccounts;
import dev.subsentinel.app.multi.SplitScans;
import dev.subsentinel.app.multi.SqsTargetQueue;
import dev.subsentinel.app.multi.Target;
import dev.subsentinel.app.multi.TargetEngine;
import dev.subsentinel.app.multi.Worker;
import dev.subsentinel.collect.Deadline;
import dev.subsentinel.collect.FleetCollector;
import dev.subsentinel.config.AppConfig;
import dev.subsentinel.config.Clients;
import dev.subsentinel.config.ConfigException;
import dev.subsentinel.config.MultiAccountConfig;
import dev.subsentinel.core.Evaluator;
import dev.subsentinel.core.check.CheckRegistry;
import dev.subsentinel.publish.AlertSink;
import dev.subsentinel.publish.Channel;
import dev.subsentinel.publish.FleetMetrics;
import dev.subsentinel.publish.SnsAlertPublisher;
import dev.subsentinel.publish.TargetMetrics;
import dev.subsentinel.publish.chat.ChatNotifications;
import dev.subsentinel.publish.config.ConfigEvaluationPublisher;
import dev.subsentinel.publish.securityhub.SecurityHubPublisher;
import dev.subsentinel.track.DynamoDbSplitStore;
import dev.subsentinel.track.DynamoDbStateStore;
import dev.subsentinel.track.Tracker;
import java.io.PrintStream;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.lambda.powertools.metrics.Metrics;

/**
 * The production wiring, built once per process from validated settings: the SDK clients, the collector, the
 * evaluator, tracking, the alert sinks and the metrics, and the services of the change events and of the Config rule
 * on top of the same engine. Handlers build one in their no-argument constructor (cold start); the CLI builds one from
 * its options.
 */
public final class Application implements AutoCloseable {

    /**
     * How the process emits what is not the report.
     *
     * @param dryRunOut where dry runs print the alerts they would send
     * @param metrics   whether to emit EMF metrics (functions yes, the CLI's scan no)
     */
    public record Io(PrintStream dryRunOut, boolean metrics) {

        public Io {
            Objects.requireNonNull(dryRunOut, "dryRunOut");
        }
    }

    /**
     * What every engine of the process shares, whichever account and region it reads: the monitor's tracking table
     * and alert channels (one state store keyed by account and region, one alert stream per channel), the dry-run
     * sinks, the checks.
     */
    private record Shared(Tracker tracker, Map<Channel, AlertSink> live, Map<Channel, AlertSink> dryRuns,
            Evaluator evaluator,
            Supplier<String> scanIds, Sleeper sleeper, Metrics metrics) {
    }

    private final AppConfig config;
    private final MultiAccountConfig multi;
    private final Clients clients;
    private final FleetCollector collector;
    private final ScanService scans;
    private final ChangeService changes;
    private final Supplier<ConfigRuleService> configRules;
    private final Clock clock;
    private final Shared shared;
    private final Supplier<String> account;
    private final Io io;
    private final Supplier<MemberChanges> memberChanges;

    private Application(AppConfig config, MultiAccountConfig multi, Clients clients, FleetCollector collector,
            ScanService scans, ChangeService changes, Supplier<ConfigRuleService> configRules, Clock clock,
            Shared shared, Supplier<String> account, Io io) {
        this.config = config;
        this.multi = multi;
        this.clients = clients;
        this.collector = collector;
        this.scans = scans;
        this.changes = changes;
        this.configRules = configRules;
        this.clock = clock;
        this.shared = shared;
        this.account = account;
        this.io = io;
        this.memberChanges = memoize(() -> new MemberChanges(changes, memberAccess(),
                access -> engine(access, fleetMetrics(FleetMetrics.Kind.MEMBER)), targetMetrics()));
    }

    /**
     * Wires the application.
     *
     * @throws ConfigException when a topic is configured without a state table (alerts need tracking, or every run
     *                         would repeat every alert), or when no region is configured
     */
    public static Application create(AppConfig config, Clock clock, Io io) {
        return create(config, clock, io, Sleeper.system());
    }

    /**
     * Wires the application with a way to wait (the change events' waits for eventual consistency).
     *
     * @throws ConfigException as {@link #create(AppConfig, Clock, Io)}
     */
    public static Application create(AppConfig config, Clock clock, Io io, Sleeper sleeper) {
        return create(config, MultiAccountConfig.fromEnvironment(Map.of(), config.region()), clock, io, sleeper);
    }

    /**
     * Wires the application of a deployment that may watch other accounts and regions.
     *
     * @throws ConfigException as {@link #create(AppConfig, Clock, Io)}
     */
    public static Application create(AppConfig config, MultiAccountConfig multi, Clock clock, Io io,
            Sleeper sleeper) {
        if (config.topicArn() != null && config.stateTable() == null) {
            throw new ConfigException("SENTINEL_TOPIC_ARN is set but SENTINEL_STATE_TABLE is not: alerts need"
                    + " tracking (without it every run would repeat every alert)");
        }
        if (config.channels().any() && config.stateTable() == null) {
            throw new ConfigException((config.channels().chatTopicArn() != null ? "SENTINEL_CHAT_TOPIC_ARN"
                    : "SENTINEL_SECURITY_HUB") + " is set but SENTINEL_STATE_TABLE is not: chat notifications and"
                    + " Security Hub findings follow the tracked transitions");
        }
        Clients clients = Clients.create(config);
        Tracker tracker = config.stateTable() == null ? null
                : new Tracker(new DynamoDbStateStore(clients.dynamoDb(), config.stateTable()),
                        Tracker.Settings.of(config));
        Map<Channel, AlertSink> live = new EnumMap<>(Channel.class);
        Map<Channel, AlertSink> dryRuns = new EnumMap<>(Channel.class);
        AlertSink dryRun = SnsAlertPublisher.dryRun(io.dryRunOut(), config.topicArn(), config.digestThreshold());
        dryRuns.put(Channel.ALERTS, dryRun);
        if (config.topicArn() != null) {
            live.put(Channel.ALERTS, new SnsAlertPublisher(clients.sns(), config.topicArn(),
                    config.digestThreshold()));
        }
        String chatTopic = config.channels().chatTopicArn();
        if (chatTopic != null) {
            live.put(Channel.CHAT, new SnsAlertPublisher(clients.sns(), chatTopic, config.digestThreshold(),
                    ChatNotifications.RENDERER));
            dryRuns.put(Channel.CHAT, SnsAlertPublisher.dryRun(io.dryRunOut(), chatTopic, config.digestThreshold(),
                    ChatNotifications.RENDERER));
        }
        if (config.channels().securityHub()) {
            live.put(Channel.SECURITY_HUB, new SecurityHubPublisher(clients.securityHub()));
            dryRuns.put(Channel.SECURITY_HUB, SecurityHubPublisher.dryRun(io.dryRunOut()));
        }
        Metrics powertools = io.metrics() ? FleetMetrics.stdoutMetrics(config.metricsNamespace()) : null;
        FleetMetrics metrics = powertools == null ? null : new FleetMetrics(powertools);
        FleetCollector collector = FleetCollector.create(clients, config);
        Supplier<String> account = memoize(collector::accountId);
        Evaluator evaluator = new Evaluator(CheckRegistry.defaults(), config.evaluation());
        Supplier<String> scanIds = () -> UUID.randomUUID().toString();
        ScanService scans = new ScanService(collector, evaluator,
                new ScanService.Outputs(tracker, live, dryRuns, metrics), clients.apiCalls(), account,
                clients.region().id(), clock, scanIds);
        ChangeService changes = new ChangeService(scans, ChangeImpactMapper.of(config, clients.ec2(),
                new LmusIdentityProviderSource(clients.licenseManagerUserSubscriptions(), clients.directory())),
                clients.apiCalls(),
                ChangeService.Settings.defaults(), clock, sleeper);
        // Evaluate only: no tracking, no alerts, no fleet metrics (see ConfigRuleService). Built on first use, so
        // that only the Config rule function builds a Config client.
        Supplier<ConfigRuleService> configRules = memoize(() -> new ConfigRuleService(new ScanService(collector,
                evaluator, new ScanService.Outputs(null, null, dryRun, null), clients.apiCalls(), account,
                clients.region().id(), clock, scanIds), new ConfigEvaluationPublisher(clients.config()),
                config.instanceTagKey(), config.instanceTagValue()));
        return new Application(config, multi, clients, collector, scans, changes, configRules, clock,
                new Shared(tracker, Map.copyOf(live), Map.copyOf(dryRuns), evaluator, scanIds, sleeper, powertools),
                account, io);
    }

    /** The settings of a deployment that watches other accounts and regions. */
    public MultiAccountConfig multiAccount() {
        return multi;
    }

    /** The monitor's own account (STS, asked once). */
    public String ownAccount() {
        return account.get();
    }

    /** Clients of other accounts and regions, through the member role. */
    public MemberAccess memberAccess() {
        return new MemberAccess(config, multi, clients, account);
    }

    /**
     * The engine of another account or region, on clients the caller got from {@link #memberAccess()}: the same
     * checks, tracking table, alert topic and dry-run output as this process's own engine, the target's clients for
     * collecting and mapping changes, and these metrics (null: none). Security Hub findings are imported only for the
     * monitor's own account and region: BatchImportFindings with the default product accepts only findings of the
     * calling account, in the region called (README "Security Hub").
     */
    public TargetEngine engine(TargetEngine.Access access, FleetMetrics metrics) {
        Clients target = access.clients();
        FleetCollector targetCollector = FleetCollector.create(target, config);
        boolean own = access.target().accountId().equals(ownAccount())
                && access.target().region().equals(clients.region().id());
        ScanService targetScans = new ScanService(targetCollector, shared.evaluator(),
                new ScanService.Outputs(shared.tracker(), channelsFor(own, shared.live()),
                        channelsFor(own, shared.dryRuns()), metrics), target.apiCalls(),
                () -> access.target().accountId(), target.region().id(), clock, shared.scanIds());
        ChangeService targetChanges = new ChangeService(targetScans, ChangeImpactMapper.of(config, target.ec2(),
                new LmusIdentityProviderSource(target.licenseManagerUserSubscriptions(), target.directory())),
                target.apiCalls(), ChangeService.Settings.defaults(), clock, shared.sleeper());
        return new TargetEngine(access, targetCollector, targetScans, targetChanges);
    }

    /** The channels of a target's alerts: all of them for the own account and region, else all but Security Hub. */
    private static Map<Channel, AlertSink> channelsFor(boolean ownAccountAndRegion, Map<Channel, AlertSink> sinks) {
        if (ownAccountAndRegion) {
            return sinks;
        }
        Map<Channel, AlertSink> others = new EnumMap<>(Channel.class);
        sinks.forEach((channel, sink) -> {
            if (channel != Channel.SECURITY_HUB) {
                others.put(channel, sink);
            }
        });
        return others;
    }

    /** The fleet metrics of runs of a kind, or null when the process emits none. */
    public FleetMetrics fleetMetrics(FleetMetrics.Kind kind) {
        return shared.metrics() == null ? null : new FleetMetrics(shared.metrics(), kind);
    }

    /** The coordinator's and worker's metrics, or null when the process emits none. */
    public TargetMetrics targetMetrics() {
        return shared.metrics() == null ? null : new TargetMetrics(shared.metrics());
    }

    /**
     * Split scans, or null when they cannot be run: they need the worker's queue (SENTINEL_TARGET_QUEUE_URL) and the
     * tracking table (where shards report).
     */
    public SplitScans splitScans() {
        if (multi.queueUrl() == null || config.stateTable() == null) {
            return null;
        }
        return new SplitScans(new DynamoDbSplitStore(clients.dynamoDb(), config.stateTable()),
                new SqsTargetQueue(clients.sqs(), multi.queueUrl()), multi.shardMaxInstances(), clock);
    }

    /**
     * The coordinator of a multi-account deployment.
     *
     * @throws ConfigException when no targets or no queue are configured
     */
    public Coordinator coordinator() {
        if (!multi.multiAccount() || multi.queueUrl() == null) {
            throw new ConfigException("the coordinator needs SENTINEL_TARGET_ACCOUNTS (account ids or ORGANIZATION)"
                    + " and SENTINEL_TARGET_QUEUE_URL");
        }
        AccountSource accounts = multi.organization() ? new OrganizationAccounts(clients.organizations())
                : AccountSource.of(multi.accounts());
        return new Coordinator(accounts, multi.regions(), new SqsTargetQueue(clients.sqs(), multi.queueUrl()),
                account, clients.region().id(), shared.scanIds(), targetMetrics());
    }

    /** The worker of a multi-account deployment (and of split scans). */
    public Worker worker() {
        return new Worker(memberAccess(), this::engine, this::fleetMetrics, splitScans(), targetMetrics(),
                multi.accountMetricsLimit(), clock);
    }

    /**
     * The scheduled scan of the function's own account and region: split across the worker when the fleet is too
     * large for one invocation and split scans are configured ({@link SplitScans}), else scanned here.
     *
     * @return the scan's outcome, or null when the fleet was split (see {@code split})
     */
    public ScheduledOutcome scheduledScan(String trigger, Deadline deadline) {
        SplitScans splits = splitScans();
        if (splits != null) {
            String runId = shared.scanIds().get();
            SplitScans.Split split;
            try {
                split = splits.trySplit(new Target(account.get(), clients.region().id()), runId, 1, scans, collector);
            } catch (RuntimeException e) {
                FleetMetrics metrics = fleetMetrics(FleetMetrics.Kind.OWN);
                if (metrics != null) {
                    metrics.heartbeat(false);
                }
                throw e;
            }
            if (split != null) {
                if (!split.notSent().isEmpty()) {
                    FleetMetrics metrics = fleetMetrics(FleetMetrics.Kind.OWN);
                    if (metrics != null) {
                        metrics.heartbeat(false);
                    }
                    throw new IllegalStateException(split.notSent().size() + " of " + split.shards() + " shards of"
                            + " the split scan " + runId + " could not be sent: "
                            + split.notSent().values().iterator().next());
                }
                return new ScheduledOutcome(null, split);
            }
        }
        return new ScheduledOutcome(scans.scan(ScanRequest.scheduled(trigger).withDeadline(deadline)), null);
    }

    /**
     * What the scheduled scan did: scanned the fleet, or split it.
     *
     * @param outcome the scan's outcome (null when split)
     * @param split   the split (null when scanned here)
     */
    public record ScheduledOutcome(ScanOutcome outcome, SplitScans.Split split) {
    }

    /** Change events of this account and region, and of the member accounts and regions they come from. */
    public MemberChanges memberChanges() {
        return memberChanges.get();
    }

    /** The settings. */
    public AppConfig config() {
        return config;
    }

    /** The SDK clients. */
    public Clients clients() {
        return clients;
    }

    /** The collector (read-only: the CLI's snapshot command uses it alone). */
    public FleetCollector collector() {
        return collector;
    }

    /** The engine. */
    public ScanService scans() {
        return scans;
    }

    /** The change events and manual runs of the change function, on the same engine. */
    public ChangeService changes() {
        return changes;
    }

    /** The AWS Config rule: the same collector and checks, evaluation only. */
    public ConfigRuleService configRules() {
        return configRules.get();
    }

    /** The clock. */
    public Clock clock() {
        return clock;
    }

    @Override
    public void close() {
        clients.close();
    }

    private static <T> Supplier<T> memoize(Supplier<T> supplier) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T result = value;
                if (result == null) {
                    synchronized (this) {
                        result = value;
                        if (result == null) {
                            result = supplier.get();
                            value = result;
                        }
                    }
                }
                return result;
            }
        };
    }
}
