package io.logset.worker;

import io.logset.worker.config.ConfigReader;
import io.logset.worker.support.CallbackTarget;
import io.logset.worker.support.JobBytes;
import io.logset.worker.support.NatsServer;
import io.logset.worker.support.ResultReader;
import io.logset.worker.support.WorkerEnv;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.RetentionPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
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

/**
 * The JetStream intake: jobs that producers send with a plain core publish are stored in the work-queue stream,
 * taken through one durable consumer, acknowledged after their result is stored, retried by redelivery, and
 * terminated with a final result after the last delivery.
 */
class JetStreamIntakeTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int MAX_DELIVER = 3;

    private static NatsServer nats;
    private static CallbackTarget target;
    private static Worker worker;
    private static Connection client;
    private static JetStreamManagement jsm;
    private static ResultReader results;

    @BeforeAll
    static void start() throws Exception {
        nats = NatsServer.start();
        target = CallbackTarget.start();
        worker = Worker.start(ConfigReader.read(env(nats, "node-js")));
        client = nats.connect();
        jsm = client.jetStreamManagement();
        results = new ResultReader(client);
    }

    /** A JetStream worker with short retry delays and three deliveries per job. */
    static Map<String, String> env(NatsServer server, String node) {
        Map<String, String> env = WorkerEnv.forServer(server, node);
        env.put("INTAKE", "jetstream");
        env.put("JOB_MAX_DELIVER", Integer.toString(MAX_DELIVER));
        env.put("JOB_ACK_WAIT", "5s");
        env.put("RETRY_MAX_ATTEMPTS", "10");
        env.put("RETRY_INITIAL_DELAY", "100ms");
        env.put("RETRY_MAX_DELAY", "3s");
        return env;
    }

    @AfterAll
    static void stop() throws Exception {
        worker.close();
        client.close();
        target.close();
        nats.close();
    }

    @Test
    void streamAndConsumerHaveDocumentedSettings() throws Exception {
        var stream = jsm.getStreamInfo("JOBS").getConfiguration();
        assertEquals(List.of("jobs.>"), stream.getSubjects());
        assertEquals(RetentionPolicy.WorkQueue, stream.getRetentionPolicy());

        ConsumerConfiguration consumer = jsm.getConsumerInfo("JOBS", "WORKER").getConsumerConfiguration();
        assertEquals("WORKER", consumer.getDurable());
        assertNull(consumer.getDeliverSubject(), "pull consumer");
        assertEquals(AckPolicy.Explicit, consumer.getAckPolicy());
        assertEquals(Duration.ofSeconds(5), consumer.getAckWait());
        assertEquals(MAX_DELIVER, consumer.getMaxDeliver());
        assertEquals(ConfigReader.DEFAULT_JOB_MAX_ACK_PENDING, consumer.getMaxAckPending());
    }

    @Test
    void corePublishedJobStoredOnceAndAcked() throws Exception {
        publish("js-once", target.url("/js/once"), null);

        Map<String, Object> result = single("js-once");
        assertEquals(200L, response(result).get("status"));
        assertEquals(1L, data(result).get("attempts"));
        String key = target.requests(r -> r.path().equals("/js/once")).getFirst().header("Idempotency-Key");
        assertTrue(key.matches("JOBS-\\d+"), "idempotency key " + key);

        awaitStreamEmpty();
        Thread.sleep(500);
        assertEquals(1, results.results("js-once").size(), "still one result");
        assertEquals(1, target.requests(r -> r.path().equals("/js/once")).size(), "one callback");
    }

    @Test
    void flakyJobSucceedsByRedelivery() throws Exception {
        publish("js-flaky", target.url("/flaky/2/503/js"), null);

        Map<String, Object> result = single("js-flaky");
        assertEquals(200L, response(result).get("status"));
        assertEquals(3L, data(result).get("attempts"));
        assertOneKey("/flaky/2/503/js", 3);
        awaitStreamEmpty();
    }

    @Test
    void failingJobTerminatedAfterMaxDeliver() throws Exception {
        int closedPort = NatsServer.freePort();
        publish("js-refused", "http://127.0.0.1:" + closedPort + "/", null);

        Map<String, Object> result = single("js-refused");
        assertEquals("connection_refused", error(result).get("type"));
        assertTrue(((String) error(result).get("message")).endsWith("(gave up after 3 attempts)"),
                (String) error(result).get("message"));
        assertEquals((long) MAX_DELIVER, data(result).get("attempts"));
        awaitStreamEmpty();
        Thread.sleep(1_000);
        assertEquals(1, results.results("js-refused").size(), "one final result, no more deliveries");
    }

    @Test
    void retryableStatusEndsAsLastResponse() throws Exception {
        publish("js-503", target.url("/status/503/js"), null);

        Map<String, Object> result = single("js-503");
        assertEquals(503L, response(result).get("status"));
        assertEquals((long) MAX_DELIVER, data(result).get("attempts"));
        assertOneKey("/status/503/js", MAX_DELIVER);
        awaitStreamEmpty();
    }

    @Test
    void retryAfterHonouredByRedelivery() throws Exception {
        publish("js-retry-after", target.url("/retry-after/2/js"), null);

        Map<String, Object> result = single("js-retry-after");
        assertEquals(200L, response(result).get("status"));
        List<CallbackTarget.Request> requests = target.requests(r -> r.path().equals("/retry-after/2/js"));
        assertEquals(2, requests.size());
        long gap = (requests.get(1).receivedNanos() - requests.get(0).receivedNanos()) / 1_000_000;
        assertTrue(gap >= 1_950, "redelivery " + gap + " ms after the first attempt");
    }

    @Test
    void invalidJobAckedWithOneResult() throws Exception {
        client.publish("jobs.js", new byte[]{(byte) 0xc1});
        client.publish("jobs.js-after-invalid", JobBytes.msgpack(JobBytes.job("js-after-invalid", 1, "HTTP",
                JobBytes.httpOption("GET", target.url("/after-invalid"), null, null))));

        single("js-after-invalid");
        List<Map<String, Object>> invalid = results.awaitSubject("jobs.js", 1, WAIT);
        assertEquals(1, invalid.size());
        assertEquals("invalid_job", error(invalid.getFirst()).get("type"));
        awaitStreamEmpty();
    }

    private static void assertOneKey(String path, int requests) {
        List<CallbackTarget.Request> sent = target.requests(r -> r.path().equals(path));
        assertEquals(requests, sent.size(), "callbacks to " + path);
        Set<String> keys = sent.stream().map(r -> r.header("Idempotency-Key")).collect(Collectors.toSet());
        assertEquals(1, keys.size(), "one idempotency key across redeliveries: " + keys);
    }

    private static void publish(String key, String url, Object body) {
        byte[] job = JobBytes.msgpack(JobBytes.job(key, 1, "HTTP", JobBytes.httpOption("POST", url, null, body)));
        client.publish("jobs." + key, job);
    }

    static void awaitStreamEmpty(JetStreamManagement jsm, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long count = -1;
        while (System.nanoTime() < deadline) {
            count = jsm.getStreamInfo("JOBS").getStreamState().getMsgCount();
            if (count == 0) {
                return;
            }
            Thread.sleep(50);
        }
        assertEquals(0, count, "jobs left in stream JOBS");
    }

    private static void awaitStreamEmpty() throws Exception {
        awaitStreamEmpty(jsm, WAIT);
    }

    private static Map<String, Object> single(String key) throws InterruptedException {
        List<Map<String, Object>> found = results.await(key, 1, WAIT);
        assertEquals(1, found.size(), "results with key " + key);
        return found.getFirst();
    }
}
