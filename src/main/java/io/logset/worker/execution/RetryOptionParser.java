package io.logset.worker.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.logset.worker.intake.JobDecoder;

import java.time.Duration;
import java.util.Iterator;
import java.util.Set;

/**
 * Reads a job's own retry policy from {@code option.retry = {max_attempts, initial_delay_ms, max_delay_ms}}.
 * Each field is optional and falls back to the worker's policy; a present field must be a whole number in range.
 */
final class RetryOptionParser {

    static final Set<String> FIELDS = Set.of("max_attempts", "initial_delay_ms", "max_delay_ms");
    /** Maximum delay a job may request, one hour, as for the worker's own duration settings. */
    static final long MAX_DELAY_MILLIS = Duration.ofHours(1).toMillis();

    private RetryOptionParser() {
    }

    /**
     * Returns the job's policy, or {@code defaults} when the job sets none.
     *
     * @throws JobFailure of type {@link ErrorType#INVALID_JOB} naming the field and the accepted range
     */
    static RetryPolicy parse(JsonNode option, RetryPolicy defaults) {
        JsonNode retry = option.path("retry");
        if (retry.isMissingNode() || retry.isNull()) {
            return defaults;
        }
        if (!retry.isObject()) {
            throw invalid("option.retry is " + JobDecoder.typeName(retry) + ": it must be a map {max_attempts,"
                    + " initial_delay_ms, max_delay_ms}");
        }
        for (Iterator<String> names = retry.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw invalid("option.retry." + HttpOptionParser.printable(name) + " is unknown: use max_attempts,"
                        + " initial_delay_ms and max_delay_ms");
            }
        }

        int maxAttempts = (int) number(retry, "max_attempts", defaults.maxAttempts(), 1,
                RetryPolicy.MAX_ATTEMPTS_LIMIT);
        long initial = number(retry, "initial_delay_ms", defaults.initialDelay().toMillis(), 0, MAX_DELAY_MILLIS);
        long max = number(retry, "max_delay_ms", Math.max(initial, defaults.maxDelay().toMillis()), 0,
                MAX_DELAY_MILLIS);
        if (initial > max) {
            throw invalid("option.retry.initial_delay_ms (" + initial + ") is above max_delay_ms (" + max
                    + "): make it smaller or equal");
        }
        return new RetryPolicy(maxAttempts, Duration.ofMillis(initial), Duration.ofMillis(max));
    }

    private static long number(JsonNode retry, String field, long defaultValue, long min, long max) {
        JsonNode node = retry.get(field);
        if (node == null || node.isNull()) {
            return defaultValue;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < min
                || node.longValue() > max) {
            throw invalid("option.retry." + field + " is " + describe(node) + ": it must be a whole number from "
                    + min + " to " + max);
        }
        return node.longValue();
    }

    private static String describe(JsonNode node) {
        return node.isIntegralNumber() ? node.asText() : JobDecoder.typeName(node);
    }

    private static JobFailure invalid(String message) {
        return new JobFailure(ErrorType.INVALID_JOB, message);
    }
}
