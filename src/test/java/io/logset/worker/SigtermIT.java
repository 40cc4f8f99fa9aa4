package io.logset.worker;

import io.logset.worker.support.CallbackTarget;
import io.logset.worker.support.NatsServer;
import io.logset.worker.support.ResultReader;
import io.logset.worker.support.SlowJobs;
import io.logset.worker.support.WorkerEnv;
import io.logset.worker.support.WorkerProcess;
import io.nats.client.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.logset.worker.support.ResultReader.response;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** SIGTERM lets a worker process finish its jobs in flight and store their results before it exits with 0. */
class SigtermIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static NatsServer nats;
    private static CallbackTarget target;
    private static Connection client;

    @BeforeAll
    static void start() {
        nats = NatsServer.start();
        target = CallbackTarget.start();
        client = nats.connect();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        target.close();
        nats.close();
    }

    @Test
    void fiftySlowJobsStoredBeforeExit() throws Exception {
        Map<String, String> env = WorkerEnv.forServer(nats, "node-sigterm");
        env.put("CALLBACK_TIMEOUT", "10s");
        env.put("SHUTDOWN_GRACE", "20s");
        try (WorkerProcess worker = WorkerProcess.start(env)) {
            worker.awaitOutput("worker node-sigterm started", WAIT);
            SlowJobs.publish(client, "sigterm", 50, target, 3_000);
            assertEquals(50, target.await(r -> r.path().contains("/sigterm-"), 50, WAIT).size(), "callbacks started");

            worker.terminate();

            assertEquals(0, worker.awaitExit(WAIT), "exit code");
            List<Map<String, Object>> stored = new ResultReader(client).results("sigterm");
            assertEquals(50, stored.size(), "results stored before the process exited");
            assertEquals(50, SlowJobs.resultIndexes(stored).size());
            stored.forEach(result -> assertEquals(200L, response(result).get("status")));
        }
    }

    @Test
    void secondSignalForcesExit() throws Exception {
        Map<String, String> env = WorkerEnv.forServer(nats, "node-forced");
        env.put("CALLBACK_TIMEOUT", "60s");
        env.put("SHUTDOWN_GRACE", "60s");
        try (WorkerProcess worker = WorkerProcess.start(env)) {
            worker.awaitOutput("worker node-forced started", WAIT);
            SlowJobs.publish(client, "forced", 3, target, 30_000);
            assertEquals(3, target.await(r -> r.path().contains("/forced-"), 3, WAIT).size(), "callbacks started");

            worker.terminate();
            worker.awaitOutput("stopping: 3 jobs running", WAIT);
            worker.terminate();

            assertEquals(ShutdownSignals.EXIT_FORCED, worker.awaitExit(Duration.ofSeconds(10)), "exit code");
        }
    }
}
