package io.logset.worker.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.logset.worker.execution.CallbackResponse;
import io.logset.worker.support.JobBytes;
import io.logset.worker.support.Msgpack;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ResultEncoderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ResultEncoder encoder = new ResultEncoder();

    @Test
    void resultBytesMatchGoWorker() throws Exception {
        JobResult result = new JobResult(
                Instant.parse("2026-12-04T12:30:45.123456789Z"),
                new ResultMetadata("orders-sync", 2, "HTTP", "POST", "http://127.0.0.1:8080/hooks/orders"),
                JSON.readTree("{\"Content-Type\":\"application/json\"}"),
                JSON.readTree("{\"page\":1}"),
                new CallbackResponse(200, "{\"ok\":true}", false),
                null, null, null, null, null);

        byte[] encoded = encoder.toMsgpack(result);

        assertEquals(HexFormat.of().formatHex(JobBytes.sample("result-ok.msgpack")), HexFormat.of().formatHex(encoded));
    }

    @Test
    void kvEntryBytesMatchGoCollector() {
        assertArrayEquals(JobBytes.sample("kv-stream-option.msgpack"), ResultStream.logsetEntry("logset_jobs", ""));
    }

    @Test
    void timestampUsesShortestForm() {
        assertEquals(4, ResultEncoder.timestampBytes(Instant.ofEpochSecond(1_700_000_000L)).length);
        assertEquals(8, ResultEncoder.timestampBytes(Instant.ofEpochSecond(1_700_000_000L, 5)).length);
        assertEquals(12, ResultEncoder.timestampBytes(Instant.ofEpochSecond(1L << 34, 5)).length);
        assertEquals(12, ResultEncoder.timestampBytes(Instant.ofEpochSecond(-1, 0)).length);
    }

    @Test
    void timestampRoundTripsThroughIndependentDecoder() {
        for (Instant instant : new Instant[]{Instant.ofEpochSecond(1_700_000_000L),
                Instant.parse("2026-12-04T12:30:45.123456789Z"), Instant.ofEpochSecond(1L << 35, 999_999_999),
                Instant.ofEpochSecond(-86_400, 1)}) {
            JobResult result = new JobResult(instant, new ResultMetadata("k", 1, "HTTP", "GET", "http://x"),
                    null, null, null, new ResultError("timeout", "late"), null, null, null, null);

            Map<String, Object> decoded = Msgpack.decodeMap(encoder.toMsgpack(result));

            assertEquals(instant, ((Msgpack.Timestamp) decoded.get("timestamp")).instant());
        }
    }

    @Test
    void errorResultHasNoResponse() {
        JobResult result = new JobResult(Instant.EPOCH, new ResultMetadata("k", 3, "HTTP", "GET", "http://x"),
                null, null, null, new ResultError("timeout", "late"), "jobs.a", "n1", 12L, 1);

        Map<String, Object> data = ResultReaderView.data(Msgpack.decodeMap(encoder.toMsgpack(result)));

        assertEquals(Map.of("type", "timeout", "message", "late"), data.get("error"));
        assertEquals(false, data.containsKey("response"));
        assertEquals("jobs.a", data.get("subject"));
        assertEquals("n1", data.get("node"));
        assertEquals(12L, data.get("duration_ms"));
        assertEquals(1L, data.get("attempts"));
    }

    /** Reads nested maps of a decoded result. */
    private static final class ResultReaderView {
        @SuppressWarnings("unchecked")
        static Map<String, Object> data(Map<String, Object> result) {
            return (Map<String, Object>) result.get("data");
        }
    }
}
