package dev.subsentinel.event;

/** Who reported a resource change. */
public enum ChangeOrigin {
    /** An {@code AWS API Call via CloudTrail} event: the API call that made the change. */
    CLOUDTRAIL,
    /** A {@code Config Configuration Item Change} event: AWS Config recorded the new state. */
    CONFIG
}
