package io.logset.worker.config;

/**
 * The user JWT of a NATS credentials file ({@code NATS_CREDS}), sent to the server on each connect. A JWT
 * issued as a bearer token authenticates on its own, so {@link #toString()} hides it like a secret.
 *
 * @param token the encoded JWT
 */
public record UserJwt(String token) {

    @Override
    public String toString() {
        return "UserJwt[hidden]";
    }
}
