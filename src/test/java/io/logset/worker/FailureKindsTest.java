package io.logset.worker;

import io.logset.worker.config.ConfigReader;
import io.logset.worker.support.CallbackTarget;
import io.logset.worker.support.JobBytes;
import io.logset.worker.support.LogCapture;
import io.logset.worker.support.NatsServer;
import io.logset.worker.support.ResultReader;
import io.logset.worker.support.SilentServer;
import io.logset.worker.support.WorkerEnv;
import io.nats.client.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static io.logset.worker.support.ResultReader.data;
import static io.logset.worker.support.ResultReader.error;
import static io.logset.worker.support.ResultReader.metadata;
import static io.logset.worker.support.ResultReader.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each kind of failing job yields one error result with as much metadata as could be read and a log line with
 * its key and index, and the worker goes on taking jobs.
 */
class FailureKindsTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final AtomicInteger SUBJECTS = new AtomicInteger();

    private static NatsServer nats;
    private static CallbackTarget target;
    private static SilentServer silent;
    private static Worker worker;
    private static Connection client;
    private static ResultReader results;
    private static LogCapture logs;

    @BeforeAll
    static void start() throws Exception {
        logs = LogCapture.open();
        nats = NatsServer.start();
        target = CallbackTarget.start();
        silent = new SilentServer();
        Map<String, String> env = WorkerEnv.forServer(nats, "node-failures");
        env.put("CALLBACK_TIMEOUT", "1s");
        worker = Worker.start(ConfigReader.read(env));
        client = nats.connect();
        results = new ResultReader(client);
    }

    @AfterAll
    static void stop() throws Exception {
        worker.close();
        client.close();
        silent.close();
        target.close();
        nats.close();
        logs.close();
    }

    static Stream<Arguments> failingJobs() {
        int closedPort = NatsServer.freePort();
        return Stream.of(
                Arguments.of("garbage msgpack", new byte[]{(byte) 0xc1, 0x00, (byte) 0xff},
                        "invalid_job", "job is not valid MessagePack", "", 0L),
                Arguments.of("invalid json", "{\"key\":".getBytes(StandardCharsets.UTF_8),
                        "invalid_job", "job is not valid JSON", "", 0L),
                Arguments.of("not a map", JobBytes.msgpack(List.of("a", "b")),
                        "invalid_job", "job is an array, not a map", "", 0L),
                Arguments.of("missing key", JobBytes.msgpack(Map.of("index", 4, "mode", "HTTP")),
                        "invalid_job", "key is missing", "", 4L),
                Arguments.of("unknown mode", job("unknown-mode", 5, "SHELL", option("GET", "http://127.0.0.1:1/")),
                        "unknown_mode", "mode 'SHELL' is unknown", "unknown-mode", 5L),
                Arguments.of("missing option", JobBytes.msgpack(JobBytes.job("no-option", 6, "HTTP", null)),
                        "invalid_job", "option is missing", "no-option", 6L),
                Arguments.of("missing url", job("missing-url", 7, "HTTP", JobBytes.httpOption("GET", null, null, null)),
                        "invalid_job", "option.url is missing", "missing-url", 7L),
                Arguments.of("ftp scheme", job("ftp", 8, "HTTP", option("GET", "ftp://127.0.0.1/file")),
                        "invalid_job", "option.url 'ftp://127.0.0.1/file' has the scheme 'ftp'", "ftp", 8L),
                Arguments.of("file scheme", job("file", 9, "HTTP", option("GET", "file:///etc/passwd")),
                        "invalid_job", "option.url 'file:///etc/passwd' has the scheme 'file'", "file", 9L),
                Arguments.of("jar scheme", job("jar", 15, "HTTP", option("GET", "jar:file:///app.jar!/x")),
                        "invalid_job", "option.url 'jar:file:///app.jar!/x' has the scheme 'jar'", "jar", 15L),
                Arguments.of("missing mode", JobBytes.msgpack(Map.of("key", "no-mode", "index", 16)),
                        "invalid_job", "mode is missing", "no-mode", 16L),
                Arguments.of("wrong field types", JobBytes.msgpack(Map.of("key", "typed", "index", "seventeen",
                                "mode", 5)),
                        "invalid_job", "index is a string", "typed", 0L),
                Arguments.of("no host", job("no-host", 10, "HTTP", option("GET", "http:///path")),
                        "invalid_job", "option.url 'http:///path' has no host", "no-host", 10L),
                Arguments.of("header with CRLF", job("crlf", 11, "HTTP", JobBytes.httpOption("GET",
                                "http://127.0.0.1:1/", Map.of("X-A", "v\r\nX-Injected: 1"), null)),
                        "invalid_job", "option.headers.X-A contains a control character", "crlf", 11L),
                Arguments.of("connection refused", job("refused", 12, "HTTP",
                                option("POST", "http://127.0.0.1:" + closedPort + "/")),
                        "connection_refused", "connection to 127.0.0.1:" + closedPort + " was refused", "refused", 12L),
                Arguments.of("target stalls after headers", job("stall", 13, "HTTP", option("GET", target.url("/stall"))),
                        "timeout", "callback to 127.0.0.1:" + target.port() + " did not complete within 1000 ms",
                        "stall", 13L),
                Arguments.of("target never answers", job("silent", 14, "HTTP",
                                option("GET", "http://127.0.0.1:" + silent.port() + "/")),
                        "timeout", "callback to 127.0.0.1:" + silent.port(), "silent", 14L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failingJobs")
    void failingJobYieldsErrorResult(String name, byte[] job, String type, String messageStart, String key,
                                     long index) throws Exception {
        String subject = "jobs.failure-" + SUBJECTS.incrementAndGet();

        client.publish(subject, job);

        List<Map<String, Object>> found = results.awaitSubject(subject, 1, WAIT);
        assertEquals(1, found.size(), "results for " + subject);
        Map<String, Object> result = found.getFirst();
        assertEquals(type, error(result).get("type"));
        assertTrue(((String) error(result).get("message")).startsWith(messageStart),
                (String) error(result).get("message"));
        assertNull(response(result));
        assertEquals(key, metadata(result).get("key"));
        assertEquals(index, metadata(result).get("index"));
        assertEquals("node-failures", data(result).get("node"));

        String label = "key=" + (key.isEmpty() ? "?" : key) + " index=" + index;
        assertFalse(logs.containing("job " + label + " failed: " + type).isEmpty(), "log line for " + label);

        assertWorkerStillServes(subject + "-ok");
    }

    private static void assertWorkerStillServes(String subject) throws Exception {
        client.publish(subject, job("after-" + subject, 1, "HTTP", option("GET", target.url("/ok"))));
        List<Map<String, Object>> found = results.awaitSubject(subject, 1, WAIT);
        assertEquals(1, found.size(), "worker still serves after a failing job");
        assertEquals(200L, response(found.getFirst()).get("status"));
    }

    private static byte[] job(String key, long index, String mode, Object option) {
        return JobBytes.msgpack(JobBytes.job(key, index, mode, option));
    }

    private static Map<String, Object> option(String method, String url) {
        return JobBytes.httpOption(method, url, null, null);
    }
}
