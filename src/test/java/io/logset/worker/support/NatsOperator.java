package io.logset.worker.support;

import io.nats.client.NKey;
import io.nats.client.support.JsonSerializable;
import io.nats.client.support.JwtUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;

/**
 * A NATS decentralized-auth setup made in memory: an operator, one account with JetStream enabled, and user
 * credentials files, all signed with jnats' {@link JwtUtils}. The server trusts the operator and finds the
 * account through {@code resolver: MEMORY} with {@code resolver_preload}.
 */
public final class NatsOperator {

    private final NKey account;
    private final NKey systemAccount;
    private final String operatorJwt;
    private final String accountJwt;
    private final String systemAccountJwt;

    private NatsOperator(NKey account, NKey systemAccount, String operatorJwt, String accountJwt,
                         String systemAccountJwt) {
        this.account = account;
        this.systemAccount = systemAccount;
        this.operatorJwt = operatorJwt;
        this.accountJwt = accountJwt;
        this.systemAccountJwt = systemAccountJwt;
    }

    public static NatsOperator create() {
        try {
            NKey operator = NKey.createOperator(null);
            NKey account = NKey.createAccount(null);
            // nats-server 2.9 starts JetStream in operator mode only with a system account.
            NKey systemAccount = NKey.createAccount(null);
            long now = JwtUtils.currentTimeSeconds();
            String issuer = new String(operator.getPublicKey());
            String operatorJwt = JwtUtils.issueJWT(operator, issuer, "test-operator", null, now, issuer, claims("{\"type\":\"operator\",\"version\":2}"));
            String accountJwt = JwtUtils.issueJWT(operator, new String(account.getPublicKey()), "test-account", null,
                    now, issuer, claims("{\"limits\":{\"subs\":-1,\"data\":-1,\"payload\":-1,\"imports\":-1,"
                            + "\"exports\":-1,\"wildcards\":true,\"conn\":-1,\"leaf\":-1,\"mem_storage\":-1,"
                            + "\"disk_storage\":-1,\"streams\":-1,\"consumer\":-1},\"type\":\"account\",\"version\":2}"));
            String systemAccountJwt = JwtUtils.issueJWT(operator, new String(systemAccount.getPublicKey()), "SYS",
                    null, now, issuer, claims("{\"type\":\"account\",\"version\":2}"));
            return new NatsOperator(account, systemAccount, operatorJwt, accountJwt, systemAccountJwt);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("creating operator keys failed", e);
        }
    }

    private static JsonSerializable claims(String json) {
        return () -> json;
    }

    /** Writes the operator JWT to {@code dir} and returns the server configuration lines that trust it. */
    public List<String> serverConfig(Path dir) {
        try {
            Path operatorFile = dir.resolve("operator.jwt");
            Files.writeString(operatorFile, operatorJwt);
            return List.of(
                    "operator: \"" + operatorFile + "\"",
                    "system_account: " + new String(systemAccount.getPublicKey()),
                    "resolver: MEMORY",
                    "resolver_preload: {",
                    "  " + new String(account.getPublicKey()) + ": \"" + accountJwt + "\"",
                    "  " + new String(systemAccount.getPublicKey()) + ": \"" + systemAccountJwt + "\"",
                    "}");
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a credentials file for a new user whose JWT does not expire. */
    public String[] writeCreds(Path file) {
        return writeCreds(file, null, JwtUtils.currentTimeSeconds());
    }

    /**
     * Writes a credentials file for a new user of the account, in the layout {@code nsc generate creds} uses.
     *
     * @param expiration the JWT's lifetime from {@code issuedAt}; {@code null} for none
     * @param issuedAt   the JWT's issue time in Unix seconds
     * @return the file, the user's seed and the JWT, for checks that they never reach a log
     */
    public String[] writeCreds(Path file, Duration expiration, long issuedAt) {
        try {
            NKey user = NKey.createUser(null);
            String jwt = JwtUtils.issueUserJWT(account, new String(user.getPublicKey()), "worker", expiration,
                    issuedAt, new JwtUtils.UserClaim(new String(account.getPublicKey())));
            String seed = new String(user.getSeed());
            Files.writeString(file, String.format(JwtUtils.NATS_USER_JWT_FORMAT, jwt, seed));
            return new String[]{file.toString(), seed, jwt};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
