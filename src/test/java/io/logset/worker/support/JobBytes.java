package io.logset.worker.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds job messages the way producers do, with msgpack-core's packer and a plain JSON mapper, not with the
 * worker's own encoder.
 */
public final class JobBytes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JobBytes() {
    }

    /** Builds an HTTP job's option map, in the order the scheduler writes it. */
    public static Map<String, Object> httpOption(String method, String url, Map<String, String> headers, Object body) {
        Map<String, Object> option = new LinkedHashMap<>();
        option.put("method", method);
        option.put("url", url);
        option.put("headers", headers);
        option.put("body", body);
        return option;
    }

    public static Map<String, Object> job(String key, long index, String mode, Object option) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("key", key);
        job.put("index", index);
        job.put("mode", mode);
        job.put("option", option);
        return job;
    }

    public static byte[] msgpack(Object value) {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            pack(packer, value);
            return packer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a recorded sample from the existing Go services, under {@code src/test/resources/wire-samples}. */
    public static byte[] sample(String name) {
        try (InputStream in = JobBytes.class.getResourceAsStream("/wire-samples/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no wire sample " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Replaces port 8080 in a recorded job's URL by {@code port}, which must have four digits so that the
     * encoded string keeps its length and every other byte stays as the producer wrote it.
     */
    public static byte[] withPort(byte[] sample, int port) {
        String replacement = Integer.toString(port);
        if (replacement.length() != 4) {
            throw new IllegalArgumentException("port " + port + " does not have four digits");
        }
        byte[] needle = "127.0.0.1:8080".getBytes(StandardCharsets.US_ASCII);
        byte[] copy = sample.clone();
        for (int i = 0; i + needle.length <= copy.length; i++) {
            if (matches(copy, i, needle)) {
                System.arraycopy(replacement.getBytes(StandardCharsets.US_ASCII), 0, copy, i + 10, 4);
                return copy;
            }
        }
        throw new IllegalArgumentException("sample has no 127.0.0.1:8080");
    }

    private static boolean matches(byte[] data, int at, byte[] needle) {
        for (int j = 0; j < needle.length; j++) {
            if (data[at + j] != needle[j]) {
                return false;
            }
        }
        return true;
    }

    private static void pack(MessageBufferPacker packer, Object value) throws IOException {
        switch (value) {
            case null -> packer.packNil();
            case String s -> packer.packString(s);
            case Integer i -> packer.packInt(i);
            case Long l -> packer.packLong(l);
            case Double d -> packer.packDouble(d);
            case Boolean b -> packer.packBoolean(b);
            case byte[] bytes -> {
                packer.packBinaryHeader(bytes.length);
                packer.writePayload(bytes);
            }
            case Map<?, ?> map -> {
                packer.packMapHeader(map.size());
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    pack(packer, entry.getKey());
                    pack(packer, entry.getValue());
                }
            }
            case List<?> list -> {
                packer.packArrayHeader(list.size());
                for (Object item : list) {
                    pack(packer, item);
                }
            }
            default -> throw new IllegalArgumentException("cannot pack " + value.getClass());
        }
    }
}
