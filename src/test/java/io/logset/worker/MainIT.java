package io.logset.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logset.worker.support.CallbackTarget;
import io.logset.worker.support.JobBytes;
import io.logset.worker.support.NatsServer;
import io.logset.worker.support.ResultReader;
import io.logset.worker.support.WorkerEnv;
import io.logset.worker.support.WorkerProcess;
import io.nats.client.Connection;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged jar as an operator runs it: exit codes, stderr on bad configuration, and both log formats. */
class MainIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void invalidConfigExitsTwoWithoutStackTrace() throws Exception {
        String[] user = NatsServer.newUser();
        String brokenSeed = user[0].substring(0, 40) + "XYZ";
        Map<String, String> env = Map.of("MODE", "loud", "NATS_NKEY", brokenSeed, "MAX_IN_FLIGHT", "lots");

        try (WorkerProcess worker = WorkerProcess.start(env)) {
            assertEquals(2, worker.awaitExit(WAIT));

            List<String> lines = worker.stderr().lines().filter(line -> !line.startsWith("WARNING")).toList();
            assertEquals(4, lines.size(), worker.stderr());
            assertTrue(lines.stream().allMatch(line -> line.startsWith("worker: ")), worker.stderr());
            assertTrue(lines.stream().anyMatch(line -> line.startsWith("worker: MODE: 'loud' is invalid")));
            assertTrue(lines.stream().anyMatch(line -> line.startsWith("worker: NATS_HOSTS: missing")));
            assertTrue(lines.stream().anyMatch(line -> line.startsWith("worker: NATS_NKEY: the value is not a valid")));
            assertTrue(lines.stream().anyMatch(line -> line.startsWith("worker: MAX_IN_FLIGHT: 'lots'")));
            assertFalse(worker.stderr().contains("Exception"), worker.stderr());
            assertFalse(worker.stderr().contains("\tat "), worker.stderr());
            assertFalse(worker.stderr().contains(brokenSeed.substring(2, 30)), "seed text on stderr");
            assertEquals("", worker.stdout());
        }
    }

    @Test
    void releaseModeLogsJsonLines() throws Exception {
        try (NatsServer nats = NatsServer.start(); CallbackTarget target = CallbackTarget.start();
             Connection client = nats.connect()) {
            Map<String, String> env = WorkerEnv.forServer(nats, "node-release");
            env.put("MODE", "release");

            try (WorkerProcess worker = WorkerProcess.start(env)) {
                worker.awaitOutput("worker node-release started", WAIT);
                Map<String, Object> option = JobBytes.httpOption("POST", target.url("/release"),
                        Map.of("Authorization", "Bearer release-secret"), Map.of());
                client.publish("jobs.release", JobBytes.msgpack(JobBytes.job("release-job", 5, "HTTP", option)));
                Map<String, Object> refused = JobBytes.httpOption("GET", "http://127.0.0.1:" + NatsServer.freePort(),
                        null, null);
                client.publish("jobs.release", JobBytes.msgpack(JobBytes.job("release-refused", 6, "HTTP", refused)));
                ResultReader results = new ResultReader(client);
                assertEquals(1, results.await("release-job", 1, WAIT).size());
                assertEquals(1, results.await("release-refused", 1, WAIT).size());

                worker.terminate();
                assertEquals(0, worker.awaitExit(WAIT));

                List<JsonNode> lines = worker.stdoutLines().stream().map(MainIT::parse).toList();
                assertFalse(lines.isEmpty());
                assertTrue(lines.stream().noneMatch(line -> line.path("level").asText().equals("DEBUG")));
                assertTrue(lines.stream().anyMatch(line -> line.path("formattedMessage").asText()
                        .equals("worker node-release started")));
                JsonNode failure = lines.stream()
                        .filter(line -> line.path("formattedMessage").asText().startsWith("job key=release-refused"))
                        .findFirst().orElseThrow(() -> new AssertionError("no failure line in " + worker.stdout()));
                assertEquals("WARN", failure.path("level").asText());
                assertEquals("release-refused", failure.path("mdc").path("job_key").asText());
                assertEquals("6", failure.path("mdc").path("job_index").asText());
                assertTrue(lines.stream().anyMatch(line -> line.path("formattedMessage").asText()
                        .startsWith("worker node-release stopped")));
                assertFalse(worker.stdout().contains("release-secret"));
                assertFalse(worker.stdout().contains(nats.seed()));
            }
        }
    }

    @Test
    void debugModeLogsReadableLines() throws Exception {
        try (NatsServer nats = NatsServer.start(); CallbackTarget target = CallbackTarget.start();
             Connection client = nats.connect()) {
            try (WorkerProcess worker = WorkerProcess.start(WorkerEnv.forServer(nats, "node-debug"))) {
                worker.awaitOutput("worker node-debug started", WAIT);
                Map<String, Object> option = JobBytes.httpOption("GET", target.url("/debug"), null, null);
                client.publish("jobs.debug", JobBytes.msgpack(JobBytes.job("debug-job", 9, "HTTP", option)));

                worker.awaitOutput("job key=debug-job index=9 done: HTTP 200", WAIT);
                String line = worker.stdoutLines().stream().filter(l -> l.contains("job key=debug-job index=9 done"))
                        .findFirst().orElseThrow();
                assertTrue(line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} DEBUG .*"), line);
                assertTrue(line.endsWith("[key=debug-job index=9]"), line);

                worker.terminate();
                assertEquals(0, worker.awaitExit(WAIT));
            }
        }
    }

    @Test
    void sigtermWhileWaitingForNatsExitsZero() throws Exception {
        String[] user = NatsServer.newUser();
        Map<String, String> env = WorkerEnv.forServers("127.0.0.1:" + NatsServer.freePort(), user[0], "node-waiting");

        try (WorkerProcess worker = WorkerProcess.start(env)) {
            worker.awaitOutput("NATS is not reachable yet", WAIT);
            worker.terminate();

            assertEquals(0, worker.awaitExit(Duration.ofSeconds(10)));
            assertTrue(worker.stdout().contains("worker stopped before it connected"), worker.stdout());
        }
    }

    private static JsonNode parse(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            assertTrue(node.isObject(), line);
            return node;
        } catch (Exception e) {
            throw new AssertionError("not a JSON object: " + line, e);
        }
    }
}
