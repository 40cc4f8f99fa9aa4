package io.logset.worker;

import io.logset.worker.config.ConfigReader;
import io.logset.worker.support.CallbackTarget;
import io.logset.worker.support.JobBytes;
import io.logset.worker.support.NatsServer;
import io.logset.worker.support.ResultReader;
import io.logset.worker.support.WorkerEnv;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.logset.worker.support.ResultReader.data;
import static io.logset.worker.support.ResultReader.error;
import static io.logset.worker.support.ResultReader.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stopping a worker with jobs in flight: within the grace period every running job finishes and stores its
 * result before close returns. After it, a core job stores an interrupted result and a JetStream job goes back
 * to the stream for another node.
 */
class ShutdownTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int JOBS = 5;

    private static NatsServer nats;
    private static CallbackTarget target;
    private static Connection client;
    private static ResultReader results;

    @BeforeAll
    static void start() {
        nats = NatsServer.start();
        target = CallbackTarget.start();
        client = nats.connect();
        results = new ResultReader(client);
    }

    private final List<Worker> workers = new ArrayList<>();

    @AfterEach
    void clear() {
        workers.forEach(Worker::close);
        results.purge();
    }

    private Worker startWorker(Map<String, String> env) throws Exception {
        Worker worker = Worker.start(ConfigReader.read(env));
        workers.add(worker);
        return worker;
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        target.close();
        nats.close();
    }

    @Test
    void coreJobsFinishWithinGrace() throws Exception {
        Worker worker = startWorker(WorkerEnv.forServer(nats, "node-stop-core"));
        publishSlowJobs("core-grace", 1_500);
        awaitCallbacks("core-grace", JOBS);

        worker.close(Duration.ofSeconds(10));

        List<Map<String, Object>> stored = results.results("core-grace");
        assertEquals(JOBS, stored.size(), "results stored before close returned");
        stored.forEach(result -> assertEquals(200L, response(result).get("status")));
    }

    @Test
    void jetStreamJobsFinishWithinGrace() throws Exception {
        Worker worker = startWorker(JetStreamIntakeTest.env(nats, "node-stop-js"));
        publishSlowJobs("js-grace", 1_500);
        awaitCallbacks("js-grace", JOBS);

        worker.close(Duration.ofSeconds(10));

        List<Map<String, Object>> stored = results.results("js-grace");
        assertEquals(JOBS, stored.size(), "results stored before close returned");
        stored.forEach(result -> assertEquals(200L, response(result).get("status")));
        try (Connection check = nats.connect()) {
            JetStreamIntakeTest.awaitStreamEmpty(check.jetStreamManagement(), WAIT);
        }
    }

    @Test
    void coreJobsPastGraceStoreInterrupted() throws Exception {
        Map<String, String> env = WorkerEnv.forServer(nats, "node-stop-core-late");
        env.put("CALLBACK_TIMEOUT", "20s");
        Worker worker = startWorker(env);
        publishSlowJobs("core-late", 10_000);
        awaitCallbacks("core-late", JOBS);

        long start = System.nanoTime();
        worker.close(Duration.ofMillis(500));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        List<Map<String, Object>> stored = results.results("core-late");
        assertEquals(JOBS, stored.size(), "interrupted results stored before close returned");
        for (Map<String, Object> result : stored) {
            assertEquals("interrupted", error(result).get("type"));
            assertEquals(1L, data(result).get("attempts"));
        }
        assertTrue(tookMillis < 500 + Worker.INTERRUPT_GRACE.toMillis() + 3_000, "close took " + tookMillis + " ms");
    }

    @Test
    void jetStreamJobsPastGraceGoBack() throws Exception {
        Map<String, String> env = JetStreamIntakeTest.env(nats, "node-stop-js-late");
        env.put("CALLBACK_TIMEOUT", "10s");
        Worker first = startWorker(env);
        publishSlowJobs("js-late", 3_000);
        awaitCallbacks("js-late", JOBS);

        first.close(Duration.ofMillis(300));

        assertEquals(0, results.results("js-late").size(), "no result from the stopped node");
        JetStreamManagement jsm = client.jetStreamManagement();
        assertEquals(JOBS, jsm.getStreamInfo("JOBS").getStreamState().getMsgCount(), "jobs handed back");

        env.put("NODE_NAME", "node-takes-over");
        startWorker(env);
        List<Map<String, Object>> stored = results.await("js-late", JOBS, WAIT);
        assertEquals(JOBS, stored.size());
        for (Map<String, Object> result : stored) {
            assertEquals(200L, response(result).get("status"));
            assertEquals("node-takes-over", data(result).get("node"));
            assertEquals(2L, data(result).get("attempts"), "second delivery");
        }
        JetStreamIntakeTest.awaitStreamEmpty(jsm, WAIT);
    }

    private static void publishSlowJobs(String key, int millis) {
        for (int i = 0; i < JOBS; i++) {
            String url = target.url("/slow/" + millis + "/" + key + "-" + i);
            client.publish("jobs." + key, JobBytes.msgpack(JobBytes.job(key, i, "HTTP",
                    JobBytes.httpOption("GET", url, null, null))));
        }
    }

    private static void awaitCallbacks(String key, int count) throws InterruptedException {
        List<CallbackTarget.Request> started = target.await(r -> r.path().contains("/" + key + "-"), count, WAIT);
        assertEquals(count, started.size(), "callbacks started for " + key);
    }
}
