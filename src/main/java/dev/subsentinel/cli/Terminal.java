package dev.subsentinel.cli;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the CLI knows about where its output goes: whether standard output and standard error are terminals, and how
 * wide the terminal is. Tables fit the width, verdicts are coloured only on a terminal, progress is shown only when
 * standard error is one.
 *
 * @param stdoutTerminal whether standard output is a terminal
 * @param stderrTerminal whether standard error is a terminal
 * @param columns        the terminal's width as the terminal reports it, or 0 when unknown
 */
public record Terminal(boolean stdoutTerminal, boolean stderrTerminal, int columns) {

    /** Output to pipes or files: no colour, no progress, the width from {@code COLUMNS} or {@value #FLOOR}. */
    public static final Terminal PIPES = new Terminal(false, false, 0);

    /** The width when nothing says otherwise. */
    public static final int FLOOR = 80;

    /**
     * The process's streams. On Linux each stream's file descriptor says whether it is a terminal; elsewhere the
     * console stands for standard output and standard error is taken to be a terminal only when it is too. The width
     * comes from {@code stty} when standard output is a terminal (the shell does not export {@code COLUMNS}).
     */
    public static Terminal detect() {
        Boolean out = linuxTerminal(1);
        Boolean err = linuxTerminal(2);
        boolean console = consoleIsTerminal();
        boolean stdout = out != null ? out : console;
        boolean stderr = err != null ? err : console;
        return new Terminal(stdout, stderr, stdout ? sttyColumns() : 0);
    }

    /**
     * The width to fit: {@code COLUMNS} when set, else the terminal's, else {@value #FLOOR}.
     *
     * @throws UsageException when {@code COLUMNS} is not a positive whole number
     */
    public int width(Map<String, String> environment) {
        String value = environment.get("COLUMNS");
        if (value != null && !value.isBlank()) {
            try {
                int columns = Integer.parseInt(value.strip());
                if (columns > 0) {
                    return columns;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new UsageException("COLUMNS must be a positive whole number (the terminal's width), was '"
                    + value + "'");
        }
        return columns > 0 ? columns : FLOOR;
    }

    /** Whether to colour verdicts: standard output is a terminal, {@code NO_COLOR} is unset, the terminal not dumb. */
    public boolean colour(Map<String, String> environment) {
        String noColor = environment.get("NO_COLOR");
        return stdoutTerminal && (noColor == null || noColor.isEmpty())
                && !"dumb".equals(environment.get("TERM"));
    }

    /** Whether file descriptor {@code fd} is a terminal, or null when the platform cannot tell. */
    private static Boolean linuxTerminal(int fd) {
        Path link = Path.of("/proc/self/fd/" + fd);
        try {
            String target = Files.readSymbolicLink(link).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }

    /** Whether the console is a terminal: {@code Console.isTerminal()} from Java 22, else whether there is one. */
    private static boolean consoleIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** The terminal's columns from {@code stty size} on the controlling terminal, or 0. */
    private static int sttyColumns() {
        Path tty = Path.of("/dev/tty");
        if (!Files.isReadable(tty)) {
            return 0;
        }
        try {
            Process stty = new ProcessBuilder("stty", "size").redirectInput(tty.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String answer;
            try (InputStream in = stty.getInputStream()) {
                answer = new String(in.readNBytes(64), StandardCharsets.US_ASCII).strip();
            }
            if (!stty.waitFor(2, TimeUnit.SECONDS) || stty.exitValue() != 0) {
                stty.destroy();
                return 0;
            }
            String[] rowsColumns = answer.split("\\s+");
            return rowsColumns.length == 2 ? Integer.parseInt(rowsColumns[1]) : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
