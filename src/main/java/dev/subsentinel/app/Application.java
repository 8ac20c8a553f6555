package dev.subsentinel.app;

import dev.subsentinel.app.change.ChangeImpactMapper;
import dev.subsentinel.app.change.LmusIdentityProviderSource;
import dev.subsentinel.collect.FleetCollector;
import dev.subsentinel.config.AppConfig;
import dev.subsentinel.config.Clients;
import dev.subsentinel.config.ConfigException;
import dev.subsentinel.core.Evaluator;
import dev.subsentinel.core.check.CheckRegistry;
import dev.subsentinel.publish.AlertSink;
import dev.subsentinel.publish.Channel;
import dev.subsentinel.publish.FleetMetrics;
import dev.subsentinel.publish.SnsAlertPublisher;
import dev.subsentinel.publish.chat.ChatNotifications;
import dev.subsentinel.publish.config.ConfigEvaluationPublisher;
import dev.subsentinel.publish.securityhub.SecurityHubPublisher;
import dev.subsentinel.track.DynamoDbStateStore;
import dev.subsentinel.track.Tracker;
import java.io.PrintStream;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

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

    private final AppConfig config;
    private final Clients clients;
    private final FleetCollector collector;
    private final ScanService scans;
    private final ChangeService changes;
    private final Supplier<ConfigRuleService> configRules;
    private final Clock clock;

    private Application(AppConfig config, Clients clients, FleetCollector collector, ScanService scans,
            ChangeService changes, Supplier<ConfigRuleService> configRules, Clock clock) {
        this.config = config;
        this.clients = clients;
        this.collector = collector;
        this.scans = scans;
        this.changes = changes;
        this.configRules = configRules;
        this.clock = clock;
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
        FleetMetrics metrics = io.metrics() ? new FleetMetrics(FleetMetrics.stdoutMetrics(config.metricsNamespace()))
                : null;
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
        return new Application(config, clients, collector, scans, changes, configRules, clock);
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
