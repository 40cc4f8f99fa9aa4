package io.logset.worker.execution;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryableTest {

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 500, 502, 503, 504})
    void temporaryStatusesAreRetried(int status) {
        assertTrue(Retryable.status(status));
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 204, 301, 302, 304, 307, 400, 401, 403, 404, 405, 409, 410, 422, 501, 505})
    void otherStatusesAreFinal(int status) {
        assertFalse(Retryable.status(status));
    }

    @Test
    void refusedConnectionAndTimeoutAreRetried() {
        assertTrue(Retryable.failure(new JobFailure(ErrorType.CONNECTION_REFUSED, "refused")));
        assertTrue(Retryable.failure(new JobFailure(ErrorType.TIMEOUT, "timed out")));
    }

    @Test
    void invalidJobsAndInterruptsAreFinal() {
        assertFalse(Retryable.failure(new JobFailure(ErrorType.INVALID_JOB, "bad")));
        assertFalse(Retryable.failure(new JobFailure(ErrorType.UNKNOWN_MODE, "bad")));
        assertFalse(Retryable.failure(new JobFailure(ErrorType.INTERRUPTED, "stopping")));
        assertFalse(Retryable.failure(new JobFailure(ErrorType.INTERNAL, "bug")));
    }

    @Test
    void connectionErrorsFollowTheirFlag() {
        assertTrue(Retryable.failure(new JobFailure(ErrorType.CONNECTION_ERROR, "reset", true)));
        assertFalse(Retryable.failure(new JobFailure(ErrorType.CONNECTION_ERROR, "unknown host", false)));
    }
}
