package io.logset.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logset.worker.config.ConfigReader;
import io.logset.worker.support.CallbackTarget;
import io.logset.worker.support.JobBytes;
import io.logset.worker.support.Msgpack;
import io.logset.worker.support.NatsServer;
import io.logset.worker.support.ResultReader;
import io.logset.worker.support.WorkerEnv;
import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.Message;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.logset.worker.support.ResultReader.data;
import static io.logset.worker.support.ResultReader.error;
import static io.logset.worker.support.ResultReader.metadata;
import static io.logset.worker.support.ResultReader.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One worker against a real nats-server and a real HTTP target: jobs in, callbacks out, results stored. */
class EndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static NatsServer nats;
    private static CallbackTarget target;
    private static Worker worker;
    private static Connection client;
    private static ResultReader results;
    private static Instant startedAt;

    @BeforeAll
    static void start() throws Exception {
        startedAt = Instant.now();
        nats = NatsServer.start();
        target = CallbackTarget.startOnFourDigitPort();
        worker = Worker.start(ConfigReader.read(WorkerEnv.forServer(nats, "node-e2e")));
        client = nats.connect();
        results = new ResultReader(client);
    }

    @AfterAll
    static void stop() throws Exception {
        if (worker != null) {
            worker.close();
        }
        if (client != null) {
            client.close();
        }
        if (target != null) {
            target.close();
        }
        if (nats != null) {
            nats.close();
        }
    }

    @Test
    void schedulerMsgpackJobStoresFullResult() throws Exception {
        byte[] job = JobBytes.withPort(JobBytes.sample("job-http-post.msgpack"), target.port());

        client.publish("jobs.node1", job);

        Map<String, Object> result = single("orders-sync");
        Msgpack.Timestamp timestamp = assertInstanceOf(Msgpack.Timestamp.class, result.get("timestamp"));
        assertFalse(timestamp.instant().isBefore(startedAt), "timestamp " + timestamp.instant());
        assertFalse(timestamp.instant().isAfter(Instant.now()), "timestamp " + timestamp.instant());
        assertEquals(Map.of(), result.get("xdata"));
        assertEquals(List.of("timestamp", "data", "xdata"), List.copyOf(result.keySet()));

        Map<String, Object> data = data(result);
        assertEquals(List.of("metadata", "headers", "body", "response"), List.copyOf(data.keySet()).subList(0, 4));
        assertEquals(Map.of("mode", "HTTP", "method", "POST", "url", target.url("/hooks/orders"),
                "key", "orders-sync", "index", 2L), metadata(result));
        assertEquals(Map.of("Content-Type", "application/json", "X-Trace", "abc"), data.get("headers"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("page", 1L);
        body.put("ids", List.of(1L, 2L, 3L));
        body.put("ratio", 0.5);
        body.put("full", true);
        body.put("note", null);
        assertEquals(body, data.get("body"));
        assertEquals(Map.of("status", 200L, "body", "{\"ok\":true}"), response(result));
        assertNull(data.get("error"));
        assertEquals("jobs.node1", data.get("subject"));
        assertEquals("node-e2e", data.get("node"));
        assertEquals(1L, data.get("attempts"));
        assertTrue((Long) data.get("duration_ms") >= 0);

        CallbackTarget.Request request = target.requests(r -> r.path().equals("/hooks/orders")).getFirst();
        assertEquals("POST", request.method());
        assertEquals("abc", request.header("X-Trace"));
        assertEquals("application/json", request.header("Content-Type"));
        assertEquals(JSON.readTree("{\"page\":1,\"ids\":[1,2,3],\"ratio\":0.5,\"full\":true,\"note\":null}"),
                JSON.readTree(request.body()));
    }

    @Test
    void typedGetJobSendsNoBody() throws Exception {
        client.publish("jobs.node1", JobBytes.withPort(JobBytes.sample("job-http-typed-empty.msgpack"), target.port()));

        Map<String, Object> result = single("nightly");
        assertEquals("GET", metadata(result).get("method"));
        assertEquals(0L, metadata(result).get("index"));
        assertTrue(data(result).containsKey("headers"));
        assertNull(data(result).get("headers"));
        assertNull(data(result).get("body"));
        assertEquals(200L, response(result).get("status"));

        CallbackTarget.Request request = target.requests(r -> r.path().equals("/ping")).getFirst();
        assertEquals("GET", request.method());
        assertEquals(0, request.body().length);
    }

    @Test
    void deleteWithLargeIndexSendsJsonNull() throws Exception {
        client.publish("jobs.node2", JobBytes.withPort(JobBytes.sample("job-large-index.msgpack"), target.port()));

        Map<String, Object> result = single("big");
        assertEquals(3_000_000_000L, metadata(result).get("index"));
        assertEquals("DELETE", metadata(result).get("method"));
        assertEquals(200L, response(result).get("status"));

        CallbackTarget.Request request = target.requests(r -> r.path().equals("/x")).getFirst();
        assertEquals("DELETE", request.method());
        assertEquals("null", request.bodyText());
        assertEquals("application/json", request.header("Content-Type"));
    }

    @Test
    void jsonJobDetectedByFirstByte() throws Exception {
        Map<String, Object> option = JobBytes.httpOption("PUT", target.url("/json/first-byte"),
                Map.of("X-Source", "third-party"), Map.of("n", 7));
        client.publish("jobs.partner", JobBytes.json(JobBytes.job("json-first-byte", 11, "HTTP", option)));

        Map<String, Object> result = single("json-first-byte");
        assertEquals(11L, metadata(result).get("index"));
        assertEquals("PUT", metadata(result).get("method"));
        assertEquals(Map.of("n", 7L), data(result).get("body"));
        assertEquals(200L, response(result).get("status"));
        assertEquals("{\"n\":7}", target.requests(r -> r.path().equals("/json/first-byte")).getFirst().bodyText());
    }

    @Test
    void jsonJobDetectedByContentType() throws Exception {
        Map<String, Object> option = JobBytes.httpOption("POST", target.url("/json/header"), null, "text");
        Headers headers = new Headers().put("Content-Type", "application/json");
        client.publish("jobs.partner", headers, JobBytes.json(JobBytes.job("json-header", 12, "HTTP", option)));

        Map<String, Object> result = single("json-header");
        assertEquals(200L, response(result).get("status"));
        assertEquals("\"text\"", target.requests(r -> r.path().equals("/json/header")).getFirst().bodyText());
    }

    @Test
    void msgpackRequestGetsMsgpackReply() throws Exception {
        Map<String, Object> option = JobBytes.httpOption("POST", target.url("/reply/msgpack"), Map.of(), Map.of());
        byte[] job = JobBytes.msgpack(JobBytes.job("reply-msgpack", 3, "HTTP", option));

        Message reply = client.request("jobs.rpc", job, WAIT);

        Map<String, Object> result = Msgpack.decodeMap(reply.getData());
        assertInstanceOf(Msgpack.Timestamp.class, result.get("timestamp"));
        assertEquals("reply-msgpack", metadata(result).get("key"));
        assertEquals(200L, response(result).get("status"));
        assertEquals(1, results.await("reply-msgpack", 1, WAIT).size(), "result also stored in the stream");
    }

    @Test
    void jsonRequestGetsJsonReply() throws Exception {
        Map<String, Object> option = JobBytes.httpOption("POST", target.url("/status/201"), Map.of(), null);
        byte[] job = JobBytes.json(JobBytes.job("reply-json", 4, "HTTP", option));

        Message reply = client.request("jobs.rpc", job, WAIT);

        JsonNode result = JSON.readTree(reply.getData());
        Instant timestamp = Instant.parse(result.path("timestamp").textValue());
        assertFalse(timestamp.isBefore(startedAt));
        assertEquals("reply-json", result.path("data").path("metadata").path("key").textValue());
        assertEquals(4, result.path("data").path("metadata").path("index").intValue());
        assertEquals(201, result.path("data").path("response").path("status").intValue());
        assertEquals("{\"status\":201}", result.path("data").path("response").path("body").textValue());
        assertTrue(result.path("xdata").isObject());
    }

    @Test
    void anyMethodTokenIsSent() throws Exception {
        for (String method : List.of("PATCH", "PURGE", "OPTIONS")) {
            Map<String, Object> option = JobBytes.httpOption(method, target.url("/method/" + method), Map.of(),
                    Map.of("m", method));
            client.publish("jobs.node1", JobBytes.msgpack(JobBytes.job("method-" + method, 1, "HTTP", option)));

            assertEquals(200L, response(single("method-" + method)).get("status"));
            CallbackTarget.Request request = target.requests(r -> r.path().equals("/method/" + method)).getFirst();
            assertEquals(method, request.method());
            assertEquals("{\"m\":\"" + method + "\"}", request.bodyText());
        }
    }

    @Test
    void jobContentTypeWins() throws Exception {
        Map<String, Object> option = JobBytes.httpOption("POST", target.url("/form"),
                Map.of("Content-Type", "application/x-www-form-urlencoded"), "a=1&b=two");
        client.publish("jobs.node1", JobBytes.msgpack(JobBytes.job("form-body", 1, "HTTP", option)));

        assertEquals(200L, response(single("form-body")).get("status"));
        CallbackTarget.Request request = target.requests(r -> r.path().equals("/form")).getFirst();
        assertEquals("application/x-www-form-urlencoded", request.header("Content-Type"));
        assertEquals("a=1&b=two", request.bodyText());
    }

    @Test
    void errorStatusIsResponseNotError() throws Exception {
        Map<String, Object> option = JobBytes.httpOption("POST", target.url("/status/503"), Map.of(), null);
        client.publish("jobs.node1", JobBytes.msgpack(JobBytes.job("status-503", 1, "HTTP", option)));

        Map<String, Object> result = single("status-503");
        assertEquals(503L, response(result).get("status"));
        assertNull(error(result));
    }

    @Test
    void largeResponseIsTruncated() throws Exception {
        // 300 MB: the worker stops reading after the cap and closes the connection, so this stays cheap.
        Map<String, Object> option = JobBytes.httpOption("GET", target.url("/big/300000000"), Map.of(), null);
        client.publish("jobs.node1", JobBytes.msgpack(JobBytes.job("big-response", 1, "HTTP", option)));

        Map<String, Object> result = single("big-response");
        assertEquals(200L, response(result).get("status"));
        assertEquals(ConfigReader.DEFAULT_MAX_RESPONSE_BYTES, ((String) response(result).get("body")).length());
        assertEquals(true, response(result).get("truncated"));
    }

    @Test
    void resultLayoutMatchesCollector() throws Exception {
        StreamConfiguration stream = client.jetStreamManagement().getStreamInfo("COLLECT_logset_jobs")
                .getConfiguration();
        assertEquals(List.of("collects.logset_jobs"), stream.getSubjects());
        assertEquals(RetentionPolicy.WorkQueue, stream.getRetentionPolicy());

        KeyValue bucket = client.keyValue("collector");
        Map<String, Object> entry = Msgpack.decodeMap(bucket.get("logset_jobs").getValue());
        assertEquals("logset_jobs", entry.get("key"));
        assertTrue(entry.containsKey("description"));
    }

    @Test
    void secondWorkerAcceptsExistingLayout() throws Exception {
        try (Worker second = Worker.start(ConfigReader.read(WorkerEnv.forServer(nats, "node-e2e-2")))) {
            assertTrue(second.connected());
        }
    }

    private static Map<String, Object> single(String key) throws InterruptedException {
        List<Map<String, Object>> found = results.await(key, 1, WAIT);
        assertEquals(1, found.size(), "results with key " + key);
        return found.getFirst();
    }
}
