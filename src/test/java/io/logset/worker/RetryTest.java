package io.logset.worker;

import io.logset.worker.config.ConfigReader;
import io.logset.worker.support.CallbackTarget;
import io.logset.worker.support.JobBytes;
import io.logset.worker.support.NatsServer;
import io.logset.worker.support.ResultReader;
import io.logset.worker.support.WorkerEnv;
import io.nats.client.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.logset.worker.support.ResultReader.data;
import static io.logset.worker.support.ResultReader.error;
import static io.logset.worker.support.ResultReader.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Core intake retries callbacks in the job's thread, with backoff, Retry-After and one idempotency key per job. */
class RetryTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static NatsServer nats;
    private static CallbackTarget target;
    private static Worker worker;
    private static Connection client;
    private static ResultReader results;

    @BeforeAll
    static void start() throws Exception {
        nats = NatsServer.start();
        target = CallbackTarget.start();
        Map<String, String> env = WorkerEnv.forServer(nats, "node-retry");
        env.put("RETRY_MAX_ATTEMPTS", "4");
        env.put("RETRY_INITIAL_DELAY", "100ms");
        env.put("RETRY_MAX_DELAY", "3s");
        worker = Worker.start(ConfigReader.read(env));
        client = nats.connect();
        results = new ResultReader(client);
    }

    @AfterAll
    static void stop() throws Exception {
        worker.close();
        client.close();
        target.close();
        nats.close();
    }

    @Test
    void flakyTargetSucceedsOnThirdAttempt() throws Exception {
        publish("flaky", "POST", target.url("/flaky/2/503/core"), null);

        Map<String, Object> result = single("flaky");
        assertEquals(200L, response(result).get("status"));
        assertNull(error(result));
        assertEquals(3L, data(result).get("attempts"));

        List<CallbackTarget.Request> requests = target.requests(r -> r.path().equals("/flaky/2/503/core"));
        assertEquals(3, requests.size());
        Set<String> keys = requests.stream().map(r -> r.header("Idempotency-Key")).collect(Collectors.toSet());
        assertEquals(1, keys.size(), "one idempotency key across retries: " + keys);
        String key = keys.iterator().next();
        assertTrue(key.matches("[0-9A-Za-z]{22}"), "a NUID: " + key);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 404, 410, 422, 302, 501})
    void finalStatusIsNotRetried(int status) throws Exception {
        String key = "final-" + status;
        publish(key, "GET", target.url("/status/" + status + "/final"), null);

        Map<String, Object> result = single(key);
        assertEquals((long) status, response(result).get("status"));
        assertEquals(1L, data(result).get("attempts"));
        assertEquals(1, target.requests(r -> r.path().equals("/status/" + status + "/final")).size());
    }

    @Test
    void retryAfterSecondsIsHonoured() throws Exception {
        publish("retry-after", "GET", target.url("/retry-after/1/core"), null);

        Map<String, Object> result = single("retry-after");
        assertEquals(200L, response(result).get("status"));
        assertEquals(2L, data(result).get("attempts"));
        assertGapAtLeast("/retry-after/1/core", Duration.ofMillis(950));
    }

    @Test
    void retryAfterDateIsHonoured() throws Exception {
        publish("retry-after-date", "GET", target.url("/retry-after-date/2/core"), null);

        Map<String, Object> result = single("retry-after-date");
        assertEquals(200L, response(result).get("status"));
        // The HTTP-date has whole seconds, so two seconds ahead is at least one second after the first response.
        assertGapAtLeast("/retry-after-date/2/core", Duration.ofMillis(950));
    }

    @Test
    void targetDownForAWhileThenBack() throws Exception {
        int port = NatsServer.freePort();
        Map<String, Object> retry = Map.of("max_attempts", 20, "initial_delay_ms", 100, "max_delay_ms", 300);
        publish("down-then-back", "POST", "http://127.0.0.1:" + port + "/back", retry);

        Thread.sleep(1_000);
        try (CallbackTarget back = CallbackTarget.start(port)) {
            Map<String, Object> result = single("down-then-back");
            assertEquals(200L, response(result).get("status"));
            long attempts = (Long) data(result).get("attempts");
            assertTrue(attempts >= 2 && attempts <= 20, "attempts " + attempts);
            assertEquals(1, back.requests(r -> r.path().equals("/back")).size());
        }
    }

    @Test
    void exhaustedRetriesKeepLastError() throws Exception {
        int closedPort = NatsServer.freePort();
        Map<String, Object> retry = Map.of("max_attempts", 2, "initial_delay_ms", 50, "max_delay_ms", 50);
        publish("exhausted", "POST", "http://127.0.0.1:" + closedPort + "/", retry);

        Map<String, Object> result = single("exhausted");
        assertNull(response(result));
        assertEquals("connection_refused", error(result).get("type"));
        assertTrue(((String) error(result).get("message")).endsWith("(gave up after 2 attempts)"),
                (String) error(result).get("message"));
        assertEquals(2L, data(result).get("attempts"));
    }

    @Test
    void invalidRetryOptionIsInvalidJob() throws Exception {
        publish("bad-retry", "POST", target.url("/bad-retry"), Map.of("max_attempts", 0));

        Map<String, Object> result = single("bad-retry");
        assertEquals("invalid_job", error(result).get("type"));
        assertTrue(((String) error(result).get("message")).startsWith("option.retry.max_attempts is 0"));
        assertEquals(0L, data(result).get("attempts"));
        assertTrue(target.requests(r -> r.path().equals("/bad-retry")).isEmpty());
    }

    private static void publish(String key, String method, String url, Map<String, Object> retry) {
        Map<String, Object> option = new LinkedHashMap<>(JobBytes.httpOption(method, url, null, null));
        if (retry != null) {
            option.put("retry", retry);
        }
        client.publish("jobs.retry", JobBytes.msgpack(JobBytes.job(key, 1, "HTTP", option)));
    }

    private static void assertGapAtLeast(String path, Duration gap) {
        List<CallbackTarget.Request> requests = target.requests(r -> r.path().equals(path));
        assertEquals(2, requests.size());
        long millis = (requests.get(1).receivedNanos() - requests.get(0).receivedNanos()) / 1_000_000;
        assertTrue(millis >= gap.toMillis(), "second attempt " + millis + " ms after the first");
    }

    private static Map<String, Object> single(String key) throws InterruptedException {
        List<Map<String, Object>> found = results.await(key, 1, WAIT);
        assertEquals(1, found.size(), "results with key " + key);
        return found.getFirst();
    }
}
