package dev.subsentinel.testing;

import dev.subsentinel.cli.SnapshotReader;
import dev.subsentinel.core.EvaluationSettings;
import dev.subsentinel.core.model.FleetSnapshot;
import dev.subsentinel.demo.DemoFleet;
import dev.subsentinel.track.TrackClients;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code bin/sentinel-emulator}: a local AWS for trying the Sentinel without an account. In front of a running
 * {@code moto_server} it starts the {@link AwsFront} (WireMock: answers what moto lacks, i.e. SSM
 * DescribeInstanceInformation, LM-US and Config PutEvaluations, and corrects moto's endpoint interfaces and
 * directories), resets moto, seeds the demo fleet (or a snapshot) with {@link SnapshotSeeder}, creates the state table
 * and the alert topic with a queue subscribed to it, prints the environment to point the CLI at it, and prints every
 * alert the topic delivers.
 * Runs until its standard input closes or it is interrupted.
 *
 * <p>It lives in the test sources (WireMock is no part of the Lambda artifact) and runs with the test class path, as
 * {@code bin/bench} does.
 */
public final class Emulator implements AutoCloseable {

    /** The front's default port. */
    public static final int DEFAULT_PORT = 4599;
    /** moto_server's default address. */
    public static final String DEFAULT_MOTO = "http://127.0.0.1:5000";
    /** The alert topic's name. */
    public static final String TOPIC = "sentinel-alerts";

    private final AwsFront front;
    private final SnapshotSeeder seeder;
    private final FleetSnapshot snapshot;
    private final String topicArn;
    private final String queueUrl;
    private final SqsClient sqs;

    private Emulator(AwsFront front, SnapshotSeeder seeder, FleetSnapshot snapshot, String topicArn, String queueUrl,
            SqsClient sqs) {
        this.front = front;
        this.seeder = seeder;
        this.snapshot = snapshot;
        this.topicArn = topicArn;
        this.queueUrl = queueUrl;
        this.sqs = sqs;
    }

