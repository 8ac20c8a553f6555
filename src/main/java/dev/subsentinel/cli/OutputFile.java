package dev.subsentinel.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file a command writes ({@code --out}, {@code --write-snapshot}): checked before the work starts, so that a typo in
 * the directory does not cost a whole collection, and every problem is one line naming the option and the file.
 */
final class OutputFile {

    private OutputFile() {
    }

    /**
     * Checks that {@code file} can be written.
     *
     * @param option the option that named it
     * @throws UsageException when its directory does not exist or cannot be written, or it is not a writable file
     */
    static void check(Path file, String option) {
        Path absolute = file.toAbsolutePath();
        Path directory = absolute.getParent();
        if (Files.isDirectory(absolute)) {
            throw new UsageException(option + " " + file + ": is a directory, not a file");
        }
        if (directory == null || !Files.isDirectory(directory)) {
            throw new UsageException(option + " " + file + ": directory " + directory + " does not exist");
        }
        if (Files.exists(absolute) ? !Files.isWritable(absolute) : !Files.isWritable(directory)) {
            throw new UsageException(option + " " + file + ": not writable"
                    + (Files.exists(absolute) ? "" : " (no permission to create files in " + directory + ")"));
        }
    }

    /**
     * Writes {@code content} to {@code file}.
     *
     * @throws UsageException naming the option and the file when it cannot be written
     */
    static void write(Path file, String content, String option) {
        check(file, option);
        try {
            Files.writeString(file, content);
        } catch (AccessDeniedException e) {
            throw new UsageException(option + " " + file + ": not writable");
        } catch (IOException e) {
            throw new UsageException(option + " " + file + ": cannot be written: " + Errors.oneLine(
                    e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
        }
    }
}
