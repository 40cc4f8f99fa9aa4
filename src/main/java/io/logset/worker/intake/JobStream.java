package io.logset.worker.intake;

import io.logset.worker.config.JobStreamSettings;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.HashSet;

/**
 * Makes sure the job stream and its one durable pull consumer exist. The stream is a work queue over the job
 * subjects, so a job that a producer sends with a plain core publish is stored, and removed once acknowledged.
 * Every node binds the same consumer, so the server hands each job to one node at a time.
 */
public final class JobStream {

    private static final Logger log = LoggerFactory.getLogger(JobStream.class);

    /** JetStream API error: a stream of that name exists with another configuration. */
    private static final int STREAM_NAME_IN_USE = 10058;

    private JobStream() {
    }

    /**
     * Creates or checks the stream and creates or updates the consumer.
     *
     * @throws IllegalStateException when the stream is not a work queue or the consumer does not use explicit
     *                               acknowledgements, because then jobs could be lost or run by every node
     */
    public static void ensure(JetStreamManagement jsm, JobStreamSettings settings)
            throws IOException, JetStreamApiException {
        ensureStream(jsm, settings);
        ensureConsumer(jsm, settings);
    }

    private static void ensureStream(JetStreamManagement jsm, JobStreamSettings settings)
            throws IOException, JetStreamApiException {
        StreamConfiguration wanted = StreamConfiguration.builder()
                .name(settings.stream())
                .subjects(settings.subjects())
                .retentionPolicy(RetentionPolicy.WorkQueue)
                .storageType(StorageType.File)
                .replicas(settings.replicas())
                .build();
        try {
            jsm.addStream(wanted);
            log.info("job stream {} ready on subjects {}", settings.stream(), settings.subjects());
            return;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NAME_IN_USE) {
                throw e;
            }
        }

        StreamInfo existing = jsm.getStreamInfo(settings.stream());
        StreamConfiguration actual = existing.getConfiguration();
        if (actual.getRetentionPolicy() != RetentionPolicy.WorkQueue) {
            throw new IllegalStateException("job stream " + settings.stream() + " exists with retention "
                    + actual.getRetentionPolicy() + ", but the worker needs work-queue retention so that each job"
                    + " is removed once done: fix the stream or set JOB_STREAM to another name");
        }
        if (!new HashSet<>(actual.getSubjects()).containsAll(settings.subjects())) {
            log.warn("job stream {} exists with subjects {}, not {}; jobs on the missing subjects are not stored",
                    settings.stream(), actual.getSubjects(), settings.subjects());
        } else {
            log.info("job stream {} exists (subjects {}, storage {}, replicas {}); using it as it is",
                    settings.stream(), actual.getSubjects(), actual.getStorageType(), actual.getReplicas());
        }
    }

    private static void ensureConsumer(JetStreamManagement jsm, JobStreamSettings settings)
            throws IOException, JetStreamApiException {
        ConsumerConfiguration wanted = consumerConfiguration(settings);
        try {
            jsm.addOrUpdateConsumer(settings.stream(), wanted);
            log.info("job consumer {} ready: ack wait {} ms, max deliver {}, max ack pending {}",
                    settings.consumer(), settings.ackWait().toMillis(), settings.maxDeliver(),
                    settings.maxAckPending());
            return;
        } catch (JetStreamApiException e) {
            ConsumerInfo info = jsm.getConsumerInfo(settings.stream(), settings.consumer());
            ConsumerConfiguration actual = info.getConsumerConfiguration();
            if (actual.getAckPolicy() != AckPolicy.Explicit || actual.getDeliverSubject() != null) {
                throw new IllegalStateException("job consumer " + settings.consumer() + " exists as a "
                        + (actual.getDeliverSubject() != null ? "push" : "pull") + " consumer with ack policy "
                        + actual.getAckPolicy() + ", but the worker needs a pull consumer with explicit"
                        + " acknowledgements: delete it or set JOB_CONSUMER to another name", e);
            }
            log.warn("job consumer {} exists with settings the server would not update ({}); using it with ack"
                            + " wait {} ms, max deliver {}, max ack pending {}", settings.consumer(),
                    e.getErrorDescription(), actual.getAckWait().toMillis(), actual.getMaxDeliver(),
                    actual.getMaxAckPending());
        }
    }

    /**
     * The consumer's settings: explicit acknowledgements, every job from the start of the stream, the ack wait
     * and max deliver of the settings, and max ack pending across all nodes.
     */
    static ConsumerConfiguration consumerConfiguration(JobStreamSettings settings) {
        return ConsumerConfiguration.builder()
                .durable(settings.consumer())
                .ackPolicy(AckPolicy.Explicit)
                .deliverPolicy(DeliverPolicy.All)
                .ackWait(settings.ackWait())
                .maxDeliver(settings.maxDeliver())
                .maxAckPending(settings.maxAckPending())
                .build();
    }
}
