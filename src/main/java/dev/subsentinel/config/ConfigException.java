package dev.subsentinel.config;

/** A setting is missing or malformed; the message names the variable or option. */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A configuration error with a message that names the setting. */
    public ConfigException(String message) {
        super(message);
    }
}
