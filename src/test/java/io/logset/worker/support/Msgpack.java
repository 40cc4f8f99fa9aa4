package io.logset.worker.support;

import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ExtensionValue;
import org.msgpack.value.Value;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes MessagePack into plain Java values with msgpack-core's own value reader, independently of the
 * worker's encoder: maps keep their order, integers become {@code Long}, and the timestamp extension becomes a
 * {@link Timestamp}.
 */
public final class Msgpack {

    /** The timestamp extension (type -1), with the length of its payload: 4, 8 or 12 bytes. */
    public record Timestamp(Instant instant, int payloadLength) {
    }

    /** An extension value of another type. */
    public record Extension(byte type, byte[] data) {
    }

    private Msgpack() {
    }

    public static Object decode(byte[] bytes) {
        try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(bytes)) {
            Object value = convert(unpacker.unpackValue());
            if (unpacker.hasNext()) {
                throw new IllegalArgumentException("trailing bytes after the first MessagePack value");
            }
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> decodeMap(byte[] bytes) {
        return (Map<String, Object>) decode(bytes);
    }

    private static Object convert(Value value) {
        return switch (value.getValueType()) {
            case NIL -> null;
            case BOOLEAN -> value.asBooleanValue().getBoolean();
            case INTEGER -> value.asIntegerValue().isInLongRange() ? (Object) value.asIntegerValue().toLong()
                    : value.asIntegerValue().toBigInteger();
            case FLOAT -> value.asFloatValue().toDouble();
            case STRING -> value.asStringValue().asString();
            case BINARY -> value.asBinaryValue().asByteArray();
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                value.asArrayValue().forEach(item -> list.add(convert(item)));
                yield list;
            }
            case MAP -> {
                Map<String, Object> map = new LinkedHashMap<>();
                value.asMapValue().entrySet().forEach(e -> map.put(e.getKey().asStringValue().asString(),
                        convert(e.getValue())));
                yield map;
            }
            case EXTENSION -> extension(value.asExtensionValue());
        };
    }

    private static Object extension(ExtensionValue ext) {
        byte[] data = ext.getData();
        if (ext.getType() != -1) {
            return new Extension(ext.getType(), data);
        }
        ByteBuffer buffer = ByteBuffer.wrap(data);
        Instant instant = switch (data.length) {
            case 4 -> Instant.ofEpochSecond(Integer.toUnsignedLong(buffer.getInt()));
            case 8 -> {
                long packed = buffer.getLong();
                yield Instant.ofEpochSecond(packed & 0x3ffffffffL, packed >>> 34);
            }
            case 12 -> {
                int nanos = buffer.getInt();
                yield Instant.ofEpochSecond(buffer.getLong(), nanos);
            }
            default -> throw new IllegalArgumentException("timestamp extension of " + data.length + " bytes");
        };
        return new Timestamp(instant, data.length);
    }
}
