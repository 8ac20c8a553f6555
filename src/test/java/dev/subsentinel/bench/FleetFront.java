package dev.subsentinel.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.subsentinel.core.model.FleetSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scan benchmark's emulated AWS: an HTTP server that answers the calls of a scan from a generated fleet held in
 * memory ({@link FleetApi}), in constant time per request whatever the fleet's size, after a fixed latency per request
 * (30 ms unless told otherwise), and with a throttle per API: a token bucket of {@code burst} requests refilled at
 * {@code rate} per second for each operation, as EC2 throttles each API action of an account and region; a request
 * beyond it is answered as the service answers it ({@code RequestLimitExceeded} for EC2, {@code Throttling} for
 * IAM and STS, {@code ThrottlingException} for the JSON services), after the same latency. The default bucket is EC2's
 * for non-mutating actions (100 requests, 20 per second: docs/aws-facts.md); SSM and LM-US publish no rate and get the
 * same one.
 *
 * <p>The service, region and operation come from the request as the SDK sends it: the SigV4 credential scope of the
 * {@code Authorization} header, {@code X-Amz-Target} (JSON 1.1), the {@code Action} parameter (Query) or the path
 * (LM-US's REST JSON).
 *
 * <p>It measures, from outside the scanner: requests per operation, throttled answers, the most requests in flight at
 * once, and the critical path in sequential request rounds: each request's round is one more than the highest round
 * among the requests answered before it was sent, so the highest round is the longest chain of requests of which each
 * was sent only after the previous one was answered (with 30 ms per request, wall time is at least rounds x 30 ms).
 * {@code GET /__bench/stats} returns them as JSON, {@code POST /__bench/reset} starts them (and the buckets) afresh.
 *
 * <p>Run alone ({@link #main}) it prints {@code READY <endpoint>} and serves until its standard input closes, so that
 * the scanner can be measured in a JVM of its own.
 */
public final class FleetFront implements AutoCloseable {

    /**
     * How the front answers.
     *
     * @param latency     fixed delay before every answer
     * @param rate        requests per second per operation refilled into its bucket (0: no throttle)
     * @param burst       the bucket's size
     * @param lmusMaxPage the most instances an LM-US page holds, whatever MaxResults asks (LM-US documents no limit)
     * @param lmusRejects whether a larger MaxResults is rejected (ValidationException) instead of cut
     */
    public record Settings(Duration latency, double rate, int burst, int lmusMaxPage, boolean lmusRejects) {

        /** 30 ms per request, EC2's bucket for non-mutating actions (100, refilled at 20 per second). */
        public static final Settings DEFAULTS = new Settings(Duration.ofMillis(30), 20, 100, 1000, false);

        /** No latency, no throttle (tests of the answers). */
        public static final Settings INSTANT = new Settings(Duration.ZERO, 0, 0, 1000, false);

        /** A copy with another throttle. */
        public Settings withThrottle(double perSecond, int size) {
            return new Settings(latency, perSecond, size, lmusMaxPage, lmusRejects);
        }

        /** A copy whose LM-US rejects pages larger than {@code max}. */
        public Settings rejectingLmusPagesAbove(int max) {
            return new Settings(latency, rate, burst, max, true);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SCOPE = Pattern.compile("Credential=([^/]+)/[^/]+/([^/]+)/([^/]+)/aws4_request");

    private final FleetApi api;
    private final Settings settings;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> throttled = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peakInFlight = new AtomicInteger();
    private final AtomicLong answeredRound = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();

    private FleetFront(FleetSnapshot fleet, Settings settings) throws IOException {
        this.api = new FleetApi(fleet, settings.lmusMaxPage(), settings.lmusRejects());
        this.settings = settings;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Serves the fleet on a free loopback port. */
    public static FleetFront start(FleetSnapshot fleet, Settings settings) {
        try {
            return new FleetFront(fleet, settings);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every client's endpoint override. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The fleet served. */
    public FleetSnapshot fleet() {
        return api.fleet();
    }

    /**
     * {@code FleetFront <instances> <vpcs> [latencyMs] [rate] [burst] [eventGroupInstances] [lmusMaxPage]}: serves a
     * generated fleet ({@link BenchFleets}, with {@link BenchFleets#EVENT_GROUP} on that many instances when given)
     * until standard input closes.
     */
    public static void main(String[] args) throws IOException {
        int instances = Integer.parseInt(args[0]);
        int vpcs = Integer.parseInt(args[1]);
        Settings settings = new Settings(Duration.ofMillis(args.length > 2 ? Long.parseLong(args[2]) : 30),
                args.length > 3 ? Double.parseDouble(args[3]) : 20, args.length > 4 ? Integer.parseInt(args[4]) : 100,
                args.length > 6 ? Integer.parseInt(args[6]) : 1000, false);
        int eventGroup = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        FleetSnapshot fleet = BenchFleets.generate(instances, vpcs, eventGroup);
        try (FleetFront front = start(fleet, settings)) {
            System.out.println("READY " + front.endpoint());
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until the benchmark closes our standard input
            }
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/__bench/")) {
                admin(exchange, path);
                return;
            }
            long round = answeredRound.get() + 1;
            int now = inFlight.incrementAndGet();
            peakInFlight.accumulateAndGet(now, Math::max);
            try {
                FleetApi.Request request = parse(exchange);
                String operation = request.service() + ":" + request.operation();
                FleetApi.Response response;
                if (!admit(operation)) {
                    throttled.computeIfAbsent(operation, k -> new LongAdder()).increment();
                    response = throttle(request);
                } else {
                    requests.computeIfAbsent(operation, k -> new LongAdder()).increment();
                    response = api.answer(request);
                }
                sleep(settings.latency());
                byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", response.contentType());
                exchange.getResponseHeaders().set("x-amzn-RequestId", "bench");
                if (response.status() >= 400 && response.body().contains("\"__type\"")) {
                    exchange.getResponseHeaders().set("x-amzn-ErrorType",
                            JSON.readTree(response.body()).path("__type").asText());
                }
                exchange.sendResponseHeaders(response.status(), body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
                bytesSent.addAndGet(body.length);
            } finally {
                inFlight.decrementAndGet();
                answeredRound.accumulateAndGet(round, Math::max);
            }
        }
    }

    private FleetApi.Request parse(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        Matcher scope = SCOPE.matcher(authorization == null ? "" : authorization);
        String service = scope.find() ? scope.group(3) : "unknown";
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (target != null) {
            JsonNode json = body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
            return new FleetApi.Request(service, target.substring(target.indexOf('.') + 1), Map.of(), json);
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
            Map<String, List<String>> params = form(body);
            String action = params.getOrDefault("Action", List.of("")).get(0);
            return new FleetApi.Request(service, action, params, JSON.createObjectNode());
        }
        String path = exchange.getRequestURI().getPath();
        JsonNode json = body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        return new FleetApi.Request(service, path.substring(path.lastIndexOf('/') + 1), Map.of(), json);
    }

    private static Map<String, List<String>> form(String body) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    private boolean admit(String operation) {
        if (settings.rate() <= 0) {
            return true;
        }
        return buckets.computeIfAbsent(operation, k -> new Bucket(settings.burst(), settings.rate())).take();
    }

    private static FleetApi.Response throttle(FleetApi.Request request) {
        return switch (request.service()) {
            case "ec2" -> FleetApi.xmlError(503, "RequestLimitExceeded", "Request limit exceeded.");
            case "iam", "sts" -> new FleetApi.Response(400, "text/xml", "<ErrorResponse><Error><Type>Sender</Type>"
                    + "<Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>bench</RequestId>"
                    + "</ErrorResponse>");
            case "license-manager-user-subscriptions" -> FleetApi.jsonError(429, "application/json",
                    "ThrottlingException", "Rate exceeded");
            default -> FleetApi.jsonError(400, "application/x-amz-json-1.1", "ThrottlingException", "Rate exceeded");
        };
    }

    private void admin(HttpExchange exchange, String path) throws IOException {
        byte[] body;
        if (path.equals("/__bench/reset")) {
            reset();
            body = "{}".getBytes(StandardCharsets.UTF_8);
        } else {
            body = JSON.writeValueAsBytes(stats());
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Starts the counts, the rounds and the buckets afresh. */
    public void reset() {
        requests.clear();
        throttled.clear();
        buckets.clear();
        peakInFlight.set(0);
        answeredRound.set(0);
        bytesSent.set(0);
    }

    /** What the front saw since the last reset. */
    public ObjectNode stats() {
        ObjectNode node = JSON.createObjectNode();
        Map<String, Long> answered = new TreeMap<>();
        requests.forEach((k, v) -> answered.put(k, v.sum()));
        Map<String, Long> limited = new TreeMap<>();
        throttled.forEach((k, v) -> limited.put(k, v.sum()));
        node.put("requests", answered.values().stream().mapToLong(Long::longValue).sum()
                + limited.values().stream().mapToLong(Long::longValue).sum());
        node.put("throttled", limited.values().stream().mapToLong(Long::longValue).sum());
        node.put("rounds", answeredRound.get());
        node.put("peakInFlight", peakInFlight.get());
        node.put("bytesSent", bytesSent.get());
        node.set("byOperation", JSON.valueToTree(answered));
        node.set("throttledByOperation", JSON.valueToTree(limited));
        return node;
    }

    private static void sleep(Duration latency) {
        if (latency.isZero()) {
            return;
        }
        try {
            Thread.sleep(latency);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** A token bucket: {@code capacity} tokens, refilled continuously at {@code rate} per second. */
    static final class Bucket {
        private final double capacity;
        private final double rate;
        private double tokens;
        private long last = System.nanoTime();

        Bucket(int capacity, double rate) {
            this.capacity = capacity;
            this.rate = rate;
            this.tokens = capacity;
        }

        synchronized boolean take() {
            long now = System.nanoTime();
            tokens = Math.min(capacity, tokens + (now - last) / 1e9 * rate);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }
}
