package dev.subsentinel.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium (Debian package {@code chromium}) for the tests that look at a page as a browser renders it. Each
 * run gets a fresh profile directory and the flags that keep it from reaching the network. Without Chromium the test
 * is skipped and listed in {@link MotoExtension#NOT_RUN_REPORT} (which {@code bin/test} counts in its last line); under
 * {@code CI=true} it fails instead ({@code .ci/run} installs Chromium when it is missing).
 */
public final class Chromium {

    /** The flags of every run: headless, no sandbox (root in containers), no GPU, nothing fetched in the background. */
    public static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync");

    /** Names the Debian, Ubuntu and Google packages install the browser under. */
    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");

    /** A hang guard only: a run that has not ended by then has failed (rendering a page takes a few seconds). */
    private static final long LIMIT_SECONDS = 180;

    private final Path executable;
    private final Path work;

    private Chromium(Path executable, Path work) {
        this.executable = executable;
        this.work = work;
    }

    /**
     * The browser on the PATH (or {@code CHROMIUM}), working in {@code work}.
     *
     * @param test the test that needs it, named in the not-run report when it is absent
     */
    public static Chromium require(Path work, String test) {
        Path found = find();
        if (found != null) {
            return new Chromium(found, work);
        }
        String configured = System.getenv("CHROMIUM");
        String reason = configured != null && !configured.isBlank()
                ? "CHROMIUM=" + configured + " is not an executable file"
                : "chromium is not on the PATH (apt-get install chromium, or set CHROMIUM)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but " + reason);
        }
        try {
            Files.writeString(Path.of(MotoExtension.NOT_RUN_REPORT), reason + "\t" + test + System.lineSeparator(),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the report is a courtesy; the skipped test is counted by the build either way
        }
        Assumptions.abort("browser test skipped: " + reason);
        throw new AssertionError("unreachable");
    }

    private static Path find() {
        String configured = System.getenv("CHROMIUM");
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            return Files.isExecutable(path) ? path : null;
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String name : NAMES) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    /** Renders {@code page} in a window of the given size and writes the screenshot (PNG) to {@code png}. */
    public void screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
        Result result = run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
                page.toUri().toString()));
        if (!Files.isRegularFile(png)) {
            throw new AssertionError("chromium wrote no screenshot (exit " + result.code() + "): " + result.err());
        }
    }

    /** The DOM of {@code page} after its scripts ran, serialized. */
    public String dumpDom(Path page) throws IOException, InterruptedException {
        Result result = run(List.of("--dump-dom", page.toUri().toString()));
        if (result.code() != 0) {
            throw new AssertionError("chromium --dump-dom exited " + result.code() + ": " + result.err());
        }
        return result.out();
    }

    private record Result(int code, String out, String err) {
    }

    private Result run(List<String> arguments) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(work, "chromium-profile");
        Path out = Files.createTempFile(work, "chromium", ".out");
        Path err = Files.createTempFile(work, "chromium", ".err");
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(FLAGS);
        command.add("--user-data-dir=" + profile.toAbsolutePath());
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .start();
        if (!process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
            throw new AssertionError("chromium did not end within " + LIMIT_SECONDS + " s: " + command);
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
