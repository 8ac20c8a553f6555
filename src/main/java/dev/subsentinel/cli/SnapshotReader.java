package dev.subsentinel.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.subsentinel.config.Json;
import dev.subsentinel.core.model.FleetSnapshot;
import dev.subsentinel.core.model.InvalidFieldException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a snapshot file, strictly: the Sentinel writes snapshots itself, so an unknown field (a misspelt
 * {@code ingres}), a misspelt value of a closed vocabulary ({@code runnning}, {@code alow}), or a value of the wrong
 * type is an error, never ignored or coerced into a different verdict. Every problem becomes a {@link UsageException}
 * whose one-line message names the file and, for bad content, the field as a JSON path such as
 * {@code instances[3].networkInterfaces[0].privateIp}.
 */
public final class SnapshotReader {

    private SnapshotReader() {
    }

    /** Reads and validates the snapshot in {@code file}. */
    public static FleetSnapshot read(Path file) {
        if (!Files.exists(file)) {
            throw new UsageException(file + ": no such file");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new UsageException(file + ": not a readable file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            if (blank(file)) {
                throw new UsageException(file + ": empty file, expected a snapshot object");
            }
            FleetSnapshot snapshot = Json.strict().readValue(in, FleetSnapshot.class);
            if (snapshot == null) {
                throw new UsageException(file + ": empty document, expected a snapshot object");
            }
            return snapshot;
        } catch (NoSuchFileException e) {
            throw new UsageException(file + ": no such file");
        } catch (JsonProcessingException e) {
            throw new UsageException(file + ": " + describe(e));
        } catch (IOException e) {
            throw new UsageException(file + ": cannot be read: " + e.getMessage());
        }
    }

    /** One line naming the field and what is wrong with it. */
    public static String describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            String path = path(unknown);
            return path + ": unknown field" + (unknown.getKnownPropertyIds() == null ? ""
                    : " (expected one of " + String.join(", ", unknown.getKnownPropertyIds().stream()
                            .map(String::valueOf).sorted().toList()) + ")");
        }
        if (e instanceof JsonMappingException mapping) {
            String path = path(mapping);
            String prefix = path.isEmpty() ? "" : path + ".";
            String missing = missingField(mapping);
            if (missing != null) {
                return prefix + missing + ": missing required field";
            }
            if (mapping.getCause() instanceof InvalidFieldException invalid) {
                return prefix + invalid.field() + ": " + invalid.problem();
            }
            if (String.valueOf(mapping.getOriginalMessage()).startsWith("Trailing token")) {
                return "content after the end of the snapshot" + where(e.getLocation());
            }
            if (!path.isEmpty()) {
                return path + ": " + problem(mapping);
            }
            if (e instanceof MismatchedInputException mismatch) {
                return problem(mismatch);
            }
        }
        return "invalid JSON" + where(e.getLocation()) + ": " + e.getOriginalMessage();
    }

    /** Whether the file holds nothing but whitespace. */
    private static boolean blank(Path file) throws IOException {
        for (byte b : Files.readAllBytes(file)) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    private static String where(JsonLocation location) {
        return location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** The field a record constructor found missing (it throws a NullPointerException naming it), or null. */
    private static String missingField(JsonMappingException e) {
        if (!(e instanceof ValueInstantiationException)) {
            return null;
        }
        Throwable cause = e.getCause();
        if (cause instanceof NullPointerException && cause.getMessage() != null
                && cause.getMessage().matches("[A-Za-z0-9]+")) {
            return cause.getMessage();
        }
        return null;
    }

    private static String problem(JsonMappingException e) {
        if (e instanceof ValueInstantiationException) {
            Throwable cause = e.getCause();
            String message = cause == null ? null : cause.getMessage();
            return message != null ? message : "invalid value";
        }
        if (e instanceof InvalidFormatException format) {
            return "invalid value " + format.getValue() + ", expected " + simpleType(format.getTargetType());
        }
        if (e instanceof MismatchedInputException mismatch) {
            Class<?> target = mismatch.getTargetType();
            if (target == null) {
                return mismatch.getOriginalMessage();
            }
            return "wrong type, expected " + simpleType(target);
        }
        return e.getOriginalMessage();
    }

    private static String simpleType(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (java.util.Map.class.isAssignableFrom(type)) {
            return "an object";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == java.time.Instant.class) {
            return "an ISO-8601 time such as 2026-11-26T12:00:00Z";
        }
        if (type.isRecord()) {
            return "an object";
        }
        return "a " + type.getSimpleName();
    }

    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                out.append('[').append(reference.getIndex()).append(']');
            }
        }
        return out.toString();
    }
}
