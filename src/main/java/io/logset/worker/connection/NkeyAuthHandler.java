package io.logset.worker.connection;

import io.logset.worker.config.NkeySeed;
import io.logset.worker.config.UserJwt;
import io.nats.client.AuthHandler;
import io.nats.client.NKey;

import java.io.IOException;
import java.security.GeneralSecurityException;

/**
 * Answers the server's NKEY challenge: signs the nonce with the user seed and presents the public key, plus the
 * user JWT when the seed came from a credentials file (decentralized authentication).
 * The key pair is rebuilt for each signing and cleared right after, so the private key lives in memory only
 * during the handshake; the client calls this on the first connect and on every reconnect.
 */
final class NkeyAuthHandler implements AuthHandler {

    private final NkeySeed seed;
    private final UserJwt userJwt;

    /** @param userJwt the user JWT to present; {@code null} for a plain NKEY user */
    NkeyAuthHandler(NkeySeed seed, UserJwt userJwt) {
        this.seed = seed;
        this.userJwt = userJwt;
    }

    @Override
    public byte[] sign(byte[] nonce) {
        NKey key = seed.keyPair();
        try {
            return key.sign(nonce);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("signing the NATS server's nonce with the NKEY failed: "
                    + e.getClass().getSimpleName());
        } finally {
            key.clear();
        }
    }

    @Override
    public char[] getID() {
        return seed.publicKey().toCharArray();
    }

    @Override
    public char[] getJWT() {
        return userJwt == null ? null : userJwt.token().toCharArray();
    }
}
