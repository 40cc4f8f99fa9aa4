package io.logset.worker;

import io.logset.worker.config.ConfigReader;
import io.logset.worker.support.CallbackTarget;
import io.logset.worker.support.JobBytes;
import io.logset.worker.support.LogCapture;
import io.logset.worker.support.NatsServer;
import io.logset.worker.support.ResultReader;
import io.logset.worker.support.WorkerEnv;
import io.nats.client.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.logset.worker.support.ResultReader.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jobs run concurrently within the in-flight bound, reuse connections, and a flood is throttled, not buffered. */
class ConcurrencyTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

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

    @AfterAll
    static void stop() throws Exception {
        client.close();
        target.close();
        nats.close();
    }

    @BeforeEach
    void reset() {
        target.clear();
    }

    @Test
    void slowCallbackDoesNotHoldOthers() throws Exception {
        try (Worker worker = start(Map.of("CALLBACK_TIMEOUT", "10s"))) {
            publish("slow-one", 1, "/slow/3000");
            publish("fast-one", 2, "/ok");

            List<Map<String, Object>> fast = results.await("fast-one", 1, WAIT);
            assertEquals(1, fast.size());
            assertTrue(results.results("slow-one").isEmpty(), "fast job finished while the slow one still runs");
            assertEquals(1, results.await("slow-one", 1, WAIT).size());
        }
    }

    @Test
    void inFlightBoundHolds() throws Exception {
        try (Worker worker = start(Map.of("MAX_IN_FLIGHT", "3"))) {
            for (int index = 0; index < 12; index++) {
                publish("bounded", index, "/slow/200");
            }

            assertEquals(12, results.await("bounded", 12, WAIT).size());
            assertEquals(3, target.maxConcurrent(), "callbacks at once");
        }
    }

    @Test
    void connectionsReusedAcrossJobs() throws Exception {
        try (Worker worker = start(Map.of())) {
            publish("reuse", 1, "/ok");
            assertEquals(1, results.await("reuse", 1, WAIT).size());
            publish("reuse", 2, "/ok");
            assertEquals(2, results.await("reuse", 2, WAIT).size());

            List<CallbackTarget.Request> requests = target.requests();
            assertEquals(2, requests.size());
            assertEquals(requests.get(0).remotePort(), requests.get(1).remotePort(), "same client connection");
        }
    }

    @Test
    void floodBeyondBufferIsCountedAndLogged() throws Exception {
        int jobs = 200;
        try (LogCapture logs = LogCapture.open();
             Worker worker = start(Map.of("MAX_IN_FLIGHT", "1", "INTAKE_PENDING_MESSAGES", "10"))) {
            for (int index = 0; index < jobs; index++) {
                publish("flood", index, "/slow/20");
            }
            client.flush(WAIT);

            long deadline = System.nanoTime() + WAIT.toNanos();
            while (results.results("flood").size() + worker.intake().dropped() < jobs && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }

            long dropped = worker.intake().dropped();
            List<Map<String, Object>> stored = results.results("flood");
            assertTrue(dropped > 0, "the client dropped jobs beyond its buffer");
            assertEquals(jobs, stored.size() + dropped, "every job either ran or was counted as dropped");
            assertTrue(stored.stream().allMatch(result -> Long.valueOf(200).equals(response(result).get("status"))));
            assertFalse(logs.containing("NATS slow consumer").isEmpty(), "slow consumer logged");
            assertEquals(1, target.maxConcurrent());
        }
    }

    private static Worker start(Map<String, String> extra) throws Exception {
        Map<String, String> env = WorkerEnv.forServer(nats, "node-concurrency");
        env.putAll(extra);
        return Worker.start(ConfigReader.read(env));
    }

    private static void publish(String key, int index, String path) {
        Map<String, Object> option = JobBytes.httpOption("GET", target.url(path), null, null);
        client.publish("jobs.concurrency", JobBytes.msgpack(JobBytes.job(key, index, "HTTP", option)));
    }
}
