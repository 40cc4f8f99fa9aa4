package io.logset.worker.execution;

import java.time.Duration;

/**
 * How running one job went: either a response or a failure, never both.
 *
 * @param response   the target's response; {@code null} when the job failed
 * @param failure    why the job failed; {@code null} when a response arrived
 * @param attempts   callbacks sent for the job, {@code 0} when it failed before sending
 * @param duration   time spent running the job, from start to response or failure
 * @param retryable  whether the outcome was a retryable status or failure, whether or not attempts remain
 * @param retryDelay wait before the next attempt when the retry policy allows one; {@code null} when this outcome
 *                   is final
 */
public record Execution(CallbackResponse response, JobFailure failure, int attempts, Duration duration,
                        boolean retryable, Duration retryDelay) {

    /** A final outcome that no retry follows. */
    public Execution(CallbackResponse response, JobFailure failure, int attempts, Duration duration) {
        this(response, failure, attempts, duration, false, null);
    }

    public boolean failed() {
        return failure != null;
    }

    /** Whether the retry policy requests another attempt after {@link #retryDelay()}. */
    public boolean retryWanted() {
        return retryDelay != null;
    }

    /** Whether the outcome was retryable but the attempts ran out. */
    public boolean retriesExhausted() {
        return retryable && retryDelay == null;
    }

    /** Returns a copy with {@code total} as its duration, for an outcome that took several attempts. */
    Execution withDuration(Duration total) {
        return new Execution(response, failure, attempts, total, retryable, retryDelay);
    }

    /** Describes the outcome in a few words for a log line: the status or the failure. */
    public String summary() {
        return failed() ? failure.type().label() + ": " + failure.getMessage() : "HTTP " + response.status();
    }
}
