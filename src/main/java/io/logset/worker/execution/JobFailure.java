package io.logset.worker.execution;

/** Thrown when a job cannot run or its callback fails; becomes the result's {@code error}. */
public final class JobFailure extends RuntimeException {

    private final ErrorType type;

    public JobFailure(ErrorType type, String message) {
        super(message, null, false, false);
        this.type = type;
    }

    public ErrorType type() {
        return type;
    }
}
