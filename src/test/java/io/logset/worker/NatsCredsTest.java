package io.logset.worker;

import io.logset.worker.config.ConfigReader;
import io.logset.worker.support.CallbackTarget;
import io.logset.worker.support.JobBytes;
import io.logset.worker.support.LogCapture;
import io.logset.worker.support.NatsOperator;
import io.logset.worker.support.NatsServer;
import io.logset.worker.support.ResultReader;
import io.logset.worker.support.WorkerEnv;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.logset.worker.support.ResultReader.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The worker authenticating with a credentials file (user JWT and seed) against a nats-server in operator mode,
 * with the operator, account and user all issued by the test.
 */
class NatsCredsTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private static Path dir;
    private static NatsOperator operator;
    private static NatsServer nats;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("creds-test-");
        operator = NatsOperator.create();
        nats = NatsServer.startWithOwnAuth(operator.serverConfig(dir));
    }

    @AfterAll
    static void stop() {
        nats.close();
    }

    @Test
    void credsFileRunsJobWithoutLeakingSeed() throws Exception {
        String[] creds = operator.writeCreds(dir.resolve("worker.creds"));
        String[] producer = operator.writeCreds(dir.resolve("producer.creds"));
        Map<String, String> env = WorkerEnv.forServers(nats.url(), "unused", "node-creds");
        env.remove("NATS_NKEY");
        env.put("NATS_CREDS", creds[0]);

        String log;
        try (LogCapture logs = LogCapture.open();
             CallbackTarget target = CallbackTarget.start();
             Worker worker = Worker.start(ConfigReader.read(env));
             Connection client = Nats.connect(new Options.Builder().server(nats.url())
                     .authHandler(Nats.credentials(producer[0])).build())) {
            worker.connection().flush(WAIT);
            client.publish("jobs.creds", JobBytes.msgpack(JobBytes.job("creds-job", 1, "HTTP",
                    JobBytes.httpOption("GET", target.url("/creds"), null, null))));

            List<Map<String, Object>> found = new ResultReader(client).await("creds-job", 1, WAIT);
            assertEquals(1, found.size());
            assertEquals(200L, response(found.getFirst()).get("status"));
            log = logs.allText();
        }

        assertTrue(log.contains("with a user JWT"), log);
        assertFalse(log.contains(creds[1]), "seed in the log");
        assertFalse(log.contains(creds[1].substring(2, 30)), "part of the seed in the log");
        assertFalse(log.contains(creds[2]), "JWT in the log");
    }

    @Test
    void nkeySeedRejectedByOperatorServer() throws Exception {
        Map<String, String> env = WorkerEnv.forServers(nats.url(), NatsServer.newUser()[0], "node-nkey");
        List<String> messages = new ArrayList<>();

        try (LogCapture logs = LogCapture.open()) {
            Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> Nats.connect(
                    io.logset.worker.connection.TestAccess.options(ConfigReader.read(env))).close());
            messages.add(String.valueOf(e.getMessage()));
            messages.add(logs.allText());
        }

        assertTrue(String.join("\n", messages).contains("Authorization Violation"), messages.toString());
    }
}
