package dev.subsentinel.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.net.URI;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * WireMock fault injection in front of another endpoint (the {@link AwsFront}, or moto itself): every request is passed
 * on unchanged, except those a test makes fail. Point the clients under test at {@link #endpoint()}; seed through the
 * endpoint behind it, so that seeding never meets a fault.
 *
 * <ul>
 *   <li>{@link #fail(String, Fault)}: every call of one operation (e.g. {@code DescribeSecurityGroups},
 *       {@code PublishBatch}, {@code TransactWriteItems}) fails the same way, for the next {@code times} requests or
 *       until {@link #heal}.</li>
 *   <li>{@link #throttle(double, long)}: a fraction of all requests, drawn from a seeded sequence, is throttled the way
 *       the service would (EC2 {@code RequestLimitExceeded}, JSON {@code ThrottlingException}, LM-US's 429), or
 *       answered with a bare 429 or 503.</li>
 * </ul>
 * Faults are answered in the service's own protocol (EC2's XML errors, the query services' ErrorResponse, JSON
 * {@code __type}, REST {@code x-amzn-ErrorType}), so the SDK classifies them as it would AWS's. The front counts what
 * it injected; {@link Fault#HANG} holds the connection on a {@link HangingEndpoint} until {@link #close()}.
 */
public final class FaultFront implements AutoCloseable {

    /** What a failing call gets. */
    public enum Fault {
        /** HTTP 500 InternalError (retried, then the call fails). */
        SERVER_ERROR,
        /** HTTP 503 ServiceUnavailable (retried, then the call fails). */
        UNAVAILABLE,
        /** The service's throttling error (retried with the throttling backoff). */
        THROTTLED,
        /** The connection is reset by the peer before an answer. */
        CONNECTION_RESET,
        /** The connection is closed without an answer. */
        EMPTY_RESPONSE,
        /** HTTP 200 whose body is not what the protocol says (truncated XML, broken JSON). */
        MALFORMED_BODY,
        /** The connection is accepted and never answered. */
        HANG,
        /** HTTP 403 with the service's access-denied error. */
        DENIED
    }

    static final String NAME = "fault-front";
    /** The operation name that stands for every operation. */
    public static final String EVERY_OPERATION = "*";
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding");
    private static final Set<String> FRAMING = Set.of("content-length", "transfer-encoding", "connection",
            "content-encoding");

    private final WireMockServer server;
    private final URI upstream;
    private final HangingEndpoint hang = HangingEndpoint.start();
    private final Map<String, Plan> failing = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> injected = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile double throttled;
    private Random random = new Random(0);

    private FaultFront(URI upstream) {
        this.upstream = upstream;
        this.server = new WireMockServer(wireMockConfig()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .containerThreads(60)
                .gzipDisabled(true)
                .stubRequestLoggingDisabled(true)
                .extensions(new Transformer()));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers(NAME)));
    }

    /** Starts a front that passes everything on to {@code upstream}. */
    public static FaultFront start(URI upstream) {
        return new FaultFront(upstream);
    }

    /** The URL the clients under test use. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    /** An endpoint that accepts every connection and never answers (every client pointed there hangs). */
    public URI hangingEndpoint() {
        return hang.endpoint();
    }

    /** Every call of the operation fails this way until {@link #heal}. */
    public FaultFront fail(String operation, Fault fault) {
        return fail(operation, fault, Integer.MAX_VALUE);
    }

    /** The next {@code times} requests of the operation fail this way, then it is served again. */
    public FaultFront fail(String operation, Fault fault, int times) {
        failing.put(operation, new Plan(fault, new AtomicInteger(times)));
        return this;
    }

    /** Every call of every operation fails this way until {@link #heal} with {@value #EVERY_OPERATION}. */
    public FaultFront failAll(Fault fault) {
        return fail(EVERY_OPERATION, fault);
    }

    /** The operation is served again. */
    public FaultFront heal(String operation) {
        failing.remove(operation);
        return this;
    }

    /** Throttles this fraction of all requests (0 to 1), drawn from a sequence seeded with {@code seed}. */
    public synchronized FaultFront throttle(double fraction, long seed) {
        random = new Random(seed);
        throttled = fraction;
        return this;
    }

    /** Faults injected so far, by kind. */
    public Map<String, Integer> injected() {
        Map<String, Integer> out = new TreeMap<>();
        injected.forEach((kind, count) -> out.put(kind, count.get()));
        return out;
    }

    /** Faults injected so far. */
    public int injectedTotal() {
        return injected.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Requests received so far. */
    public int requests() {
        return requests.get();
    }

    /** Connections held by {@link Fault#HANG}. */
    public int hungConnections() {
        return hang.connectionsAccepted();
    }

    @Override
    public void close() {
        hang.close();
        server.stop();
    }

    private synchronized boolean drawThrottle() {
        return throttled > 0 && random.nextDouble() < throttled;
    }

    private synchronized int draw(int bound) {
        return random.nextInt(bound);
    }

    private record Plan(Fault fault, AtomicInteger left) {
    }

    /** The wire protocol of a request, which decides how an error looks. */
    private enum Protocol {
        EC2, QUERY, JSON, REST_JSON;

        static Protocol of(Request request) {
            if (request.getHeader("X-Amz-Target") != null && !request.getHeader("X-Amz-Target").isBlank()) {
                return JSON;
            }
            String body = request.getBodyAsString();
            if (body.startsWith("Action=")) {
                return body.contains("Version=2016-11-15") ? EC2 : QUERY;
            }
            return REST_JSON;
        }
    }

    private final class Transformer implements ResponseDefinitionTransformerV2 {

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            requests.incrementAndGet();
            Request request = event.getRequest();
            String operation = CannedAws.operation(request);
            Plan plan = failing.containsKey(operation) ? failing.get(operation) : failing.get(EVERY_OPERATION);
            if (plan != null && plan.left().getAndDecrement() > 0) {
                return inject(plan.fault(), request, operation);
            }
            if (drawThrottle()) {
                return inject(Fault.THROTTLED, request, operation);
            }
            return forward(request);
        }

        private ResponseDefinition inject(Fault fault, Request request, String operation) {
            Protocol protocol = Protocol.of(request);
            String kind = fault.name();
            ResponseDefinition answer = switch (fault) {
                case SERVER_ERROR -> error(protocol, 500, "InternalError", "InternalFailure",
                        "We encountered an internal error. Please try again.");
                case UNAVAILABLE -> error(protocol, 503, "Unavailable", "ServiceUnavailable",
                        "The service is unavailable. Please try again shortly.");
                case DENIED -> error(protocol, 403, "UnauthorizedOperation", "AccessDeniedException",
                        "User is not authorized to perform: " + operation);
                case THROTTLED -> {
                    int variant = draw(4);
                    kind = fault.name() + (variant == 0 ? "_429" : variant == 1 ? "_503" : "");
                    yield variant == 0 ? bare(429) : variant == 1 ? bare(503) : throttling(protocol);
                }
                case CONNECTION_RESET -> aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault
                        .CONNECTION_RESET_BY_PEER).build();
                case EMPTY_RESPONSE -> aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault
                        .EMPTY_RESPONSE).build();
                case MALFORMED_BODY -> malformed(protocol, operation);
                case HANG -> aResponse().proxiedFrom(hang.endpoint().toString()).build();
            };
            injected.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
            return answer;
        }
    }

    /**
     * Passes the request on and returns the answer as it came, with the headers that describe the body's framing left
     * to this server (WireMock's own proxy would keep a Content-Length that a transformer behind it made stale).
     */
    private ResponseDefinition forward(Request request) {
        try {
            HttpURLConnection connection = (HttpURLConnection) upstream.resolve(request.getUrl()).toURL()
                    .openConnection();
            connection.setRequestMethod(request.getMethod().getName());
            for (HttpHeader header : request.getHeaders().all()) {
                if (!RESTRICTED.contains(header.key().toLowerCase(Locale.ROOT))) {
                    header.values().forEach(value -> connection.addRequestProperty(header.key(), value));
                }
            }
            byte[] body = request.getBody();
            if (body.length > 0) {
                connection.setDoOutput(true);
                connection.setFixedLengthStreamingMode(body.length);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = connection.getResponseCode();
            byte[] answerBody;
            try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                answerBody = in == null ? new byte[0] : in.readAllBytes();
            }
            ResponseDefinitionBuilder answer = aResponse().withStatus(status).withBody(answerBody);
            connection.getHeaderFields().forEach((name, values) -> {
                if (name != null && !FRAMING.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(value -> answer.withHeader(name, value));
                }
            });
            return answer.build();
        } catch (IOException e) {
            return aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER).build();
        }
    }

    private static ResponseDefinition throttling(Protocol protocol) {
        return switch (protocol) {
            case EC2 -> error(protocol, 503, "RequestLimitExceeded", null, "Request limit exceeded.");
            case QUERY -> error(protocol, 400, "Throttling", null, "Rate exceeded");
            case JSON -> error(protocol, 400, null, "ThrottlingException", "Rate exceeded");
            case REST_JSON -> error(protocol, 429, null, "ThrottlingException", "Rate exceeded");
        };
    }

    /** An error in the protocol's shape; {@code xmlCode} for EC2 and the query services, {@code jsonCode} for JSON. */
    private static ResponseDefinition error(Protocol protocol, int status, String xmlCode, String jsonCode,
            String message) {
        String json = jsonCode != null ? jsonCode : xmlCode;
        String xml = xmlCode != null ? xmlCode : jsonCode;
        ResponseDefinitionBuilder response = aResponse().withStatus(status);
        return switch (protocol) {
            case EC2 -> response.withHeader("Content-Type", "text/xml;charset=UTF-8")
                    .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + xml
                            + "</Code><Message>" + message + "</Message></Error></Errors><RequestID>fault-front"
                            + "</RequestID></Response>").build();
            case QUERY -> response.withHeader("Content-Type", "text/xml")
                    .withBody("<ErrorResponse><Error><Type>Sender</Type><Code>" + xml + "</Code><Message>" + message
                            + "</Message></Error><RequestId>fault-front</RequestId></ErrorResponse>").build();
            case JSON -> response.withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody("{\"__type\":\"" + json + "\",\"message\":\"" + message + "\"}").build();
            case REST_JSON -> response.withHeader("Content-Type", "application/json")
                    .withHeader("x-amzn-ErrorType", json).withBody("{\"message\":\"" + message + "\"}").build();
        };
    }

    private static ResponseDefinition bare(int status) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/plain").withBody("").build();
    }

    private static ResponseDefinition malformed(Protocol protocol, String operation) {
        return switch (protocol) {
            case EC2, QUERY -> aResponse().withStatus(200).withHeader("Content-Type", "text/xml;charset=UTF-8")
                    .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + operation + "Response><requestId>x"
                            + "</requestId><item><unclosed").build();
            case JSON, REST_JSON -> aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                    .withBody("{\"truncated\": [{\"Instance").build();
        };
    }
}
