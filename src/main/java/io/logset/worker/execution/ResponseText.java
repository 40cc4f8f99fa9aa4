package io.logset.worker.execution;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Decodes a response body with the charset its {@code Content-Type} names, UTF-8 otherwise. */
final class ResponseText {

    private ResponseText() {
    }

    static String decode(byte[] bytes, String contentType) {
        Charset charset = StandardCharsets.UTF_8;
        int at = contentType.toLowerCase(Locale.ROOT).indexOf("charset=");
        if (at >= 0) {
            String name = contentType.substring(at + 8).split(";")[0].strip().replace("\"", "");
            try {
                charset = Charset.forName(name);
            } catch (IllegalArgumentException ignored) {
                // An unknown charset falls back to UTF-8; the bytes are still shown, with replacements.
            }
        }
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
