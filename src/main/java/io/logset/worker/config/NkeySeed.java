package io.logset.worker.config;

import io.nats.client.NKey;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * An NKEY user seed, checked once at start. The seed characters stay in this object only; {@link #toString()}
 * shows the public key, so the seed cannot reach a log line through string formatting.
 *
 * <p>Thread-safe: the seed is never modified after construction, except by {@link #wipe()}.
 */
public final class NkeySeed {

    private final char[] seed;
    private final String publicKey;

    private NkeySeed(char[] seed, String publicKey) {
        this.seed = seed;
        this.publicKey = publicKey;
    }

    /**
     * Decodes a user seed.
     *
     * @throws IllegalArgumentException with a message that never contains the seed, when the text is not a
     *                                  valid NKEY seed or is the seed of another key type (account, operator)
     */
    static NkeySeed parse(String text) {
        return parse(text.strip().toCharArray());
    }

    /**
     * Decodes a user seed from characters that this object takes over: they are kept on success and overwritten
     * on failure, so the caller must not use or wipe them afterwards.
     *
     * @throws IllegalArgumentException as {@link #parse(String)}
     */
    static NkeySeed parse(char[] chars) {
        NKey key;
        try {
            key = NKey.fromSeed(chars);
        } catch (RuntimeException e) {
            // The client's message may quote the input, so it is dropped on purpose.
            Arrays.fill(chars, '\0');
            throw new IllegalArgumentException("is not a valid NKEY seed (it failed to decode)");
        }

        try {
            if (key.getType() != NKey.Type.USER) {
                Arrays.fill(chars, '\0');
                throw new IllegalArgumentException("is an NKEY seed of type " + key.getType()
                        + ", not a user seed (a user seed starts with SU)");
            }
            return new NkeySeed(chars, new String(key.getPublicKey()));
        } catch (GeneralSecurityException | IOException e) {
            Arrays.fill(chars, '\0');
            throw new IllegalArgumentException("is not a valid NKEY seed (its public key could not be derived)");
        } finally {
            key.clear();
        }
    }

    /** Returns a fresh key pair for one signing; the caller clears it after use. */
    public NKey keyPair() {
        return NKey.fromSeed(seed);
    }

    /** The user's public key, which starts with {@code U}; safe to log. */
    public String publicKey() {
        return publicKey;
    }

    /** Overwrites the seed characters; the object cannot sign afterwards. */
    public void wipe() {
        Arrays.fill(seed, '\0');
    }

    @Override
    public String toString() {
        return "NkeySeed[publicKey=" + publicKey + "]";
    }
}
