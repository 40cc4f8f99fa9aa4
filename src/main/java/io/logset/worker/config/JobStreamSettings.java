package io.logset.worker.config;

import java.time.Duration;
import java.util.List;

/**
 * Settings of the JetStream intake, used when {@code INTAKE=jetstream}.
 *
 * @param stream        work-queue stream that stores jobs ({@code JOB_STREAM})
 * @param subjects      subjects the stream captures, so core publishes of producers are stored too
 *                      ({@code JOB_STREAM_SUBJECTS})
 * @param consumer      durable pull consumer that every node binds; one name for all replicas
 *                      ({@code JOB_CONSUMER})
 * @param maxDeliver    deliveries of one job before it is terminated with a final result ({@code JOB_MAX_DELIVER})
 * @param ackWait       time the server waits for an acknowledgement before it redelivers, extended while a job
 *                      runs ({@code JOB_ACK_WAIT})
 * @param maxAckPending jobs handed out and not yet acknowledged, across all nodes ({@code JOB_MAX_ACK_PENDING})
 * @param replicas      replicas of the job stream when the worker creates it ({@code JOB_STREAM_REPLICAS})
 */
public record JobStreamSettings(String stream, List<String> subjects, String consumer, int maxDeliver,
                                Duration ackWait, int maxAckPending, int replicas) {

    public JobStreamSettings {
        subjects = List.copyOf(subjects);
    }
}
