package io.logset.worker.config;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;

/**
 * Builds the {@link SSLContext} for the NATS connection from PEM files: a CA bundle that the server's certificate
 * must chain to ({@code NATS_TLS_CA}) and, for mutual TLS, a client certificate chain and its PKCS#8 private key
 * ({@code NATS_TLS_CERT}, {@code NATS_TLS_KEY}). The key file's bytes and the decoded key are overwritten once
 * the key is loaded; its PEM text passes through one {@code String}, which cannot be overwritten.
 */
final class TlsFiles {

    private static final String KEY_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String KEY_END = "-----END PRIVATE KEY-----";

    private TlsFiles() {
    }

    /**
     * Builds the context. Without a CA file the JVM's default trust store checks the server; without a client
     * certificate the connection presents none. The server's host name must match its certificate.
     *
     * @param ca   CA bundle, PEM; {@code null} for the JVM's default trust store
     * @param cert client certificate chain, PEM; {@code null} together with {@code key}
     * @param key  the client certificate's private key, unencrypted PKCS#8 PEM; {@code null} together with
     *             {@code cert}
     * @throws IllegalArgumentException naming the file and what is wrong with it, never quoting a key
     */
    static SSLContext context(Path ca, Path cert, Path key) {
        try {
            TrustManager[] trust = ca == null ? null : trustManagers(ca);
            KeyManager[] keys = cert == null ? null : keyManagers(cert, key);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return new HostnameVerifyingContext(context);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("NATS_TLS_CA, NATS_TLS_CERT, NATS_TLS_KEY: the TLS context could not be"
                    + " built from these files: " + e.getMessage());
        }
    }

    private static TrustManager[] trustManagers(Path ca) throws GeneralSecurityException {
        Collection<? extends Certificate> certificates = certificates(ca, "NATS_TLS_CA");
        KeyStore store = emptyStore();
        int n = 0;
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("ca-" + n++, certificate);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    private static KeyManager[] keyManagers(Path cert, Path key) throws GeneralSecurityException {
        Certificate[] chain = certificates(cert, "NATS_TLS_CERT").toArray(Certificate[]::new);
        PrivateKey privateKey = privateKey(key, chain[0].getPublicKey().getAlgorithm());

        // The password only guards the in-memory store between these lines, so a random one is overwritten after.
        char[] password = randomPassword();
        try {
            KeyStore store = emptyStore();
            store.setKeyEntry("client", privateKey, password, chain);
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, password);
            return factory.getKeyManagers();
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static Collection<? extends Certificate> certificates(Path file, String variable)
            throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException(variable + ": '" + file + "' contains no PEM certificate");
            }
            return certificates;
        } catch (IOException e) {
            throw new IllegalArgumentException(variable + ": '" + file + "' cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        } catch (CertificateException e) {
            throw new IllegalArgumentException(variable + ": '" + file + "' is not a PEM certificate file: "
                    + e.getMessage());
        }
    }

    private static PrivateKey privateKey(Path file, String algorithm) {
        byte[] pem;
        try {
            pem = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("NATS_TLS_KEY: '" + file + "' cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }

        String text = new String(pem, StandardCharsets.US_ASCII);
        Arrays.fill(pem, (byte) 0);
        int begin = text.indexOf(KEY_BEGIN);
        int end = text.indexOf(KEY_END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("NATS_TLS_KEY: '" + file + "' has no '" + KEY_BEGIN + "' block: use"
                    + " an unencrypted PKCS#8 key, converting with 'openssl pkcs8 -topk8 -nocrypt' if needed");
        }

        byte[] der = null;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(begin + KEY_BEGIN.length(), end));
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("NATS_TLS_KEY: '" + file + "' is not a " + algorithm
                    + " private key matching NATS_TLS_CERT (" + e.getClass().getSimpleName() + ")");
        } finally {
            if (der != null) {
                Arrays.fill(der, (byte) 0);
            }
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException("an empty key store could not be created", e);
        }
        return store;
    }

    private static char[] randomPassword() {
        SecureRandom random = new SecureRandom();
        char[] password = new char[24];
        for (int i = 0; i < password.length; i++) {
            password[i] = (char) ('a' + random.nextInt(26));
        }
        return password;
    }
}
