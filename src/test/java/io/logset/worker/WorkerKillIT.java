package io.logset.worker;

import io.logset.worker.support.CallbackTarget;
import io.logset.worker.support.NatsServer;
import io.logset.worker.support.ResultReader;
import io.logset.worker.support.SlowJobs;
import io.logset.worker.support.WorkerEnv;
import io.logset.worker.support.WorkerProcess;
import io.nats.client.Connection;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One of three JetStream worker processes is killed with SIGKILL while it runs jobs. The other two finish every
 * job, and the only callbacks sent twice are those the killed node had in flight, with the same idempotency key.
 */
class WorkerKillIT {

    private static final int JOBS = 200;
    private static final int MAX_IN_FLIGHT = 10;
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void survivorsFinishKilledNodesJobs() throws Exception {
        try (NatsServer nats = NatsServer.start(); CallbackTarget target = CallbackTarget.start();
             Connection client = nats.connect();
             WorkerProcess victim = WorkerProcess.start(env(nats, "node-victim"));
             WorkerProcess second = WorkerProcess.start(env(nats, "node-second"));
             WorkerProcess third = WorkerProcess.start(env(nats, "node-third"))) {
            victim.awaitOutput("worker node-victim started", WAIT);
            second.awaitOutput("worker node-second started", WAIT);
            third.awaitOutput("worker node-third started", WAIT);

            SlowJobs.publish(client, "kill", JOBS, target, 500);
            ResultReader results = new ResultReader(client);
            results.await("kill", 40, WAIT);
            victim.awaitOutput("callback GET", WAIT);
            victim.kill();
            victim.awaitExit(Duration.ofSeconds(10));
            long killedAt = System.nanoTime();

            List<Map<String, Object>> stored = results.await("kill", JOBS, WAIT);
            Thread.sleep(2_000);
            stored = results.results("kill");
            assertEquals(JOBS, stored.size(), "one result per job");
            assertEquals(JOBS, SlowJobs.resultIndexes(stored).size());
            assertEquals(0, SlowJobs.jobsInStream(client, "JOBS"), "jobs left in the stream");

            Map<String, List<CallbackTarget.Request>> byJob = SlowJobs.requestsByJob(target, "kill");
            assertEquals(JOBS, byJob.size(), "every job called back");
            List<List<CallbackTarget.Request>> repeated = byJob.values().stream().filter(r -> r.size() > 1).toList();
            assertTrue(repeated.size() <= MAX_IN_FLIGHT, repeated.size() + " jobs called back twice, but the killed"
                    + " node held " + MAX_IN_FLIGHT + " at most");
            for (List<CallbackTarget.Request> requests : repeated) {
                assertEquals(2, requests.size(), "callbacks of " + requests.getFirst().path());
                assertTrue(requests.getFirst().receivedNanos() < killedAt,
                        "first callback of " + requests.getFirst().path() + " came before the kill");
                Set<String> keys = requests.stream().map(r -> r.header("Idempotency-Key")).collect(Collectors.toSet());
                assertEquals(1, keys.size(), "one idempotency key for " + requests.getFirst().path());
            }
            Set<String> allKeys = byJob.values().stream().map(r -> r.getFirst().header("Idempotency-Key"))
                    .collect(Collectors.toSet());
            assertEquals(JOBS, allKeys.size(), "a distinct idempotency key per job");
        }
    }

    private static Map<String, String> env(NatsServer nats, String node) {
        Map<String, String> env = WorkerEnv.forServer(nats, node);
        env.put("INTAKE", "jetstream");
        env.put("MAX_IN_FLIGHT", Integer.toString(MAX_IN_FLIGHT));
        env.put("JOB_ACK_WAIT", "3s");
        return env;
    }
}
