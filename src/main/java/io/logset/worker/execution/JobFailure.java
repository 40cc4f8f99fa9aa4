package io.logset.worker.execution;

/** Thrown when a job cannot run or its callback fails; becomes the result's {@code error}. */
public final class JobFailure extends RuntimeException {

    private final ErrorType type;
    private final boolean sentNothing;

    public JobFailure(ErrorType type, String message) {
        this(type, message, false);
    }

    private JobFailure(ErrorType type, String message, boolean sentNothing) {
        super(message, null, false, false);
        this.type = type;
        this.sentNothing = sentNothing;
    }

    public ErrorType type() {
        return type;
    }

    /** Returns this failure marked as happening before any request of the callback was sent. */
    JobFailure beforeSending() {
        return new JobFailure(type, getMessage(), true);
    }

    /** Returns whether the failure happened before the first request was sent, as for a denied destination. */
    public boolean sentNothing() {
        return sentNothing;
    }
}
