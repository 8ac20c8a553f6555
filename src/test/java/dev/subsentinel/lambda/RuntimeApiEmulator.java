package dev.subsentinel.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.subsentinel.config.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Lambda Runtime API (version 2018-06-01) on a loopback port, for one runtime process: what the Lambda service
 * offers a runtime inside its execution environment, as documented ("Using the Lambda runtime API for custom
 * runtimes"), plus the SnapStart restore calls the Java runtime interface client makes.
 *
 * <ul>
 *   <li>{@code GET /2018-06-01/runtime/invocation/next}: blocks until an invocation is queued ({@link #invoke}), then
 *       answers the event with the {@code Lambda-Runtime-Aws-Request-Id}, {@code Lambda-Runtime-Deadline-Ms},
 *       {@code Lambda-Runtime-Invoked-Function-Arn} and {@code Lambda-Runtime-Trace-Id} headers. The first call ends
 *       the init phase ({@link #initDone()}).</li>
 *   <li>{@code POST /2018-06-01/runtime/invocation/{id}/response} and {@code .../{id}/error}: 202, completing the
 *       invocation; an unknown id gets 400 as in Lambda.</li>
 *   <li>{@code POST /2018-06-01/runtime/init/error}: 202, recorded ({@link #initError()}).</li>
 *   <li>{@code GET /2018-06-01/runtime/restore/next}: 200 once the runtime has run the {@code beforeCheckpoint}
 *       hooks (where Lambda would take the snapshot), recorded ({@link #restored()});
 *       {@code POST /2018-06-01/runtime/restore/error}: 202, recorded as an init error.</li>
 * </ul>
 * Every request is journaled ({@link #requests()}).
 */
public final class RuntimeApiEmulator implements AutoCloseable {

    private static final String PREFIX = "/2018-06-01/runtime";
    private static final Pattern INVOCATION = Pattern.compile(PREFIX + "/invocation/([^/]+)/(response|error)");

    /**
     * What an invocation ended with.
     *
     * @param requestId the request id
     * @param error     whether the runtime posted an error document (else a response)
     * @param errorType the {@code Lambda-Runtime-Function-Error-Type} header of an error, or null
     * @param body      the response, or the error document
     * @param duration  from the runtime receiving the event to its answer (Lambda's Duration)
     */
    public record Outcome(String requestId, boolean error, String errorType, byte[] body, Duration duration) {

        /** The body as JSON. */
        public JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (IOException e) {
                return JsonNodeFactory.instance.textNode(new String(body, StandardCharsets.UTF_8));
            }
        }

        /** The body as text. */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * An error the runtime reported outside an invocation (init or restore).
     *
     * @param path      the endpoint it was posted to
     * @param errorType the {@code Lambda-Runtime-Function-Error-Type} header
     * @param document  the error document
     */
    public record InitError(String path, String errorType, JsonNode document) {
    }

    private record Pending(String requestId, byte[] event, long deadlineMs, String functionArn,
            CompletableFuture<Outcome> outcome) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "runtime-api");
        thread.setDaemon(true);
        return thread;
    });
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Map<String, Pending> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Long> receivedAt = new ConcurrentHashMap<>();
    private final CompletableFuture<Long> initDone = new CompletableFuture<>();
    private final CompletableFuture<Long> restored = new CompletableFuture<>();
    private final CompletableFuture<InitError> initError = new CompletableFuture<>();
    private final List<String> requests = new ArrayList<>();

    private RuntimeApiEmulator() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(threads);
        server.createContext(PREFIX + "/", this::handle);
        server.start();
    }

    /** Starts an emulator on a free loopback port. */
    public static RuntimeApiEmulator start() throws IOException {
        return new RuntimeApiEmulator();
    }

    /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Queues an invocation; the runtime receives it on its next {@code /invocation/next}.
     *
     * @param event       the payload
     * @param functionArn the invoked function's ARN
     * @param timeout     the function's timeout (the deadline header)
     * @return the outcome, completed when the runtime answers
     */
    public CompletableFuture<Outcome> invoke(byte[] event, String functionArn, Duration timeout) {
        Pending pending = new Pending(UUID.randomUUID().toString(), event,
                System.currentTimeMillis() + timeout.toMillis(), functionArn, new CompletableFuture<>());
        inFlight.put(pending.requestId(), pending);
        queue.add(pending);
        return pending.outcome();
    }

    /** Completes with {@link System#nanoTime()} of the runtime's first {@code /invocation/next}. */
    public CompletableFuture<Long> initDone() {
        return initDone;
    }

    /** Completes with {@link System#nanoTime()} of {@code /restore/next} (SnapStart: the hooks ran). */
    public CompletableFuture<Long> restored() {
        return restored;
    }

    /** Completes when the runtime reports an init or restore error. */
    public CompletableFuture<InitError> initError() {
        return initError;
    }

    /** Every request received, as {@code METHOD path}, in order. */
    public synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    private synchronized void journal(HttpExchange exchange) {
        requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
    }

    private void handle(HttpExchange exchange) throws IOException {
        journal(exchange);
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        try (exchange) {
            byte[] body = readAll(exchange.getRequestBody());
            if ("GET".equals(method) && path.equals(PREFIX + "/invocation/next")) {
                next(exchange);
                return;
            }
            if ("GET".equals(method) && path.equals(PREFIX + "/restore/next")) {
                restored.complete(System.nanoTime());
                respond(exchange, 200, new byte[0]);
                return;
            }
            if ("POST".equals(method) && (path.equals(PREFIX + "/init/error")
                    || path.equals(PREFIX + "/restore/error"))) {
                initError.complete(new InitError(path, exchange.getRequestHeaders()
                        .getFirst("Lambda-Runtime-Function-Error-Type"), parse(body)));
                respond(exchange, 202, "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            Matcher invocation = INVOCATION.matcher(path);
            if ("POST".equals(method) && invocation.matches()) {
                Pending pending = inFlight.remove(invocation.group(1));
                Long received = receivedAt.remove(invocation.group(1));
                if (pending == null || received == null) {
                    respond(exchange, 400, ("{\"errorMessage\":\"Invalid request ID\",\"errorType\":"
                            + "\"InvalidRequestID\"}").getBytes(StandardCharsets.UTF_8));
                    return;
                }
                boolean error = "error".equals(invocation.group(2));
                respond(exchange, 202, "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
                pending.outcome().complete(new Outcome(pending.requestId(), error, error
                        ? exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type") : null, body,
                        Duration.ofNanos(System.nanoTime() - received)));
                return;
            }
            respond(exchange, 404, ("{\"errorMessage\":\"Unknown resource " + path + "\"}")
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        initDone.complete(System.nanoTime());
        Pending pending;
        try {
            pending = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        receivedAt.put(pending.requestId(), System.nanoTime());
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", pending.requestId());
        exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", Long.toString(pending.deadlineMs()));
        exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn", pending.functionArn());
        exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id", traceId());
        respond(exchange, 200, pending.event());
    }

    /** An X-Ray trace header as Lambda passes it (not sampled). */
    private static String traceId() {
        String hex = UUID.randomUUID().toString().replace("-", "");
        return "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-" + hex.substring(0, 24)
                + ";Parent=" + hex.substring(16, 32) + ";Sampled=0";
    }

    private static JsonNode parse(byte[] body) {
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            return JsonNodeFactory.instance.textNode(new String(body, StandardCharsets.UTF_8));
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
