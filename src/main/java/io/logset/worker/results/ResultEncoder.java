package io.logset.worker.results;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.logset.worker.intake.Encoding;
import io.logset.worker.wire.Codecs;
import org.msgpack.jackson.dataformat.MessagePackExtensionType;
import org.msgpack.jackson.dataformat.MessagePackGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * Writes a {@link JobResult} in the layout the collector reads:
 * {@code {timestamp, data: {metadata: {mode, method, url, key, index}, headers, body, response: {status, body},
 * error: {type, message}}, xdata: {}}}, followed in {@code data} by the optional fields this worker adds.
 * NOTE: the collector depends on these names, their order mirrors the previous Go worker's output byte for byte,
 * and MessagePack's {@code timestamp} is the timestamp extension (type -1). In JSON it is an RFC 3339 string.
 *
 * <p>Thread-safe.
 */
public final class ResultEncoder {

    private static final byte TIMESTAMP_EXTENSION = -1;

    /** Encodes the result as MessagePack, the format of the result stream. */
    public byte[] toMsgpack(JobResult result) {
        return encode(result, Encoding.MSGPACK);
    }

    /** Encodes the result in {@code encoding}, for a reply in the job's own encoding. */
    public byte[] encode(JobResult result, Encoding encoding) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        var mapper = encoding == Encoding.JSON ? Codecs.JSON : Codecs.MSGPACK;
        try (JsonGenerator gen = mapper.createGenerator(out)) {
            gen.writeStartObject();
            gen.writeFieldName("timestamp");
            writeTimestamp(gen, result.timestamp());
            gen.writeFieldName("data");
            writeData(gen, result);
            gen.writeFieldName("xdata");
            gen.writeStartObject();
            gen.writeEndObject();
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("encoding a result failed", e);
        }
        return out.toByteArray();
    }

    private static void writeData(JsonGenerator gen, JobResult result) throws IOException {
        gen.writeStartObject();

        ResultMetadata metadata = result.metadata();
        gen.writeObjectFieldStart("metadata");
        gen.writeStringField("mode", metadata.mode());
        gen.writeStringField("method", metadata.method());
        gen.writeStringField("url", metadata.url());
        gen.writeStringField("key", metadata.key());
        gen.writeNumberField("index", metadata.index());
        gen.writeEndObject();

        gen.writeFieldName("headers");
        writeValue(gen, result.headers());
        gen.writeFieldName("body");
        writeValue(gen, result.body());

        if (result.response() != null) {
            gen.writeObjectFieldStart("response");
            gen.writeNumberField("status", result.response().status());
            gen.writeStringField("body", result.response().body());
            if (result.response().truncated()) {
                gen.writeBooleanField("truncated", true);
            }
            gen.writeEndObject();
        }
        if (result.error() != null) {
            gen.writeObjectFieldStart("error");
            gen.writeStringField("type", result.error().type());
            gen.writeStringField("message", result.error().message());
            gen.writeEndObject();
        }

        if (result.subject() != null) {
            gen.writeStringField("subject", result.subject());
        }
        if (result.node() != null) {
            gen.writeStringField("node", result.node());
        }
        if (result.durationMillis() != null) {
            gen.writeNumberField("duration_ms", result.durationMillis());
        }
        if (result.attempts() != null) {
            gen.writeNumberField("attempts", result.attempts());
        }
        gen.writeEndObject();
    }

    private static void writeValue(JsonGenerator gen, JsonNode value) throws IOException {
        if (value == null || value.isMissingNode()) {
            gen.writeNull();
        } else {
            gen.writeTree(value);
        }
    }

    private static void writeTimestamp(JsonGenerator gen, Instant timestamp) throws IOException {
        if (gen instanceof MessagePackGenerator msgpack) {
            msgpack.writeExtensionType(new MessagePackExtensionType(TIMESTAMP_EXTENSION, timestampBytes(timestamp)));
        } else {
            gen.writeString(timestamp.toString());
        }
    }

    /**
     * Encodes the MessagePack timestamp extension in its shortest form: 4 bytes for whole seconds that fit in
     * 32 bits, 8 bytes for 30 bits of nanoseconds and 34 bits of seconds, otherwise 12 bytes.
     */
    static byte[] timestampBytes(Instant timestamp) {
        long seconds = timestamp.getEpochSecond();
        int nanos = timestamp.getNano();
        if (seconds >>> 34 == 0) {
            long packed = ((long) nanos << 34) | seconds;
            if ((packed & 0xffffffff00000000L) == 0) {
                return ByteBuffer.allocate(4).putInt((int) packed).array();
            }
            return ByteBuffer.allocate(8).putLong(packed).array();
        }
        return ByteBuffer.allocate(12).putInt(nanos).putLong(seconds).array();
    }
}
