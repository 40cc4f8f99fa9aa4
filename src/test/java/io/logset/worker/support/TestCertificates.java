package io.logset.worker.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate authority with a server certificate for 127.0.0.1 and localhost and a client
 * certificate, made with the {@code openssl} command line tool in a temporary directory. Keys are unencrypted
 * PKCS#8 PEM, as OpenSSL 3 writes them.
 */
public final class TestCertificates {

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** Creates the CA, the server and the client certificates; needs {@code openssl} on the PATH. */
    public static TestCertificates create() {
        try {
            Path dir = Files.createTempDirectory("tls-test-");
            TestCertificates certificates = new TestCertificates(dir);
            certificates.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=worker test CA", "-keyout", "ca-key.pem", "-out", "ca.pem");
            certificates.issue("server", "/CN=127.0.0.1", "subjectAltName=IP:127.0.0.1,DNS:localhost");
            certificates.issue("client", "/CN=worker test client", "extendedKeyUsage=clientAuth");
            certificates.issue("other", "/CN=nats.example", "subjectAltName=DNS:nats.example");
            return certificates;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void issue(String name, String subject, String extension) throws IOException {
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", subject, "-keyout", name + "-key.pem",
                "-out", name + ".csr");
        Files.writeString(dir.resolve(name + ".ext"), extension + "\n");
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial",
                "-days", "2", "-extfile", name + ".ext", "-out", name + ".pem");
    }

    private void openssl(String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("openssl " + args[0] + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Path ca() {
        return dir.resolve("ca.pem");
    }

    public Path serverCert() {
        return dir.resolve("server.pem");
    }

    public Path serverKey() {
        return dir.resolve("server-key.pem");
    }

    /** Returns a server certificate from the same CA for another host name, {@code nats.example} only. */
    public Path otherHostCert() {
        return dir.resolve("other.pem");
    }

    public Path otherHostKey() {
        return dir.resolve("other-key.pem");
    }

    public Path clientCert() {
        return dir.resolve("client.pem");
    }

    public Path clientKey() {
        return dir.resolve("client-key.pem");
    }

    public Path directory() {
        return dir;
    }
}
