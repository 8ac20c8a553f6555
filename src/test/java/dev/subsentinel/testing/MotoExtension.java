package dev.subsentinel.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs integration tests against moto server, an independent AWS emulator. The endpoint comes from the system
 * property {@code moto.endpoint} (set by {@code .ci/run}, which starts and stops moto itself); otherwise the extension
 * starts {@code moto_server} on a free loopback port for the whole test run and stops it at exit. Without moto every
 * test is skipped (so the build's summary counts them) and listed in {@value #NOT_RUN_REPORT} with the reason, which
 * {@code bin/test} reports in its last line; under {@code CI=true} they fail instead.
 *
 * <p>moto is reset ({@code POST /moto-api/reset}) before every test. Tests receive the endpoint as a
 * {@link MotoServer} parameter.
 */
public final class MotoExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    /** Where the integration tests that did not run are listed, one line each: reason, a tab, the test. */
    public static final String NOT_RUN_REPORT = "target/integration-tests-not-run.txt";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static MotoServer server;
    private static String unavailable;

    @Override
    public void beforeAll(ExtensionContext context) {
        MotoServer moto = server();
        if (moto == null && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but moto is unavailable: " + unavailable);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        MotoServer moto = server();
        if (moto == null) {
            notRun(context);
            Assumptions.abort("integration test skipped: " + unavailable);
        }
        moto.reset();
    }

    /** Whether moto is there (the tests run). */
    public static boolean available() {
        return server() != null;
    }

    private static synchronized void notRun(ExtensionContext context) {
        try {
            Files.writeString(Path.of(NOT_RUN_REPORT), unavailable + "\t" + context.getRequiredTestClass().getName()
                    + "#" + context.getDisplayName() + System.lineSeparator(), java.nio.charset.StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the report is a courtesy; the skipped test is counted by the build either way
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == MotoServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server();
    }

    private static synchronized MotoServer server() {
        if (server != null || unavailable != null) {
            return server;
        }
        String configured = System.getProperty("moto.endpoint", "");
        if (!configured.isBlank()) {
            URI endpoint = URI.create(configured.trim());
            if (!ready(endpoint)) {
                unavailable = "moto.endpoint=" + configured + " does not answer";
                return null;
            }
            server = new MotoServer(endpoint, HTTP);
            return server;
        }
        Path executable = onPath("moto_server");
        if (executable == null) {
            unavailable = "moto_server is not on the PATH (pip install 'moto[server]'), and -Dmoto.endpoint is not"
                    + " set";
            return null;
        }
        try {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            Path log = Files.createTempFile("moto-server", ".log");
            Process process = new ProcessBuilder(executable.toString(), "-H", "127.0.0.1", "-p",
                    Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!ready(endpoint)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroy();
                    unavailable = "moto_server did not start (see " + log + ")";
                    return null;
                }
                Thread.sleep(200);
            }
            server = new MotoServer(endpoint, HTTP);
            return server;
        } catch (IOException e) {
            unavailable = "moto_server could not be started: " + e;
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unavailable = "interrupted while starting moto_server";
            return null;
        }
    }

    private static boolean ready(URI endpoint) {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
