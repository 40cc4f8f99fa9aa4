package io.logset.worker.execution;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When to retry a callback and how long to wait first: at most {@code maxAttempts} callbacks per job, with
 * exponential backoff and equal jitter between them. The wait before attempt {@code n + 1} is drawn uniformly
 * from {@code [b/2, b]} where {@code b = min(maxDelay, initialDelay * 2^(n-1))}, so retries of many jobs that
 * failed together spread out but never come sooner than half the backoff. A {@code Retry-After} from the target
 * raises the wait, but never above {@code maxDelay}.
 *
 * @param maxAttempts  callbacks per job, the first included; at least 1
 * @param initialDelay backoff after the first failed attempt, before jitter
 * @param maxDelay     upper bound of every wait, {@code Retry-After} included
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay) {

    /** Highest attempt count a policy accepts, so a bad setting cannot keep a job busy for days. */
    public static final int MAX_ATTEMPTS_LIMIT = 100;

    public RetryPolicy {
        if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS_LIMIT) {
            throw new IllegalArgumentException("maxAttempts must be from 1 to " + MAX_ATTEMPTS_LIMIT + ", not "
                    + maxAttempts);
        }
        if (initialDelay.isNegative() || maxDelay.isNegative() || initialDelay.compareTo(maxDelay) > 0) {
            throw new IllegalArgumentException("delays must satisfy 0 <= initialDelay (" + initialDelay.toMillis()
                    + " ms) <= maxDelay (" + maxDelay.toMillis() + " ms)");
        }
    }

    /** Whether another attempt may follow attempt number {@code attempt} (1-based). */
    public boolean allowsAttemptAfter(int attempt) {
        return attempt < maxAttempts;
    }

    /**
     * Computes the wait before the attempt that follows failed attempt number {@code attempt} (1-based).
     *
     * @param retryAfter the target's {@code Retry-After}, or {@code null}; used as a floor under {@code maxDelay}
     */
    public Duration delayAfter(int attempt, Duration retryAfter, RandomGenerator random) {
        long capMillis = maxDelay.toMillis();
        long backoff = initialDelay.toMillis();
        // Doubling stops at the cap, so a large attempt number cannot overflow.
        for (int i = 1; i < attempt && backoff < capMillis; i++) {
            backoff *= 2;
        }
        backoff = Math.min(backoff, capMillis);

        long half = backoff / 2;
        long jittered = half + (backoff > half ? random.nextLong(backoff - half + 1) : 0);
        if (retryAfter != null) {
            jittered = Math.max(jittered, retryAfter.toMillis());
        }
        return Duration.ofMillis(Math.min(jittered, capMillis));
    }
}
