package io.logset.worker.config;

import io.logset.worker.execution.CallbackSecurity;
import io.logset.worker.execution.RetryPolicy;

import javax.net.ssl.SSLContext;
import java.time.Duration;
import java.util.List;

/**
 * The worker's settings, read once from the environment by {@link ConfigReader}.
 *
 * @param mode                    log format and level ({@code MODE})
 * @param natsServers             server URLs with scheme and port ({@code NATS_HOSTS})
 * @param nkey                    the NKEY user seed, from {@code NATS_NKEY} or the {@code NATS_CREDS} file; its
 *                                {@code toString} hides the seed
 * @param nodeName                this node's name in logs, results and the NATS connection name ({@code NODE_NAME})
 * @param jobSubject              subject the queue subscription listens on ({@code JOB_SUBJECT})
 * @param queueGroup              queue group shared by all nodes ({@code QUEUE_GROUP})
 * @param maxInFlight             jobs run at once by this node ({@code MAX_IN_FLIGHT})
 * @param pendingMessages         messages the client buffers for the subscription before dropping
 *                                ({@code INTAKE_PENDING_MESSAGES})
 * @param pendingBytes            bytes the client buffers for the subscription before dropping
 *                                ({@code INTAKE_PENDING_BYTES})
 * @param callbackTimeout         deadline for a whole HTTP exchange: connect, headers and body
 *                                ({@code CALLBACK_TIMEOUT})
 * @param maxResponseBytes        response body bytes kept in a result; the rest is discarded
 *                                ({@code CALLBACK_MAX_RESPONSE_BYTES})
 * @param resultLogset            collector log set name that gives the stream, subject and KV key
 *                                ({@code RESULT_LOGSET})
 * @param resultStreamReplicas    replicas of the result stream when the worker creates it
 *                                ({@code RESULT_STREAM_REPLICAS})
 * @param shutdownGrace           time running jobs get to finish after SIGTERM ({@code SHUTDOWN_GRACE})
 * @param natsUserJwt             the user JWT of the {@code NATS_CREDS} file; {@code null} with {@code NATS_NKEY}
 * @param natsTls                 TLS context from {@code NATS_TLS_CA}, {@code NATS_TLS_CERT} and {@code NATS_TLS_KEY};
 *                                {@code null} when none is set, so {@code tls://} hosts use the JVM's trust store
 * @param jobMaxBytes             size of a job message above which it is rejected ({@code JOB_MAX_BYTES})
 * @param callback                destination policy, redirects, signing, redaction and header limits of callbacks
 * @param intake                  where jobs come from ({@code INTAKE})
 * @param jobStream               stream and consumer of the JetStream intake ({@code JOB_*})
 * @param retry                   retry policy of jobs that set none ({@code RETRY_*})
 * @param healthPort              port of the health and metrics endpoints, {@code 0} for none ({@code HEALTH_PORT})
 * @param healthBind              address the health and metrics endpoints listen on ({@code HEALTH_BIND})
 */
public record WorkerConfig(
        Mode mode,
        List<String> natsServers,
        NkeySeed nkey,
        String nodeName,
        String jobSubject,
        String queueGroup,
        int maxInFlight,
        int pendingMessages,
        long pendingBytes,
        Duration callbackTimeout,
        int maxResponseBytes,
        String resultLogset,
        int resultStreamReplicas,
        Duration shutdownGrace,
        UserJwt natsUserJwt,
        SSLContext natsTls,
        int jobMaxBytes,
        CallbackSecurity callback,
        IntakeMode intake,
        JobStreamSettings jobStream,
        RetryPolicy retry,
        int healthPort,
        String healthBind) {

    public WorkerConfig {
        natsServers = List.copyOf(natsServers);
    }

    /** The JetStream stream that the collector reads, {@code COLLECT_<logset>}. */
    public String resultStream() {
        return "COLLECT_" + resultLogset;
    }

    /** The subject results are published on, {@code collects.<logset>}. */
    public String resultSubject() {
        return "collects." + resultLogset;
    }
}
