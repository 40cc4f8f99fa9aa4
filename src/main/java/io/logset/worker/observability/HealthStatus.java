package io.logset.worker.observability;

/**
 * The outcome of a health check: healthy, or not with a short reason for the operator.
 *
 * @param healthy whether the check passed
 * @param reason  one line for the probe's response body, such as {@code NATS disconnected}
 */
public record HealthStatus(boolean healthy, String reason) {

    static final HealthStatus OK = new HealthStatus(true, "ok");

    static HealthStatus failing(String reason) {
        return new HealthStatus(false, reason);
    }
}
