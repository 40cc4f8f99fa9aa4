package io.logset.worker;

import io.logset.worker.support.CallbackTarget;
import io.logset.worker.support.NatsServer;
import io.logset.worker.support.ResultReader;
import io.logset.worker.support.SlowJobs;
import io.logset.worker.support.WorkerEnv;
import io.logset.worker.support.WorkerProcess;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.ClusterInfo;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two JetStream worker processes on a three-node NATS cluster with replicated streams: one NATS node is stopped,
 * and the workers go on through the other two without losing or repeating a result.
 */
class ClusterIT {

    private static final int JOBS = 50;
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void workersCarryOnWhenNodeStops() throws Exception {
        List<NatsServer> cluster = NatsServer.startCluster(3);
        try {
            String hosts = cluster.stream().map(NatsServer::url).collect(Collectors.joining(","));
            String seed = cluster.getFirst().seed();
            try (Connection client = connect(hosts, seed);
                 CallbackTarget target = CallbackTarget.start();
                 WorkerProcess first = WorkerProcess.start(env(hosts, seed, "node-one"));
                 WorkerProcess second = WorkerProcess.start(env(hosts, seed, "node-two"))) {
                first.awaitOutput("worker node-one started", WAIT);
                second.awaitOutput("worker node-two started", WAIT);
                ResultReader results = new ResultReader(client);

                SlowJobs.publish(client, "before-stop", JOBS, target, 50);
                assertEquals(JOBS, results.await("before-stop", JOBS, WAIT).size(), "results before the stop");

                cluster.get(1).stop();
                // A core publish that reaches a stream while it elects a new leader is not stored, so the jobs go
                // out once both streams have a leader again.
                awaitLeader(client, "JOBS");
                awaitLeader(client, ResultReader.STREAM);
                SlowJobs.publish(client, "after-stop", JOBS, target, 50);
                List<Map<String, Object>> after = results.await("after-stop", JOBS, WAIT);
                assertEquals(JOBS, after.size(), "results after a NATS node stopped");

                Thread.sleep(2_000);
                assertEquals(JOBS, SlowJobs.resultIndexes(results.results("before-stop")).size());
                assertEquals(JOBS, SlowJobs.resultIndexes(results.results("after-stop")).size());
                assertEquals(0, SlowJobs.jobsInStream(client, "JOBS"), "jobs left in the stream");
            }
        } finally {
            cluster.forEach(NatsServer::close);
        }
    }

    private static void awaitLeader(Connection client, String stream) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                ClusterInfo info = client.jetStreamManagement().getStreamInfo(stream).getClusterInfo();
                if (info != null && info.getLeader() != null) {
                    return;
                }
            } catch (IOException | JetStreamApiException electing) {
                // No leader responds yet, so ask again.
            }
            Thread.sleep(200);
        }
        throw new AssertionError("stream " + stream + " has no leader after " + WAIT.toSeconds() + " s");
    }

    private static Map<String, String> env(String hosts, String seed, String node) {
        Map<String, String> env = WorkerEnv.forServers(hosts, seed, node);
        env.put("INTAKE", "jetstream");
        env.put("MAX_IN_FLIGHT", "20");
        env.put("JOB_ACK_WAIT", "5s");
        env.put("JOB_STREAM_REPLICAS", "3");
        env.put("RESULT_STREAM_REPLICAS", "3");
        return env;
    }

    private static Connection connect(String hosts, String seed) throws Exception {
        Options options = new Options.Builder()
                .servers(hosts.split(","))
                .authHandler(Nats.staticCredentials(null, seed.toCharArray()))
                .maxReconnects(-1)
                .connectionTimeout(Duration.ofSeconds(5))
                .build();
        return Nats.connect(options);
    }
}
