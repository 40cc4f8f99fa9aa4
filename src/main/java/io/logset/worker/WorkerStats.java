package io.logset.worker;

import io.logset.worker.results.JobResult;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts finished jobs by outcome, for the shutdown summary and tests.
 *
 * <p>Thread-safe.
 */
final class WorkerStats {

    private final LongAdder succeeded = new LongAdder();
    private final Map<String, LongAdder> failedByType = new ConcurrentHashMap<>();

    void record(JobResult result) {
        if (result.failed()) {
            failedByType.computeIfAbsent(result.error().type(), type -> new LongAdder()).increment();
        } else {
            succeeded.increment();
        }
    }

    long succeeded() {
        return succeeded.sum();
    }

    /** Failed jobs by error type, sorted by type. */
    Map<String, Long> failed() {
        Map<String, Long> counts = new TreeMap<>();
        failedByType.forEach((type, count) -> counts.put(type, count.sum()));
        return counts;
    }
}
