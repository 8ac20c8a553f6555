package dev.subsentinel.handler;

import dev.subsentinel.app.Application;
import dev.subsentinel.app.ChangeOutcome;
import dev.subsentinel.app.ConfigRuleOutcome;
import dev.subsentinel.app.ScanOutcome;
import dev.subsentinel.app.ScanRequest;
import dev.subsentinel.app.ScanService;
import dev.subsentinel.app.change.ChangeImpact;
import dev.subsentinel.demo.DemoFleet;
import dev.subsentinel.config.ApiCallCounter;
import dev.subsentinel.config.AppConfig;
import dev.subsentinel.config.Clients;
import dev.subsentinel.config.Json;
import dev.subsentinel.core.Evaluator;
import dev.subsentinel.core.check.CheckRegistry;
import dev.subsentinel.core.model.FleetSnapshot;
import dev.subsentinel.event.EventParser;
import dev.subsentinel.event.Trigger;
import dev.subsentinel.publish.SnsAlertPublisher;
import dev.subsentinel.publish.config.ConfigEvaluations;
import dev.subsentinel.publish.config.EvaluationSet;
import dev.subsentinel.publish.config.PutEvaluationsResult;
import dev.subsentinel.publish.config.UnknownVerdictPolicy;
import dev.subsentinel.track.InMemoryStateStore;
import dev.subsentinel.track.Tracker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * The SnapStart runtime hook of the event-driven functions: before Lambda takes the snapshot of a published version,
 * runs every code path of an invocation that does not need AWS, so that the snapshot holds loaded, linked and
 * warmed classes instead of each restored environment paying for them on its first event.
 *
 * <p>What is primed ({@link #prime}):
 * <ul>
 *   <li>event parsing: one sample of every event shape the functions receive (CloudTrail API call, Config item
 *       change, EC2 state change, LM-US instance and identity-provider events, SSM compliance change, Config rule
 *       invocation with its JSON string fields, manual run, schedule), through {@link EventParser};</li>
 *   <li>the engine: a complete run of {@link ScanService} over the bundled offline demo fleet ({@link DemoFleet}):
 *       every check and the security-group, NACL and route analysis, tracking with an in-memory store, alert
 *       creation and rendering into a dry-run sink that discards its output;</li>
 *   <li>JSON: a snapshot written and read back, the ScanReport, change and Config rule responses written, and the
 *       Config evaluations (annotations) of the reports;</li>
 *   <li>the SDK: every client of {@link Clients} is built (endpoint rules, marshallers, HTTP client), none is
 *       called.</li>
 * </ul>
 * It calls no AWS API (no credentials are resolved, nothing is written or published), emits no metrics, logs one line
 * that says it is priming (the engine's summary of the demo run, which reads like a scan, is DEBUG only), and keeps
 * nothing: run ids, alert ids and the in-memory state are created for the priming run and dropped with it. Nothing
 * needs refreshing after restore: the clients resolve credentials from the default chain on each request's behalf
 * (never pinned), and every unique id is generated during an invocation.
 */
public final class SnapStartPriming implements Resource {

    /** One sample of every event shape, inline so that priming does not depend on files. */
    static final List<String> SAMPLE_EVENTS = List.of(
            """
            {"version":"0","id":"p-1","detail-type":"AWS API Call via CloudTrail","source":"aws.ec2",
             "account":"111122223333","time":"2026-01-01T00:00:00Z","region":"us-east-1","resources":[],
             "detail":{"eventTime":"2026-01-01T00:00:00Z","eventSource":"ec2.amazonaws.com",
              "eventName":"AuthorizeSecurityGroupIngress","requestParameters":{"groupId":"sg-0a0000000000f0a01",
              "ipPermissions":{"items":[{"ipProtocol":"tcp","fromPort":3389,"toPort":3389,
              "ipRanges":{"items":[{"cidrIp":"10.0.0.0/16"}]}}]}},"responseElements":{"_return":true}}}
            """,
            """
            {"version":"0","id":"p-2","detail-type":"Config Configuration Item Change","source":"aws.config",
             "account":"111122223333","time":"2026-01-01T00:00:00Z","region":"us-east-1","resources":[],
             "detail":{"messageType":"ConfigurationItemChangeNotification","configurationItemDiff":{"changeType":
              "UPDATE"},"configurationItem":{"resourceType":"AWS::EC2::SecurityGroup","resourceId":
              "sg-0a0000000000f0a01","configurationItemStatus":"OK","configurationItemCaptureTime":
              "2026-01-01T00:00:00Z","relationships":[{"resourceId":"vpc-0a5e000000000000a"}]}}}
            """,
            """
            {"version":"0","id":"p-3","detail-type":"EC2 Instance State-change Notification","source":"aws.ec2",
             "account":"111122223333","time":"2026-01-01T00:00:00Z","region":"us-east-1",
             "resources":["arn:aws:ec2:us-east-1:111122223333:instance/i-0a00000000000a001"],
             "detail":{"instance-id":"i-0a00000000000a001","state":"stopped"}}
            """,
            """
            {"version":"0","id":"p-4","detail-type":"Instance Unhealthy",
             "source":"aws.license-manager-user-subscriptions","account":"111122223333",
             "time":"2026-01-01T00:00:00Z","region":"us-east-1","resources":[],
             "detail":{"instanceId":"i-0a00000000000a001","statusMessage":"priming"}}
            """,
            """
            {"version":"0","id":"p-9","detail-type":"Identity Provider Registration Failed",
             "source":"aws.license-manager-user-subscriptions","account":"111122223333",
             "time":"2026-01-01T00:00:00Z","region":"us-east-1","resources":[],
             "detail":{"directoryId":"d-0a00000000","failureMessage":"priming"}}
            """,
            """
            {"version":"0","id":"p-5","detail-type":"Configuration Compliance State Change","source":"aws.ssm",
             "account":"111122223333","time":"2026-01-01T00:00:00Z","region":"us-east-1","resources":[],
             "detail":{"resource-type":"managed-instance","resource-id":"i-0a00000000000a001",
              "compliance-type":"Association","compliance-status":"non_compliant"}}
            """,
            """
            {"version":"1.0","invokingEvent":"{\\"configurationItem\\":{\\"resourceType\\":\\"AWS::EC2::Instance\\",\
            \\"resourceId\\":\\"i-0a00000000000a001\\",\\"configurationItemStatus\\":\\"OK\\",\
            \\"configurationItemCaptureTime\\":\\"2026-01-01T00:00:00Z\\"},\
            \\"notificationCreationTime\\":\\"2026-01-01T00:00:01Z\\",\
            \\"messageType\\":\\"ConfigurationItemChangeNotification\\"}","ruleParameters":"{}",
             "resultToken":"TESTMODE","eventLeftScope":false,"configRuleName":"priming","accountId":"111122223333"}
            """,
            """
            {"instanceIds":["i-0a00000000000a001"],"dryRun":true}
            """,
            """
            {"version":"0","id":"p-8","detail-type":"Scheduled Event","source":"aws.events",
             "account":"111122223333","time":"2026-01-01T00:00:00Z","region":"us-east-1","resources":[],"detail":{}}
            """);

    /**
     * What one priming run went through.
     *
     * @param events        sample events parsed
     * @param instances     instances evaluated
     * @param alerts        alerts created and rendered
     * @param responseBytes bytes of the responses written
     */
    public record Primed(int events, int instances, int alerts, int responseBytes) {
    }

    private static final Logger LOG = LogManager.getLogger(SnapStartPriming.class);

    private final Application application;

    private SnapStartPriming(Application application) {
        this.application = Objects.requireNonNull(application, "application");
    }

    /**
     * Registers the hook with the global CRaC context (a no-op outside SnapStart). The returned resource must stay
     * reachable: the context may hold it weakly.
     */
    public static SnapStartPriming register(Application application) {
        SnapStartPriming priming = new SnapStartPriming(application);
        Core.getGlobalContext().register(priming);
        return priming;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        Primed primed = prime(application);
        // One line that cannot be mistaken for a scan: the engine's own summary of the priming run is DEBUG only.
        LOG.info("SnapStart priming before the snapshot: {} sample events parsed, the offline demo fleet evaluated"
                + " ({} instances), {} demo alerts rendered and discarded; no AWS call was made, nothing was sent",
                primed.events(), primed.instances(), primed.alerts());
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to refresh: see the class comment.
    }

    /** Runs the priming paths once, offline. */
    public static Primed prime(Application application) {
        int events = 0;
        for (String sample : SAMPLE_EVENTS) {
            Trigger trigger = EventParser.parse(sample);
            trigger.describe();
            events++;
        }
        Clients clients = application.clients();
        clients.ec2();
        clients.ssm();
        clients.licenseManagerUserSubscriptions();
        clients.route53Resolver();
        clients.directory();
        clients.sts();
        clients.dynamoDb();
        clients.sns();
        clients.config();

        AppConfig config = application.config();
        Instant now = application.clock().instant();
        FleetSnapshot demo = DemoFleet.snapshot(now);
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        ScanService offline = new ScanService(scope -> demo,
                new Evaluator(CheckRegistry.defaults(), config.evaluation()),
                new ScanService.Outputs(new Tracker(new InMemoryStateStore(), Tracker.Settings.of(config.withTopicArn(
                        "arn:aws:sns:us-east-1:111122223333:snapstart-priming"))), null,
                        SnsAlertPublisher.dryRun(discard, null, config.digestThreshold()), null),
                new ApiCallCounter(), () -> DemoFleet.ACCOUNT, DemoFleet.REGION, Clock.fixed(now, ZoneOffset.UTC),
                () -> "snapstart-priming");
        ScanOutcome outcome = offline.scan(ScanRequest.priming("SnapStart priming on the offline demo fleet"));
        try {
            Json.mapper().readValue(Json.mapper().writeValueAsBytes(outcome.snapshot()), FleetSnapshot.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EvaluationSet evaluations = new ConfigEvaluations(UnknownVerdictPolicy.SKIP)
                .evaluate(outcome.report().instances(), List.of(), now);
        ByteArrayOutputStream responses = new ByteArrayOutputStream();
        HandlerIo.writeReport(responses, outcome.report());
        HandlerIo.writeSummary(responses, outcome);
        List<String> ids = outcome.report().instances().stream().map(r -> r.instanceId()).toList();
        HandlerIo.writeChange(responses, new ChangeOutcome.Reevaluated("SnapStart priming",
                new ChangeImpact(ids, "priming", 0, false), outcome, 1, null, 0));
        HandlerIo.writeConfigRule(responses, new ConfigRuleOutcome("SnapStart priming", evaluations.evaluations(),
                evaluations.skippedUnknown(), new PutEvaluationsResult(evaluations.evaluations().size(), 0, true),
                ids.size()));
        HandlerIo.writeIgnored(responses, "priming");
        return new Primed(events, outcome.report().instances().size(), outcome.alerts().size(), responses.size());
    }
}
