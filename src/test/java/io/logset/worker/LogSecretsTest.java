package io.logset.worker;

import io.logset.worker.config.ConfigReader;
import io.logset.worker.logging.LogKeys;
import io.logset.worker.support.CallbackTarget;
import io.logset.worker.support.JobBytes;
import io.logset.worker.support.LogCapture;
import io.logset.worker.support.NatsServer;
import io.logset.worker.support.ResultReader;
import io.logset.worker.support.WorkerEnv;
import io.nats.client.Connection;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The seed and credential headers never reach a log line, and one job's ids never leak into another's lines. */
class LogSecretsTest {

    private static final String TOKEN = "Bearer s3cr3t-token-value";
    private static final String COOKIE = "session=c00kie-value";

    @Test
    void secretsNeverLogged() throws Exception {
        try (LogCapture logs = LogCapture.open();
             NatsServer nats = NatsServer.start();
             CallbackTarget target = CallbackTarget.start();
             Worker worker = Worker.start(ConfigReader.read(WorkerEnv.forServer(nats, "node-secrets")));
             Connection client = nats.connect()) {
            Map<String, Object> option = JobBytes.httpOption("POST", target.url("/secret"),
                    Map.of("Authorization", TOKEN, "Cookie", COOKIE, "X-Plain", "visible"), Map.of("a", 1));
            client.publish("jobs.secrets", JobBytes.msgpack(JobBytes.job("with-secrets", 1, "HTTP", option)));
            Map<String, Object> refused = JobBytes.httpOption("POST", "http://127.0.0.1:" + NatsServer.freePort(),
                    Map.of("Authorization", TOKEN), null);
            client.publish("jobs.secrets", JobBytes.msgpack(JobBytes.job("refused-secrets", 2, "HTTP", refused)));

            ResultReader results = new ResultReader(client);
            assertEquals(1, results.await("with-secrets", 1, Duration.ofSeconds(15)).size());
            assertEquals(1, results.await("refused-secrets", 1, Duration.ofSeconds(15)).size());
            assertEquals(TOKEN, target.requests().getFirst().header("Authorization"), "the target gets the real value");
            worker.close();

            String text = logs.allText();
            assertFalse(text.contains(nats.seed()), "seed in logs");
            assertFalse(text.contains("s3cr3t-token-value"), "Authorization value in logs");
            assertFalse(text.contains("c00kie-value"), "Cookie value in logs");
            assertTrue(text.contains("X-Plain=visible"), "other headers are logged at DEBUG");
            assertTrue(text.contains("Authorization=[redacted]"), "redacted header is named");
        }
    }

    @Test
    void jobIdsStayWithTheirJob() throws Exception {
        try (LogCapture logs = LogCapture.open();
             NatsServer nats = NatsServer.start();
             CallbackTarget target = CallbackTarget.start();
             Worker worker = Worker.start(ConfigReader.read(WorkerEnv.forServer(nats, "node-mdc")));
             Connection client = nats.connect()) {
            for (int index = 0; index < 20; index++) {
                Map<String, Object> option = JobBytes.httpOption("GET", target.url("/slow/" + (index % 3) * 20), null, null);
                client.publish("jobs.mdc", JobBytes.msgpack(JobBytes.job("mdc-" + index, index, "HTTP", option)));
            }
            ResultReader results = new ResultReader(client);
            for (int index = 0; index < 20; index++) {
                assertEquals(1, results.await("mdc-" + index, 1, Duration.ofSeconds(15)).size());
            }
            worker.close();

            List<LogCapture.Line> jobLines = logs.lines().stream()
                    .filter(line -> line.message().startsWith("job key=mdc-"))
                    .toList();
            assertEquals(20, jobLines.size(), "one outcome line per job");
            for (LogCapture.Line line : jobLines) {
                String key = line.message().substring("job key=".length()).split(" ")[0];
                assertEquals(key, line.mdc().get(LogKeys.JOB_KEY), line.message());
                assertEquals(key.substring("mdc-".length()), line.mdc().get(LogKeys.JOB_INDEX), line.message());
            }
            assertTrue(logs.lines().stream()
                    .filter(line -> line.message().startsWith("worker node-mdc stopped"))
                    .allMatch(line -> !line.mdc().containsKey(LogKeys.JOB_KEY)), "no job ids outside jobs");
        }
    }
}
