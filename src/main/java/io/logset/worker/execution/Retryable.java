package io.logset.worker.execution;

import java.util.Set;

/**
 * Decides which callback outcomes are worth another attempt: refused or reset connections, timeouts, and the
 * statuses that mean "try again later" (408, 429, 500, 502, 503, 504). Every other status is final, including
 * other 4xx (the request itself is wrong), 410 (gone for good) and 3xx (redirects are not followed), and so is
 * an invalid job.
 */
public final class Retryable {

    static final Set<Integer> STATUSES = Set.of(408, 429, 500, 502, 503, 504);

    private Retryable() {
    }

    public static boolean status(int status) {
        return STATUSES.contains(status);
    }

    public static boolean failure(JobFailure failure) {
        return failure.retryable();
    }
}
