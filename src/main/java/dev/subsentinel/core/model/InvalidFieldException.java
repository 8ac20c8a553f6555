package dev.subsentinel.core.model;

/**
 * A snapshot field holds a value it may not: a misspelt state, a protocol that is none, a port out of range. Names the
 * field, so a reader can put the JSON path in front of it ({@code instances[3].state: 'runnning' is not one of ...}).
 */
public final class InvalidFieldException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The record component at fault, e.g. {@code state}. */
    private final String field;
    /** What is wrong with its value, without the field's name. */
    private final String problem;

    /** A problem with one field. */
    public InvalidFieldException(String field, String problem) {
        super(field + " " + problem);
        this.field = field;
        this.problem = problem;
    }

    /** A problem with one field, with its cause. */
    public InvalidFieldException(String field, String problem, Throwable cause) {
        super(field + " " + problem, cause);
        this.field = field;
        this.problem = problem;
    }

    /** The record component at fault. */
    public String field() {
        return field;
    }

    /** What is wrong with its value, e.g. {@code is 'runnning', not one of pending, running, ...}. */
    public String problem() {
        return problem;
    }
}
