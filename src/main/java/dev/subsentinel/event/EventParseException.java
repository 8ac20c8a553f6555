package dev.subsentinel.event;

/** The input is not an event the Sentinel can read; the message names the field at fault. */
public final class EventParseException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The JSON path of the field at fault, e.g. {@code detail.eventName}. */
    private final String field;

    /** An error about one field. */
    public EventParseException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** An error about one field, with its cause. */
    public EventParseException(String field, String message, Throwable cause) {
        super(field + ": " + message, cause);
        this.field = field;
    }

    /** The JSON path of the field at fault, e.g. {@code detail.eventName}, or {@code $} for the whole input. */
    public String field() {
        return field;
    }
}
