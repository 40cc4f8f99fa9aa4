package io.logset.worker.connection;

import io.logset.worker.Worker;
import io.logset.worker.config.ConfigReader;
import io.logset.worker.config.WorkerConfig;
import io.logset.worker.support.LogCapture;
import io.logset.worker.support.NatsServer;
import io.logset.worker.support.TestCertificates;
import io.logset.worker.support.WorkerEnv;
import io.nats.client.Connection;
import io.nats.client.Nats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The NATS connection against a nats-server that requires TLS and a client certificate ({@code verify: true}),
 * with certificates from the test's own CA. Failing cases connect once, without the worker's endless retry.
 */
class NatsTlsTest {

    private static TestCertificates certificates;
    private static NatsServer nats;

    @BeforeAll
    static void start() {
        certificates = TestCertificates.create();
        nats = NatsServer.start(List.of(
                "tls {",
                "  cert_file: \"" + certificates.serverCert() + "\"",
                "  key_file: \"" + certificates.serverKey() + "\"",
                "  ca_file: \"" + certificates.ca() + "\"",
                "  verify: true",
                "  timeout: 2",
                "}"));
    }

    @AfterAll
    static void stop() {
        nats.close();
    }

    private static Map<String, String> env(String node) {
        Map<String, String> env = WorkerEnv.forServers("tls://127.0.0.1:" + nats.port(), nats.seed(), node);
        env.put("JOB_SUBJECT", node + ".*");
        return env;
    }

    /** Connects once with the worker's options; throws when the handshake fails. */
    private static Connection connectOnce(WorkerConfig config, ConnectionEvents events) throws Exception {
        return Nats.connect(NatsConnector.options(config, events));
    }

    @Test
    void mutualTlsWorkerStarts() throws Exception {
        Map<String, String> env = env("tls-mutual");
        env.put("NATS_TLS_CA", certificates.ca().toString());
        env.put("NATS_TLS_CERT", certificates.clientCert().toString());
        env.put("NATS_TLS_KEY", certificates.clientKey().toString());

        try (Worker worker = Worker.start(ConfigReader.read(env))) {
            assertTrue(worker.connected());
        }
    }

    @Test
    void caAndClientCertConnectOverTls() throws Exception {
        Map<String, String> env = env("tls-once");
        env.put("NATS_TLS_CA", certificates.ca().toString());
        env.put("NATS_TLS_CERT", certificates.clientCert().toString());
        env.put("NATS_TLS_KEY", certificates.clientKey().toString());

        try (Connection connection = connectOnce(ConfigReader.read(env), new ConnectionEvents())) {
            assertEquals(Connection.Status.CONNECTED, connection.getStatus());
            assertTrue(connection.getConnectedUrl().startsWith("tls://127.0.0.1:"), connection.getConnectedUrl());
        }
    }

    @Test
    void withoutCaServerCertificateRejected() {
        WorkerConfig config = ConfigReader.read(env("tls-no-ca"));

        String log;
        try (LogCapture logs = LogCapture.open()) {
            assertThrows(IOException.class, () -> connectOnce(config, new ConnectionEvents()).close());
            log = logs.allText();
        }

        assertTrue(log.contains("NATS TLS handshake failed"), log);
        assertTrue(log.contains("PKIX path building failed"), log);
        assertTrue(log.contains("check that NATS_TLS_CA names the CA"), log);
    }

    @Test
    void withoutClientCertServerRejects() {
        Map<String, String> env = env("tls-no-cert");
        env.put("NATS_TLS_CA", certificates.ca().toString());
        WorkerConfig config = ConfigReader.read(env);

        String log;
        try (LogCapture logs = LogCapture.open()) {
            assertThrows(IOException.class, () -> connectOnce(config, new ConnectionEvents()).close());
            log = logs.allText();
        }

        assertFalse(log.contains("PKIX path building failed"), "the worker trusted the server: " + log);
        assertTrue(nats.readLog().contains("TLS handshake error"), nats.readLog());
    }

    @Test
    void certificateForOtherHostRejected() {
        try (NatsServer other = NatsServer.start(List.of(
                "tls {",
                "  cert_file: \"" + certificates.otherHostCert() + "\"",
                "  key_file: \"" + certificates.otherHostKey() + "\"",
                "  timeout: 2",
                "}"))) {
            Map<String, String> env = WorkerEnv.forServers("tls://127.0.0.1:" + other.port(), other.seed(), "tls-host");
            env.put("NATS_TLS_CA", certificates.ca().toString());
            WorkerConfig config = ConfigReader.read(env);

            String log;
            try (LogCapture logs = LogCapture.open()) {
                assertThrows(IOException.class, () -> connectOnce(config, new ConnectionEvents()).close());
                log = logs.allText();
            }

            assertTrue(log.contains("NATS TLS handshake failed"), log);
            assertTrue(log.contains("No subject alternative names matching IP address 127.0.0.1"), log);
        }
    }

    @Test
    void tlsHostWithoutFilesUsesTrustStore() {
        WorkerConfig config = ConfigReader.read(env("tls-default-trust"));

        assertTrue(config.natsTls() != null, "a tls:// host gets a TLS context with the JVM's trust store");
    }
}
