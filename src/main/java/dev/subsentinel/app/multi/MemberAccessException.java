package dev.subsentinel.app.multi;

/**
 * The read-only member role of a target account could not be assumed (not deployed there, a trust policy that does
 * not name this deployment, a wrong external id, STS unreachable): nothing of that account can be read. Its targets
 * are reported as failed; the others still run.
 */
public final class MemberAccessException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final transient Target target;

    MemberAccessException(Target target, String message) {
        super(message);
        this.target = target;
    }

    /** The target that could not be reached. */
    public Target target() {
        return target;
    }
}
