package io.logset.worker.results;

import io.logset.worker.config.WorkerConfig;
import io.logset.worker.wire.Codecs;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Makes sure the collector's layout exists: the KV bucket {@code collector} with the log set's entry, and the
 * work-queue stream {@code COLLECT_<logset>} on {@code collects.<logset>}. What is missing is created; what
 * exists is accepted when it matches, so many replicas can start at once.
 * NOTE: the collector reads these names; keep them as they are.
 */
public final class ResultStream {

    private static final Logger log = LoggerFactory.getLogger(ResultStream.class);

    public static final String KV_BUCKET = "collector";

    /** JetStream API error: a stream or bucket of that name exists with another configuration. */
    private static final int STREAM_NAME_IN_USE = 10058;
    /** JetStream API error: the KV key exists already, so {@code create} did not write it. */
    private static final int WRONG_LAST_SEQUENCE = 10071;
    private static final int STREAM_NOT_FOUND = 10059;

    private ResultStream() {
    }

    /**
     * Creates or checks the bucket, its entry and the stream.
     *
     * @throws IllegalStateException when an existing stream of that name has another subject or retention, which
     *                               the worker will not change because the collector owns it
     */
    public static void ensure(Connection connection, WorkerConfig config) throws IOException, JetStreamApiException {
        ensureBucketEntry(connection, config);
        ensureStream(connection.jetStreamManagement(), config);
    }

    private static void ensureBucketEntry(Connection connection, WorkerConfig config)
            throws IOException, JetStreamApiException {
        KeyValueManagement kvm = connection.keyValueManagement();
        try {
            kvm.create(KeyValueConfiguration.builder()
                    .name(KV_BUCKET)
                    .storageType(StorageType.File)
                    .replicas(config.resultStreamReplicas())
                    .build());
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NAME_IN_USE) {
                throw e;
            }
            log.debug("KV bucket {} exists with other settings; using it as it is", KV_BUCKET);
        }

        KeyValue bucket = connection.keyValue(KV_BUCKET);
        try {
            bucket.create(config.resultLogset(), logsetEntry(config.resultLogset(), ""));
            log.info("KV entry {}/{} created", KV_BUCKET, config.resultLogset());
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != WRONG_LAST_SEQUENCE) {
                throw e;
            }
            log.debug("KV entry {}/{} exists", KV_BUCKET, config.resultLogset());
        }
    }

    /** Encodes the KV value the collector reads: the MessagePack map {@code {key, description}}. */
    public static byte[] logsetEntry(String logset, String description) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("key", logset);
        entry.put("description", description);
        try {
            return Codecs.MSGPACK.writeValueAsBytes(entry);
        } catch (IOException e) {
            throw new IllegalStateException("encoding the KV entry failed", e);
        }
    }

    private static void ensureStream(JetStreamManagement jsm, WorkerConfig config)
            throws IOException, JetStreamApiException {
        StreamConfiguration wanted = StreamConfiguration.builder()
                .name(config.resultStream())
                .subjects(config.resultSubject())
                .retentionPolicy(RetentionPolicy.WorkQueue)
                .storageType(StorageType.File)
                .replicas(config.resultStreamReplicas())
                .build();
        try {
            jsm.addStream(wanted);
            log.info("result stream {} ready on subject {}", config.resultStream(), config.resultSubject());
            return;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NAME_IN_USE) {
                throw e;
            }
        }

        StreamInfo existing;
        try {
            existing = jsm.getStreamInfo(config.resultStream());
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == STREAM_NOT_FOUND) {
                throw new IllegalStateException("result stream " + config.resultStream() + " was reported as"
                        + " existing and then not found; start the worker again", e);
            }
            throw e;
        }
        StreamConfiguration actual = existing.getConfiguration();
        if (!actual.getSubjects().contains(config.resultSubject())
                || actual.getRetentionPolicy() != RetentionPolicy.WorkQueue) {
            throw new IllegalStateException("stream " + config.resultStream() + " exists with subjects "
                    + actual.getSubjects() + " and retention " + actual.getRetentionPolicy() + ", but the collector"
                    + " needs subject " + config.resultSubject() + " and work-queue retention: fix the stream or"
                    + " set RESULT_LOGSET to another log set");
        }
        log.info("result stream {} exists with other limits (storage {}, replicas {}); using it as it is",
                config.resultStream(), actual.getStorageType(), actual.getReplicas());
    }
}
