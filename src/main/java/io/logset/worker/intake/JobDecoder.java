package io.logset.worker.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.logset.worker.wire.Codecs;

import org.msgpack.core.MessageNeverUsedFormatException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a job map from MessagePack or JSON. It never throws on bad input: whatever could be read is kept, so
 * that the error result still carries the job's key and index.
 *
 * <p>Thread-safe.
 */
public final class JobDecoder {

    private final int maxBytes;

    /** Creates a decoder that accepts jobs of any size. */
    public JobDecoder() {
        this(Integer.MAX_VALUE);
    }

    /** @param maxBytes size above which a job is invalid ({@code JOB_MAX_BYTES}); it is still decoded for its ids */
    public JobDecoder(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Decodes {@code data}, which arrived in {@code encoding}. */
    public DecodedJob decode(byte[] data, Encoding encoding) {
        ObjectMapper mapper = encoding == Encoding.JSON ? Codecs.JSON : Codecs.MSGPACK;
        String format = encoding == Encoding.JSON ? "JSON" : "MessagePack";

        if (data.length == 0) {
            return invalid(encoding, "job is empty: publish a " + format + " map {key, index, mode, option}");
        }

        JsonNode root;
        try {
            root = mapper.readTree(data);
        } catch (JsonProcessingException e) {
            return invalid(encoding, "job is not valid " + format + ": " + e.getOriginalMessage());
        } catch (MessageNeverUsedFormatException e) {
            return invalid(encoding, "job is not valid " + format + ": it contains the byte 0xc1, which MessagePack"
                    + " never uses");
        } catch (IOException | RuntimeException e) {
            // msgpack-core reports truncated input as an unchecked exception or a plain IOException.
            return invalid(encoding, "job is not valid " + format + ": " + describe(e));
        }
        if (root == null || root.isMissingNode()) {
            return invalid(encoding, "job is empty: publish a " + format + " map {key, index, mode, option}");
        }
        if (!root.isObject()) {
            return invalid(encoding, "job is " + typeName(root) + ", not a map: publish a " + format
                    + " map {key, index, mode, option}");
        }

        List<String> problems = new ArrayList<>();
        if (data.length > maxBytes) {
            problems.add("job is " + data.length + " bytes, above the limit of " + maxBytes + " (JOB_MAX_BYTES)");
        }
        String key = text(root, "key", problems);
        long index = index(root, problems);
        String mode = text(root, "mode", problems);
        JsonNode option = root.path("option");

        Job job = new Job(key, index, mode, option, encoding);
        return new DecodedJob(job, problems.isEmpty() ? null : String.join("; ", problems));
    }

    private static DecodedJob invalid(Encoding encoding, String problem) {
        return new DecodedJob(new Job("", 0, "", MissingNode.getInstance(), encoding), problem);
    }

    private static String text(JsonNode root, String field, List<String> problems) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            problems.add(field + " is missing: set it to a string");
            return "";
        }
        if (!node.isTextual()) {
            problems.add(field + " is " + typeName(node) + ": it must be a string");
            return "";
        }
        if (node.textValue().isEmpty()) {
            problems.add(field + " is empty: it must be a non-empty string");
        }
        return node.textValue();
    }

    private static long index(JsonNode root, List<String> problems) {
        JsonNode node = root.get("index");
        if (node == null || node.isNull()) {
            problems.add("index is missing: set it to an integer");
            return 0;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            problems.add("index is " + typeName(node) + ": it must be an integer that fits in 64 bits");
            return 0;
        }
        return node.longValue();
    }

    /** Names a node's type in the words of the wire format, with its article: {@code an integer}, {@code nil}. */
    public static String typeName(JsonNode node) {
        JsonNodeType type = node.getNodeType();
        return switch (type) {
            case OBJECT -> "a map";
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> node.isIntegralNumber() ? "an integer" : "a float";
            case BOOLEAN -> "a boolean";
            case NULL -> "nil";
            case BINARY -> "binary data";
            default -> "a " + type.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
