package io.logset.worker;

import io.logset.worker.config.ConfigReader;
import io.logset.worker.support.CallbackTarget;
import io.logset.worker.support.JobBytes;
import io.logset.worker.support.LogCapture;
import io.logset.worker.support.NatsServer;
import io.logset.worker.support.ResultReader;
import io.logset.worker.support.WorkerEnv;
import io.nats.client.Connection;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.logset.worker.support.ResultReader.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The worker comes up before NATS does, and survives a NATS restart, authenticating again each time. */
class ReconnectTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void workerStartedBeforeNatsConnectsLater() throws Exception {
        int port = NatsServer.freePort();
        String[] user = NatsServer.newUser();
        Map<String, String> env = WorkerEnv.forServers("127.0.0.1:" + port, user[0], "node-early");

        try (LogCapture logs = LogCapture.open(); CallbackTarget target = CallbackTarget.start()) {
            CompletableFuture<Worker> starting = CompletableFuture.supplyAsync(() -> {
                try {
                    return Worker.start(ConfigReader.read(env));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(2_000);
            if (starting.isDone()) {
                starting.join();
            }
            assertFalse(starting.isDone(), "worker waits for NATS instead of failing");

            try (NatsServer nats = NatsServer.start(port, user, List.of());
                 Worker worker = starting.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                 Connection client = nats.connect()) {
                assertTrue(worker.connected());
                runOneJob(client, target, "early", 1);
                assertFalse(logs.containing("NATS connected to nats://127.0.0.1:" + port).isEmpty());
            }
        }
    }

    @Test
    void workerReconnectsAfterNatsRestart() throws Exception {
        try (LogCapture logs = LogCapture.open();
             NatsServer nats = NatsServer.start();
             CallbackTarget target = CallbackTarget.start();
             Worker worker = Worker.start(ConfigReader.read(WorkerEnv.forServer(nats, "node-restart")))) {
            try (Connection client = nats.connect()) {
                runOneJob(client, target, "before-restart", 1);
            }

            nats.kill();
            awaitLog(logs, "NATS disconnected");
            nats.restart();
            awaitLog(logs, "NATS reconnected to");
            assertTrue(worker.connected());

            try (Connection client = nats.connect()) {
                runOneJob(client, target, "after-restart", 2);
            }
        }
    }

    private static void runOneJob(Connection client, CallbackTarget target, String key, int index) throws Exception {
        Map<String, Object> option = JobBytes.httpOption("POST", target.url("/" + key), Map.of(), Map.of());
        byte[] job = JobBytes.msgpack(JobBytes.job(key, index, "HTTP", option));
        // Core publishes sent while the worker resubscribes would be lost, so the job goes as a request, repeated
        // until the worker replies. The result is checked after each request, so a job that ran is never sent again.
        List<Map<String, Object>> results = List.of();
        long deadline = System.nanoTime() + WAIT.toNanos();
        ResultReader reader = new ResultReader(client);
        while (results.isEmpty() && System.nanoTime() < deadline) {
            try {
                client.request("jobs.reconnect", job, Duration.ofSeconds(2));
            } catch (Exception noResponderYet) {
                Thread.sleep(200);
            }
            results = reader.results(key);
        }
        assertEquals(1, results.size(), "results for " + key);
        assertEquals(200L, response(results.getFirst()).get("status"));
    }

    private static void awaitLog(LogCapture logs, String text) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (logs.containing(text).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertFalse(logs.containing(text).isEmpty(), "log line containing '" + text + "'");
    }
}
