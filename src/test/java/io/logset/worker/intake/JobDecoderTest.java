package io.logset.worker.intake;

import io.logset.worker.support.JobBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobDecoderTest {

    private final JobDecoder decoder = new JobDecoder();

    @Test
    void schedulerSampleDecodes() {
        DecodedJob decoded = decoder.decode(JobBytes.sample("job-http-post.msgpack"), Encoding.MSGPACK);

        assertTrue(decoded.valid(), decoded.problem());
        assertEquals("orders-sync", decoded.job().key());
        assertEquals(2, decoded.job().index());
        assertEquals("HTTP", decoded.job().mode());
        assertEquals("POST", decoded.job().option().path("method").textValue());
        assertEquals(0.5, decoded.job().option().path("body").path("ratio").doubleValue());
        assertTrue(decoded.job().option().path("body").path("note").isNull());
    }

    @Test
    void indexAbove32BitsDecodes() {
        DecodedJob decoded = decoder.decode(JobBytes.sample("job-large-index.msgpack"), Encoding.MSGPACK);

        assertTrue(decoded.valid(), decoded.problem());
        assertEquals(3_000_000_000L, decoded.job().index());
        assertTrue(decoded.job().option().path("headers").isNull());
    }

    @Test
    void jsonJobDecodes() {
        byte[] json = "{\"key\":\"k\",\"index\":7,\"mode\":\"HTTP\",\"option\":{\"url\":\"http://x\"}}"
                .getBytes(StandardCharsets.UTF_8);

        DecodedJob decoded = decoder.decode(json, Encoding.JSON);

        assertTrue(decoded.valid(), decoded.problem());
        assertEquals("k", decoded.job().key());
        assertEquals(7, decoded.job().index());
        assertEquals(Encoding.JSON, decoded.job().encoding());
    }

    @Test
    void encodingFromFirstByte() {
        assertEquals(Encoding.JSON, Encoding.detect(null, " \n{\"key\":1}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Encoding.MSGPACK, Encoding.detect(null, JobBytes.sample("job-http-post.msgpack")));
        assertEquals(Encoding.MSGPACK, Encoding.detect(null, new byte[0]));
    }

    @Test
    void encodingFromContentTypeHeader() {
        var json = new io.nats.client.impl.Headers().put("Content-Type", "application/json; charset=utf-8");
        var msgpack = new io.nats.client.impl.Headers().put("Content-Type", "application/msgpack");

        assertEquals(Encoding.JSON, Encoding.detect(json, JobBytes.sample("job-http-post.msgpack")));
        assertEquals(Encoding.MSGPACK, Encoding.detect(msgpack, "{}".getBytes(StandardCharsets.UTF_8)));
    }

    static Stream<Arguments> badJobs() {
        byte[] sample = JobBytes.sample("job-http-post.msgpack");
        Map<String, Object> wrongTypes = new LinkedHashMap<>();
        wrongTypes.put("key", 5);
        wrongTypes.put("index", "two");
        wrongTypes.put("mode", "HTTP");
        Map<String, Object> partial = new LinkedHashMap<>();
        partial.put("key", "only-key");
        partial.put("index", 9);
        return Stream.of(
                Arguments.of("truncated msgpack", Arrays.copyOf(sample, sample.length / 2), Encoding.MSGPACK,
                        "job is not valid MessagePack", "", 0L),
                Arguments.of("garbage", new byte[]{(byte) 0xc1, 0x01, 0x02}, Encoding.MSGPACK,
                        "job is not valid MessagePack", "", 0L),
                Arguments.of("msgpack string", JobBytes.msgpack("hello"), Encoding.MSGPACK,
                        "job is a string, not a map", "", 0L),
                Arguments.of("msgpack array", JobBytes.msgpack(java.util.List.of(1, 2)), Encoding.MSGPACK,
                        "job is an array, not a map", "", 0L),
                Arguments.of("invalid json", "{\"key\": ".getBytes(StandardCharsets.UTF_8), Encoding.JSON,
                        "job is not valid JSON", "", 0L),
                Arguments.of("json trailing data", "{} {}".getBytes(StandardCharsets.UTF_8), Encoding.JSON,
                        "job is not valid JSON", "", 0L),
                Arguments.of("empty", new byte[0], Encoding.MSGPACK, "job is empty", "", 0L),
                Arguments.of("wrong field types", JobBytes.msgpack(wrongTypes), Encoding.MSGPACK,
                        "key is an integer: it must be a string; index is a string", "", 0L),
                Arguments.of("missing mode", JobBytes.msgpack(partial), Encoding.MSGPACK,
                        "mode is missing", "only-key", 9L),
                Arguments.of("float index", JobBytes.json(Map.of("key", "f", "index", 1.5, "mode", "HTTP")),
                        Encoding.JSON, "index is a float", "f", 0L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badJobs")
    void badJobKeepsWhatWasReadable(String name, byte[] data, Encoding encoding, String problemStart, String key,
                                    long index) {
        DecodedJob decoded = decoder.decode(data, encoding);

        assertFalse(decoded.valid());
        assertTrue(decoded.problem().startsWith(problemStart), decoded.problem());
        assertEquals(key, decoded.job().key());
        assertEquals(index, decoded.job().index());
    }
}
