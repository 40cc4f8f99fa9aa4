package io.logset.worker.execution;

/**
 * Thrown when a job cannot run or its callback fails; becomes the result's {@code error}. A failure is
 * retryable when the same callback may succeed later, such as a refused connection or a timeout.
 */
public final class JobFailure extends RuntimeException {

    private final ErrorType type;
    private final boolean sentNothing;
    private final boolean retryable;

    /** A failure that is retryable when its type is a refused connection or a timeout. */
    public JobFailure(ErrorType type, String message) {
        this(type, message, type == ErrorType.CONNECTION_REFUSED || type == ErrorType.TIMEOUT);
    }

    public JobFailure(ErrorType type, String message, boolean retryable) {
        this(type, message, false, retryable);
    }

    private JobFailure(ErrorType type, String message, boolean sentNothing, boolean retryable) {
        super(message, null, false, false);
        this.type = type;
        this.sentNothing = sentNothing;
        this.retryable = retryable;
    }

    public ErrorType type() {
        return type;
    }

    /** Returns this failure marked as happening before any request of the callback was sent. */
    JobFailure beforeSending() {
        return new JobFailure(type, getMessage(), true, retryable);
    }

    /** Returns whether the failure happened before the first request was sent, as for a denied destination. */
    public boolean sentNothing() {
        return sentNothing;
    }

    /** Whether the same callback may succeed when sent again later. */
    public boolean retryable() {
        return retryable;
    }
}
