package io.logset.worker.execution;

import java.time.Duration;

/**
 * How running one job went: either a response or a failure, never both.
 *
 * @param response the target's answer; {@code null} when the job failed
 * @param failure  why the job failed; {@code null} when a response arrived
 * @param attempts callbacks sent for the job, {@code 0} when it failed before sending
 * @param duration time spent running the job, from start to response or failure
 */
public record Execution(CallbackResponse response, JobFailure failure, int attempts, Duration duration) {

    public boolean failed() {
        return failure != null;
    }
}
