package io.logset.worker;

import io.logset.worker.config.ConfigReader;
import io.logset.worker.execution.HostResolver;
import io.logset.worker.support.CallbackTarget;
import io.logset.worker.support.JobBytes;
import io.logset.worker.support.LogCapture;
import io.logset.worker.support.NatsServer;
import io.logset.worker.support.ResultReader;
import io.logset.worker.support.WorkerEnv;
import io.nats.client.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.logset.worker.support.ResultReader.data;
import static io.logset.worker.support.ResultReader.error;
import static io.logset.worker.support.ResultReader.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Destination policy, redirects, signing, redaction and limits of callbacks, run through a real worker. Host
 * names resolve through a test resolver that maps them to loopback, or to a denied address that is never
 * connected to.
 */
class CallbackSecurityTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final AtomicInteger WORKERS = new AtomicInteger();
    private static final String SECRET_KEY = "c2VjdXJpdHktdGVzdC1zaWduaW5nLWtleS0zMmJ5dGVz";
    private static final String TOKEN = "Bearer s3cr3t-t0ken-value";

    private static NatsServer nats;
    private static CallbackTarget target;
    private static Connection client;
    private static ResultReader results;

    private final List<Worker> workers = new ArrayList<>();
    private String subject;

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

    @AfterEach
    void stopWorkers() {
        workers.forEach(worker -> worker.close(Duration.ofSeconds(2)));
    }

    /** Starts a worker on its own subject, with the test resolver and extra variables. */
    private void startWorker(Map<String, String> extra) throws Exception {
        String prefix = "sec" + WORKERS.incrementAndGet();
        Map<String, String> env = WorkerEnv.forServer(nats, "node-" + prefix);
        env.put("JOB_SUBJECT", prefix + ".*");
        env.putAll(extra);
        subject = prefix + ".job";
        Worker worker = Worker.start(ConfigReader.read(env), resolver());
        workers.add(worker);
        // The server has the subscription once it replies to a ping sent after it, so no job is published too early.
        worker.connection().flush(WAIT);
    }

    private static HostResolver resolver() {
        Map<String, String> names = Map.of(
                "callback.test", "127.0.0.1",
                "other.test", "127.0.0.1",
                "metadata.test", "169.254.169.254",
                "internal.test", "10.20.30.40");
        return host -> {
            String address = names.get(host);
            if (address == null) {
                throw new UnknownHostException(host);
            }
            return List.of(InetAddress.getByName(address));
        };
    }

    private String url(String host, String path) {
        return "http://" + host + ":" + target.port() + path;
    }

    private Map<String, Object> run(String key, String method, String url, Map<String, String> headers, Object body)
            throws Exception {
        client.publish(subject, JobBytes.msgpack(JobBytes.job(key, 7, "HTTP",
                JobBytes.httpOption(method, url, headers, body))));
        List<Map<String, Object>> found = results.await(key, 1, WAIT);
        assertEquals(1, found.size(), "results with key " + key);
        return found.getFirst();
    }

    private List<CallbackTarget.Request> received(String path) {
        return target.requests(r -> r.path().equals(path));
    }

    @Test
    void nameConnectsToCheckedAddress() throws Exception {
        startWorker(Map.of());

        Map<String, Object> result = run("pinned", "GET", url("callback.test", "/pinned"), null, null);

        assertEquals(200L, response(result).get("status"));
        assertEquals("callback.test:" + target.port(), received("/pinned").getFirst().header("Host"));
    }

    @Test
    void metadataAddressDeniedInEveryMode() throws Exception {
        startWorker(Map.of("CALLBACK_ALLOW", "metadata.test,169.254.0.0/16"));

        Map<String, Object> result = run("metadata", "GET", "http://metadata.test/latest/meta-data/", null, null);

        assertEquals("denied", error(result).get("type"));
        assertEquals("callback to metadata.test:80 denied: address 169.254.169.254 of metadata.test matches"
                + " 169.254.0.0/16 in the built-in link-local rule (cloud metadata services)",
                error(result).get("message"));
        assertEquals(0L, data(result).get("attempts"), "refused before any request");
        assertNull(response(result));
    }

    @Test
    void privateAddressDeniedWhenSwitchedOn() throws Exception {
        startWorker(Map.of("CALLBACK_DENY_PRIVATE", "true"));

        Map<String, Object> result = run("private", "POST", "http://internal.test/admin", null, null);

        assertEquals("denied", error(result).get("type"));
        assertTrue(((String) error(result).get("message")).endsWith("matches 10.0.0.0/8 in CALLBACK_DENY_PRIVATE"));
        assertEquals(0L, data(result).get("attempts"));
    }

    @Test
    void loopbackAllowedByDefault() throws Exception {
        startWorker(Map.of());

        Map<String, Object> result = run("loopback-default", "GET", url("callback.test", "/loopback-default"), null,
                null);

        assertEquals(200L, response(result).get("status"));
        assertEquals(1, received("/loopback-default").size());
    }

    @Test
    void loopbackDeniedWhenSwitchedOn() throws Exception {
        startWorker(Map.of("CALLBACK_DENY_LOOPBACK", "true"));

        Map<String, Object> result = run("loopback-denied", "GET", url("callback.test", "/loopback-denied"), null,
                null);

        assertEquals("denied", error(result).get("type"));
        assertTrue(((String) error(result).get("message")).contains("127.0.0.0/8 in CALLBACK_DENY_LOOPBACK"));
        assertTrue(received("/loopback-denied").isEmpty());
    }

    @Test
    void allowListDeniesUnlistedName() throws Exception {
        startWorker(Map.of("CALLBACK_ALLOW", "callback.test"));

        Map<String, Object> allowed = run("allow-listed", "GET", url("callback.test", "/allow-listed"), null, null);
        Map<String, Object> denied = run("allow-unlisted", "GET", url("other.test", "/allow-unlisted"), null, null);

        assertEquals(200L, response(allowed).get("status"));
        assertEquals("denied", error(denied).get("type"));
        assertTrue(((String) error(denied).get("message")).endsWith("of other.test is not in CALLBACK_ALLOW"));
        assertTrue(received("/allow-unlisted").isEmpty());
    }

    @Test
    void redirectStoredWhenNotFollowed() throws Exception {
        startWorker(Map.of());

        Map<String, Object> result = run("redirect-off", "GET",
                url("callback.test", "/redirect/302?to=" + url("callback.test", "/landed-off")), null, null);

        assertEquals(302L, response(result).get("status"));
        assertTrue(received("/landed-off").isEmpty());
    }

    @Test
    void redirectFollowedWhenEnabled() throws Exception {
        startWorker(Map.of("CALLBACK_FOLLOW_REDIRECTS", "true"));

        Map<String, Object> result = run("redirect-on", "POST",
                url("callback.test", "/redirect/307?to=" + url("other.test", "/landed-on")),
                Map.of("Authorization", TOKEN), Map.of("n", 1));

        assertEquals(200L, response(result).get("status"));
        CallbackTarget.Request landed = received("/landed-on").getFirst();
        assertEquals("POST", landed.method());
        assertEquals("{\"n\":1}", landed.bodyText());
        assertEquals("other.test:" + target.port(), landed.header("Host"));
        assertNull(landed.header("Authorization"), "credentials not sent to another host");
    }

    @Test
    void redirectToMetadataDenied() throws Exception {
        startWorker(Map.of("CALLBACK_FOLLOW_REDIRECTS", "true"));

        Map<String, Object> result = run("redirect-metadata", "GET",
                url("callback.test", "/redirect/302?to=http://metadata.test/latest/"), null, null);

        assertEquals("denied", error(result).get("type"));
        assertTrue(((String) error(result).get("message")).startsWith("redirect 1: callback to metadata.test:80"
                + " denied: address 169.254.169.254"), (String) error(result).get("message"));
        assertEquals(1L, data(result).get("attempts"));
    }

    @Test
    void redirectsStopAtLimit() throws Exception {
        startWorker(Map.of("CALLBACK_FOLLOW_REDIRECTS", "true", "CALLBACK_MAX_REDIRECTS", "1"));
        String second = url("callback.test", "/redirect/302?to=" + url("callback.test", "/landed-limit"));

        Map<String, Object> result = run("redirect-limit", "GET",
                url("callback.test", "/redirect/302?to=" + second), null, null);

        assertEquals(302L, response(result).get("status"));
        assertTrue(received("/landed-limit").isEmpty());
    }

    @Test
    void signedCallbackVerifiesWithSecret() throws Exception {
        startWorker(Map.of("CALLBACK_SIGNING_SECRET", "whsec_" + SECRET_KEY));
        long before = Instant.now().getEpochSecond();

        Map<String, Object> result = run("signed job", "POST", url("callback.test", "/signed"), null,
                Map.of("order", 42));

        assertEquals(200L, response(result).get("status"));
        CallbackTarget.Request request = received("/signed").getFirst();
        String id = request.header("webhook-id");
        String timestamp = request.header("webhook-timestamp");
        assertEquals("signed%20job-7", id);
        long seconds = Long.parseLong(timestamp);
        assertTrue(seconds >= before, timestamp);
        assertTrue(seconds <= Instant.now().getEpochSecond(), timestamp);

        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET_KEY), "HmacSHA256"));
        mac.update((id + "." + timestamp + ".").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(request.body()));
        assertEquals(expected, request.header("webhook-signature"));
    }

    @Test
    void unsignedWithoutSecret() throws Exception {
        startWorker(Map.of());

        run("unsigned", "POST", url("callback.test", "/unsigned"), null, null);

        assertNull(received("/unsigned").getFirst().header("webhook-signature"));
    }

    @Test
    void authorizationReachesTargetButNotLogOrResult() throws Exception {
        startWorker(Map.of("REDACT_HEADERS", "X-Custom-Token"));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", TOKEN);
        headers.put("X-Custom-Token", "custom-secret-value");
        headers.put("X-Trace", "visible");

        Map<String, Object> result;
        String logText;
        try (LogCapture logs = LogCapture.open()) {
            result = run("redacted", "POST", url("callback.test", "/redacted"), headers, null);
            logText = logs.allText();
        }

        CallbackTarget.Request request = received("/redacted").getFirst();
        assertEquals(TOKEN, request.header("Authorization"));
        assertEquals("custom-secret-value", request.header("X-Custom-Token"));
        assertEquals(Map.of("Authorization", "[redacted]", "X-Custom-Token", "[redacted]", "X-Trace", "visible"),
                data(result).get("headers"));
        assertTrue(logText.contains("[redacted]"), "the debug line of the callback was captured");
        assertFalse(logText.contains("s3cr3t-t0ken-value"));
        assertFalse(logText.contains("custom-secret-value"));
        assertFalse(new String(results.rawResults().getLast(), java.nio.charset.StandardCharsets.UTF_8)
                .contains("s3cr3t-t0ken-value"));
    }

    @Test
    void resultKeepsHeadersWhenRedactionOff() throws Exception {
        startWorker(Map.of("RESULT_REDACT_HEADERS", "false"));

        Map<String, Object> result = run("unredacted", "POST", url("callback.test", "/unredacted"),
                Map.of("Authorization", TOKEN), null);

        assertEquals(Map.of("Authorization", TOKEN), data(result).get("headers"));
    }

    @Test
    void tooManyHeadersIsInvalidJob() throws Exception {
        startWorker(Map.of("CALLBACK_MAX_HEADERS", "3"));
        Map<String, String> three = Map.of("X-A", "1", "X-B", "2", "X-C", "3");
        Map<String, String> four = Map.of("X-A", "1", "X-B", "2", "X-C", "3", "X-D", "4");

        Map<String, Object> ok = run("headers-three", "GET", url("callback.test", "/headers-three"), three, null);
        Map<String, Object> rejected = run("headers-four", "GET", url("callback.test", "/headers-four"), four, null);

        assertEquals(200L, response(ok).get("status"));
        assertEquals("invalid_job", error(rejected).get("type"));
        assertEquals("option.headers has 4 headers, above the limit of 3 (CALLBACK_MAX_HEADERS)",
                error(rejected).get("message"));
        assertTrue(received("/headers-four").isEmpty());
    }

    @Test
    void oversizedHeadersAreInvalidJob() throws Exception {
        startWorker(Map.of("CALLBACK_MAX_HEADER_BYTES", "256"));

        Map<String, Object> result = run("headers-big", "GET", url("callback.test", "/headers-big"),
                Map.of("X-Big", "x".repeat(300)), null);

        assertEquals("invalid_job", error(result).get("type"));
        assertEquals("option.headers take 305 bytes, above the limit of 256 (CALLBACK_MAX_HEADER_BYTES)",
                error(result).get("message"));
    }

    @Test
    void oversizedJobIsInvalidWithItsKey() throws Exception {
        startWorker(Map.of("JOB_MAX_BYTES", "2048"));

        Map<String, Object> small = run("job-small", "POST", url("callback.test", "/job-small"), null, "x".repeat(1500));
        Map<String, Object> big = run("job-big", "POST", url("callback.test", "/job-big"), null, "x".repeat(3000));

        assertEquals(200L, response(small).get("status"));
        assertEquals("invalid_job", error(big).get("type"));
        assertTrue(((String) error(big).get("message")).matches("job is 3\\d\\d\\d bytes, above the limit of 2048"
                + " \\(JOB_MAX_BYTES\\)"), (String) error(big).get("message"));
        assertTrue(received("/job-big").isEmpty());
    }

    @Test
    void jobHostHeaderRejected() throws Exception {
        startWorker(Map.of());

        Map<String, Object> result = run("host-header", "GET", url("callback.test", "/host-header"),
                Map.of("Host", "internal.example"), null);

        assertEquals("invalid_job", error(result).get("type"));
        assertEquals("option.headers.Host is not allowed: the worker sets Host from option.url",
                error(result).get("message"));
    }
}
