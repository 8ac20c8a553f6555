package dev.subsentinel.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.subsentinel.config.Json;
import dev.subsentinel.core.model.FleetSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a snapshot file. Every problem becomes a {@link UsageException} whose one-line message names the file and,
 * for bad content, the field (as a path such as {@code instances[3].networkInterfaces[0].privateIp}).
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
            FleetSnapshot snapshot = Json.mapper().readValue(in, FleetSnapshot.class);
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
    static String describe(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String path = path(mapping);
            String missing = missingField(mapping);
            if (missing != null) {
                return path + "." + missing + ": missing required field";
            }
            return path + ": " + problem(mapping);
        }
        if (e instanceof MismatchedInputException mismatch) {
            return problem(mismatch);
        }
        JsonLocation location = e.getLocation();
        String where = location == null ? "" : " at line " + location.getLineNr() + ", column "
                + location.getColumnNr();
        return "invalid JSON" + where + ": " + e.getOriginalMessage();
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
