package io.logset.worker.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.logset.worker.wire.Codecs;
import io.nats.client.support.JwtUtils;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;

/**
 * Reads a NATS credentials file ({@code .creds}), as {@code nsc} writes it for decentralized authentication: a
 * block {@code -----BEGIN NATS USER JWT-----} with the user JWT, then a block {@code -----BEGIN USER NKEY
 * SEED-----} with the user's seed. The file is read once. Its bytes and characters are overwritten as soon as the
 * seed is taken out, and no message quotes the file's content.
 */
final class CredsFile {

    /** The contents of a valid file: the user JWT, sent to the server on connect, and the seed that signs nonces. */
    record Credentials(UserJwt userJwt, NkeySeed seed) {
    }

    private CredsFile() {
    }

    /**
     * Reads and checks the file: both blocks present, a user seed, and a user JWT issued for that seed's public
     * key that has not expired.
     *
     * @throws IllegalArgumentException with a message that never contains the seed
     */
    static Credentials read(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot be read (" + e.getClass().getSimpleName() + ")");
        }

        char[] text;
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            text = Arrays.copyOf(chars.array(), chars.limit());
            Arrays.fill(chars.array(), '\0');
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("is not a text file");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }

        try {
            char[] jwtChars = blockAfter(text, "JWT");
            char[] seedChars = blockAfter(text, "SEED");
            if (jwtChars == null || seedChars == null) {
                if (seedChars != null) {
                    Arrays.fill(seedChars, '\0');
                }
                throw new IllegalArgumentException("is not a NATS credentials file: it needs a BEGIN NATS USER JWT"
                        + " block and a BEGIN USER NKEY SEED block, as 'nsc generate creds' writes them");
            }
            String jwt = new String(jwtChars);
            NkeySeed seed = NkeySeed.parse(seedChars);
            checkJwt(jwt, seed);
            return new Credentials(new UserJwt(jwt), seed);
        } finally {
            Arrays.fill(text, '\0');
        }
    }

    /** Returns a copy of the first non-blank line after the first {@code -----BEGIN ...<kind>...-----} line. */
    private static char[] blockAfter(char[] text, String kind) {
        boolean inBlock = false;
        int start = 0;
        while (start < text.length) {
            int end = start;
            while (end < text.length && text[end] != '\n') {
                end++;
            }
            int lineEnd = end > start && text[end - 1] == '\r' ? end - 1 : end;
            char[] line = trimmed(text, start, lineEnd);
            if (inBlock && line.length > 0) {
                return line;
            }
            // Only marker lines, which hold no secret, become strings.
            if (line.length > 0 && line[0] == '-') {
                String marker = new String(line);
                inBlock = marker.contains("BEGIN") && marker.contains(kind);
            }
            Arrays.fill(line, '\0');
            start = end + 1;
        }
        return null;
    }

    private static char[] trimmed(char[] text, int from, int to) {
        while (from < to && Character.isWhitespace(text[from])) {
            from++;
        }
        while (to > from && Character.isWhitespace(text[to - 1])) {
            to--;
        }
        return Arrays.copyOfRange(text, from, to);
    }

    private static void checkJwt(String jwt, NkeySeed seed) {
        JsonNode claims;
        try {
            claims = Codecs.JSON.readTree(JwtUtils.getClaimBody(jwt));
        } catch (IOException | RuntimeException e) {
            seed.wipe();
            throw new IllegalArgumentException("contains a user JWT that cannot be decoded");
        }

        String type = claims.path("nats").path("type").asText("");
        String subject = claims.path("sub").asText("");
        if (!type.equals("user")) {
            seed.wipe();
            throw new IllegalArgumentException("contains a JWT of type '" + type + "', not a user JWT");
        }
        if (!subject.equals(seed.publicKey())) {
            seed.wipe();
            throw new IllegalArgumentException("contains a user JWT for " + subject + " but the seed of "
                    + seed.publicKey() + ": issue the file again with 'nsc generate creds'");
        }
        long expires = claims.path("exp").asLong(0);
        if (expires != 0 && Instant.ofEpochSecond(expires).isBefore(Instant.now())) {
            seed.wipe();
            throw new IllegalArgumentException("contains a user JWT that expired at " + Instant.ofEpochSecond(expires)
                    + ": issue a new one");
        }
    }
}