    /**
     * Resets moto, starts the front on {@code port} (0: any free one) and seeds {@code snapshot}.
     *
     * @param moto     a running moto server
     * @param port     the front's port
     * @param snapshot the fleet to build
     */
    public static Emulator start(MotoServer moto, int port, FleetSnapshot snapshot) throws IOException {
        try {
            moto.reset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while resetting moto", e);
        }
        AwsFront front = AwsFront.start(moto, port);
        try {
            SnapshotSeeder seeder = SnapshotSeeder.seed(snapshot, moto, front);
            TrackClients.createTable(TrackClients.dynamo(moto));
            String topic = TrackClients.sns(moto).createTopic(b -> b.name(TOPIC)).topicArn();
            SqsClient sqs = TrackClients.sqs(moto);
            String queueUrl = sqs.createQueue(b -> b.queueName(TOPIC + "-inbox")).queueUrl();
            String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
            TrackClients.sns(moto).subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(queueArn)
                    .attributes(Map.of("RawMessageDelivery", "false")));
            front.resetRequests();
            return new Emulator(front, seeder, snapshot, topic, queueUrl, sqs);
        } catch (RuntimeException e) {
            front.close();
            throw e;
        }
    }

    /** The endpoint to give the CLI ({@code AWS_ENDPOINT_URL}). */
    public URI endpoint() {
        return front.endpoint();
    }

    /** The front, for its request journal. */
    public AwsFront front() {
        return front;
    }

    /** How the snapshot's ids were seeded. */
    public SnapshotSeeder seeder() {
        return seeder;
    }

    /** The tracking table. */
    public String table() {
        return TrackClients.TABLE;
    }

    /** The alert topic. */
    public String topicArn() {
        return topicArn;
    }

    /** The environment that points the CLI (and the functions run with {@code invoke}) at the emulator. */
    public Map<String, String> environment() {
        Map<String, String> environment = new java.util.LinkedHashMap<>(Map.of("AWS_ENDPOINT_URL",
                endpoint().toString(), "AWS_REGION", snapshot.region(), "AWS_ACCESS_KEY_ID", "testing",
                "AWS_SECRET_ACCESS_KEY", "testing", "SENTINEL_STATE_TABLE", table(), "SENTINEL_TOPIC_ARN", topicArn));
        environment.putAll(settings());
        return environment;
    }

    /** The evaluation settings the snapshot records, as the variables that set them (the demo: a minimum agent). */
    public Map<String, String> settings() {
        Map<String, String> variables = new java.util.LinkedHashMap<>();
        EvaluationSettings settings = snapshot.settings();
        if (settings != null) {
            if (settings.minAgentVersion() != null) {
                variables.put("SENTINEL_MIN_AGENT_VERSION", settings.minAgentVersion());
            }
            if (settings.pingStaleMinutes() != EvaluationSettings.DEFAULTS.pingStaleMinutes()) {
                variables.put("SENTINEL_PING_STALE_MINUTES", Integer.toString(settings.pingStaleMinutes()));
            }
            if (!settings.approvedRdpSources().isEmpty()) {
                variables.put("SENTINEL_APPROVED_RDP_SOURCES", String.join(",", settings.approvedRdpSources()));
            }
        }
        return variables;
    }

    /** The demo fleet as of {@code now}, with the settings the demo evaluates with. */
    public static FleetSnapshot demo(Instant now) {
        return DemoFleet.snapshot(now).toBuilder().settings(DemoFleet.SETTINGS).build();
    }

    /** The subjects of the alerts the topic delivered since the last call (each alert once). */
    public List<String> receivedAlerts() {
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                .waitTimeSeconds(1)).messages();
        for (Message message : messages) {
            sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
        }
        return messages.stream().map(m -> subject(m.body())).toList();
    }

    private static String subject(String envelope) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(envelope).path("Subject").asText();
        } catch (IOException e) {
            return envelope;
        }
    }

    @Override
    public void close() {
        front.close();
        sqs.close();
    }

    /**
     * {@code Emulator [--moto URL] [--port N] [--snapshot FILE]}: see the class comment. Exit codes: 2 for a bad
     * option or an unreachable moto, 1 when seeding fails.
     */
    public static void main(String[] args) throws Exception {
        String motoUrl = DEFAULT_MOTO;
        int port = DEFAULT_PORT;
        Path snapshotFile = null;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length && List.of("--moto", "--port", "--snapshot").contains(option)) {
                usage(option + " needs a value");
            }
            switch (option) {
                case "--moto" -> motoUrl = args[++i];
                case "--port" -> port = port(args[++i]);
                case "--snapshot" -> snapshotFile = Path.of(args[++i]);
                case "--help", "-h" -> {
                    System.out.println("Usage: bin/sentinel-emulator [--moto URL] [--port N] [--snapshot FILE]");
                    System.out.println("Seeds the demo fleet (or FILE) into a running moto_server (default "
                            + DEFAULT_MOTO + ") and serves it with what moto lacks on port N (default "
                            + DEFAULT_PORT + ").");
                    return;
                }
                default -> usage("unknown option '" + option + "'");
            }
        }
        // moto accepts any credentials; the seeding clients use the default chain, so give it some.
        if (System.getenv("AWS_ACCESS_KEY_ID") == null) {
            System.setProperty("aws.accessKeyId", "testing");
            System.setProperty("aws.secretAccessKey", "testing");
        }
        MotoServer moto = new MotoServer(URI.create(motoUrl), HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2)).build());
        if (!answers(moto)) {
            usage("no moto_server answers at " + motoUrl + ": start one (moto_server -p 5000) or pass --moto URL");
        }
        FleetSnapshot snapshot;
        if (snapshotFile != null) {
            try {
                snapshot = SnapshotReader.read(snapshotFile);
            } catch (RuntimeException e) {
                usage("--snapshot " + e.getMessage());
                return;
            }
        } else {
            snapshot = demo(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        }
        Emulator emulator;
        try {
            emulator = start(moto, port, snapshot);
        } catch (RuntimeException | IOException e) {
            System.err.println("error: seeding the emulator failed: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(emulator::close));
        emulator.describe(motoUrl, snapshotFile);
        Thread.ofPlatform().daemon().start(emulator::printAlerts);
        while (System.in.read() >= 0) {
            // serve until standard input closes (or Ctrl-C)
        }
        emulator.close();
    }

    private void describe(String motoUrl, Path snapshotFile) {
        System.out.println("Emulator: WireMock at " + endpoint() + " in front of moto at " + motoUrl + " (answers"
                + " SSM DescribeInstanceInformation, LM-US and Config PutEvaluations itself)");
        System.out.println("Seeded " + (snapshotFile == null ? "the demo fleet" : snapshotFile) + ": "
                + snapshot.instances().size() + " instances in " + snapshot.vpcs().size() + " VPCs, "
                + snapshot.region() + "; state table " + table() + ", topic " + topicArn
                + " (alerts it delivers are printed here)");
        seeder.notes().forEach(note -> System.out.println("Note: " + note));
        System.out.println();
        System.out.println("In another shell:");
        Map<String, String> environment = environment();
        System.out.println("  export " + String.join(" ", List.of("AWS_ENDPOINT_URL", "AWS_REGION",
                "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY").stream().map(k -> k + "=" + environment.get(k))
                .toList()));
        System.out.println("  export SENTINEL_STATE_TABLE=" + table() + " SENTINEL_TOPIC_ARN=" + topicArn);
        if (!settings().isEmpty()) {
            System.out.println("  export " + String.join(" ", settings().entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).toList()) + "   # the settings the fleet was"
                    + " evaluated with");
        }
        System.out.println("  bin/sentinel scan");
        System.out.println();
        System.out.println("READY " + endpoint() + " " + table() + " " + topicArn);
        System.out.println("Ctrl-C (or end of input) stops it.");
        System.out.flush();
    }

    private void printAlerts() {
        while (true) {
            try {
                for (String subject : receivedAlerts()) {
                    System.out.println("alert delivered: " + subject);
                }
            } catch (RuntimeException e) {
                return;
            }
        }
    }

    private static boolean answers(MotoServer moto) {
        try {
            HttpResponse<Void> response = moto.http().send(HttpRequest.newBuilder(moto.endpoint().resolve(
                    "/moto-api/")).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        usage("--port must be a port number, was '" + value + "'");
        return -1;
    }

    private static void usage(String message) {
        System.err.println("error: " + message);
        System.exit(2);
    }
}
