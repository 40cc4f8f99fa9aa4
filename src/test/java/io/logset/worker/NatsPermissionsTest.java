package io.logset.worker;

import io.logset.worker.config.ConfigReader;
import io.logset.worker.observability.Observability;
import io.logset.worker.support.CallbackTarget;
import io.logset.worker.support.JobBytes;
import io.logset.worker.support.Msgpack;
import io.logset.worker.support.NatsServer;
import io.logset.worker.support.ResultReader;
import io.logset.worker.support.WorkerEnv;
import io.nats.client.Connection;
import io.nats.client.Message;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.logset.worker.support.ResultReader.metadata;
import static io.logset.worker.support.ResultReader.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs a worker as a NATS user with exactly the permissions documented in
 * {@code deploy/examples/worker-permissions.conf}, so the documented list is known to be enough: start on an
 * empty server, a job sent as a request, and a second start on the existing layout.
 */
class NatsPermissionsTest {

    private static final Path PERMISSIONS = Path.of("deploy/examples/worker-permissions.conf");
    private static final Path JETSTREAM_PERMISSIONS = Path.of("deploy/examples/worker-permissions-jetstream.conf");
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void documentedPermissionsAreEnough() throws Exception {
        String[] workerUser = NatsServer.newUser();
        List<String> user = new ArrayList<>();
        user.add("    { nkey: " + workerUser[1] + ", permissions: {");
        user.addAll(Files.readAllLines(PERMISSIONS));
        user.add("    } }");

        try (NatsServer nats = NatsServer.startWithUsers(user);
             CallbackTarget target = CallbackTarget.start();
             Observability observability = Observability.create();
             Connection producer = nats.connect()) {
            Map<String, String> env = WorkerEnv.forServers(nats.url(), workerUser[0], "node-permissions");

            try (Worker worker = Worker.start(ConfigReader.read(env), observability)) {
                assertTrue(observability.readiness().check().healthy(), observability.readiness().check().reason());

                Map<String, Object> option = JobBytes.httpOption("POST", target.url("/permissions"), Map.of(), null);
                Message reply = producer.request("jobs.permissions",
                        JobBytes.msgpack(JobBytes.job("permissions", 1, "HTTP", option)), WAIT);
                assertEquals(200L, response(Msgpack.decodeMap(reply.getData())).get("status"), "reply to the request");

                List<Map<String, Object>> stored = new ResultReader(producer).await("permissions", 1, WAIT);
                assertEquals(1, stored.size(), "result in the stream");
                assertEquals("permissions", metadata(stored.getFirst()).get("key"));
            }

            Map<String, String> secondEnv = WorkerEnv.forServers(nats.url(), workerUser[0], "node-permissions-2");
            try (Worker second = Worker.start(ConfigReader.read(secondEnv))) {
                assertTrue(second.connected());
            }

            String log = nats.readLog();
            assertFalse(log.contains("Permissions Violation"), log);
        }
    }

    @Test
    void jetStreamPermissionsAreEnough() throws Exception {
        String[] workerUser = NatsServer.newUser();
        List<String> user = new ArrayList<>();
        user.add("    { nkey: " + workerUser[1] + ", permissions: {");
        user.addAll(Files.readAllLines(JETSTREAM_PERMISSIONS));
        user.add("    } }");

        try (NatsServer nats = NatsServer.startWithUsers(user);
             CallbackTarget target = CallbackTarget.start();
             Connection producer = nats.connect()) {
            Map<String, String> env = WorkerEnv.forServers(nats.url(), workerUser[0], "node-permissions-js");
            env.put("INTAKE", "jetstream");

            try (Worker worker = Worker.start(ConfigReader.read(env))) {
                Map<String, Object> option = JobBytes.httpOption("POST", target.url("/permissions-js"), Map.of(), null);
                producer.publish("jobs.permissions", JobBytes.msgpack(JobBytes.job("permissions-js", 1, "HTTP", option)));

                List<Map<String, Object>> stored = new ResultReader(producer).await("permissions-js", 1, WAIT);
                assertEquals(1, stored.size(), "result in the stream");
                assertEquals(200L, response(stored.getFirst()).get("status"));
                assertEquals(0, producer.jetStreamManagement().getConsumerInfo("JOBS", "WORKER").getNumAckPending(),
                        "the job was acknowledged");
            }

            env.put("NODE_NAME", "node-permissions-js-2");
            try (Worker second = Worker.start(ConfigReader.read(env))) {
                assertTrue(second.connected());
            }

            String log = nats.readLog();
            assertFalse(log.contains("Permissions Violation"), log);
        }
    }
}
