package io.logset.worker.support;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamInfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads results from the result stream the way a collector would see them, without consuming them: by
 * sequence number, so no consumer competes with the test's own.
 */
public final class ResultReader {

    public static final String STREAM = "COLLECT_logset_jobs";

    private final JetStreamManagement jsm;
    private final String stream;

    public ResultReader(Connection connection) {
        this(connection, STREAM);
    }

    public ResultReader(Connection connection, String stream) {
        try {
            this.jsm = connection.jetStreamManagement();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.stream = stream;
    }

    /** Returns every stored result, in stream order, as raw bytes. */
    public List<byte[]> rawResults() {
        try {
            StreamInfo info = jsm.getStreamInfo(stream);
            long first = info.getStreamState().getFirstSequence();
            long last = info.getStreamState().getLastSequence();
            List<byte[]> results = new ArrayList<>();
            for (long seq = first; seq <= last && info.getStreamState().getMsgCount() > 0; seq++) {
                try {
                    MessageInfo message = jsm.getMessage(stream, seq);
                    results.add(message.getData());
                } catch (JetStreamApiException deleted) {
                    // A gap left by a deleted message.
                }
            }
            return results;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JetStreamApiException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<Map<String, Object>> results() {
        return rawResults().stream().map(Msgpack::decodeMap).toList();
    }

    /** Results whose {@code data.metadata.key} is {@code key}. */
    public List<Map<String, Object>> results(String key) {
        return results().stream().filter(byKey(key)).toList();
    }

    /** Waits until at least {@code count} results have {@code key}, or the timeout passes. */
    public List<Map<String, Object>> await(String key, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Map<String, Object>> found = List.of();
        while (System.nanoTime() < deadline) {
            found = results(key);
            if (found.size() >= count) {
                return found;
            }
            Thread.sleep(50);
        }
        return found;
    }

    /** Waits until at least {@code count} results came from jobs on {@code subject}, or the timeout passes. */
    public List<Map<String, Object>> awaitSubject(String subject, int count, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Map<String, Object>> found = List.of();
        while (System.nanoTime() < deadline) {
            found = results().stream().filter(r -> subject.equals(data(r).get("subject"))).toList();
            if (found.size() >= count) {
                return found;
            }
            Thread.sleep(50);
        }
        return found;
    }

    public long count() {
        try {
            return jsm.getStreamInfo(stream).getStreamState().getMsgCount();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JetStreamApiException e) {
            throw new IllegalStateException(e);
        }
    }

    public void purge() {
        try {
            jsm.purgeStream(stream);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JetStreamApiException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> data(Map<String, Object> result) {
        return (Map<String, Object>) result.get("data");
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> metadata(Map<String, Object> result) {
        return (Map<String, Object>) data(result).get("metadata");
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> response(Map<String, Object> result) {
        return (Map<String, Object>) data(result).get("response");
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> error(Map<String, Object> result) {
        return (Map<String, Object>) data(result).get("error");
    }

    private static Predicate<Map<String, Object>> byKey(String key) {
        return result -> key.equals(metadata(result).get("key"));
    }
}
