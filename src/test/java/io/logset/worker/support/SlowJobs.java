package io.logset.worker.support;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Numbered jobs whose callback targets respond after a delay, for fault tests: job {@code i} of key {@code k} calls
 * {@code /slow/<ms>/<k>-<i>} and has index {@code i}, so requests and results can be matched to jobs.
 */
public final class SlowJobs {

    private SlowJobs() {
    }

    /** Publishes {@code count} jobs with plain core publishes, as existing producers do, and flushes. */
    public static void publish(Connection client, String key, int count, CallbackTarget target, int millis) {
        for (int i = 0; i < count; i++) {
            publishOne(client, key, i, target, millis);
        }
        try {
            client.flush(Duration.ofSeconds(10));
        } catch (Exception e) {
            throw new IllegalStateException("flushing " + count + " jobs failed", e);
        }
    }

    public static void publishOne(Connection client, String key, int index, CallbackTarget target, int millis) {
        String url = target.url("/slow/" + millis + "/" + key + "-" + index);
        client.publish("jobs." + key, JobBytes.msgpack(JobBytes.job(key, index, "HTTP",
                JobBytes.httpOption("GET", url, null, null))));
    }

    /** Callbacks of {@code key}'s jobs, by path, one path per job. */
    public static Map<String, List<CallbackTarget.Request>> requestsByJob(CallbackTarget target, String key) {
        return target.requests(r -> r.path().contains("/" + key + "-")).stream()
                .collect(Collectors.groupingBy(CallbackTarget.Request::path));
    }

    /** Indexes of the stored results of {@code key}, failing on a result stored twice. */
    public static Set<Long> resultIndexes(List<Map<String, Object>> results) {
        List<Long> indexes = results.stream().map(r -> (Long) ResultReader.metadata(r).get("index")).toList();
        Set<Long> unique = Set.copyOf(indexes);
        if (unique.size() != indexes.size()) {
            throw new AssertionError(indexes.size() - unique.size() + " results stored twice");
        }
        return unique;
    }

    /** Messages left in the job stream. */
    public static long jobsInStream(Connection client, String stream) {
        try {
            JetStreamManagement jsm = client.jetStreamManagement();
            return jsm.getStreamInfo(stream).getStreamState().getMsgCount();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JetStreamApiException e) {
            throw new IllegalStateException(e);
        }
    }
}
