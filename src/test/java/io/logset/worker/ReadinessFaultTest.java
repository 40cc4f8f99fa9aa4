package io.logset.worker;

import io.logset.worker.config.ConfigReader;
import io.logset.worker.observability.HealthServer;
import io.logset.worker.observability.Observability;
import io.logset.worker.support.CallbackTarget;
import io.logset.worker.support.HealthProbe;
import io.logset.worker.support.JobBytes;
import io.logset.worker.support.NatsServer;
import io.logset.worker.support.WorkerEnv;
import io.nats.client.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.logset.worker.observability.HealthServer.LIVENESS_PATH;
import static io.logset.worker.observability.HealthServer.READINESS_PATH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Readiness and liveness through a NATS outage, a start before NATS is up, and a shutdown. The class has its own
 * nats-server because one test kills it; each test leaves it running.
 */
class ReadinessFaultTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static NatsServer nats;
    private static CallbackTarget target;
    private Observability observability;
    private HealthServer health;
    private HealthProbe probe;
    private Worker worker;

    @BeforeAll
    static void startServers() {
        nats = NatsServer.start();
        target = CallbackTarget.start();
    }

    @AfterAll
    static void stopServers() {
        if (target != null) {
            target.close();
        }
        if (nats != null) {
            nats.close();
        }
    }

    @BeforeEach
    void startHealth() throws Exception {
        observability = Observability.create();
        health = HealthServer.start("127.0.0.1", 0, observability);
        probe = new HealthProbe(health.port());
    }

    @AfterEach
    void stopWorker() {
        if (!nats.running()) {
            nats.restart();
        }
        if (worker != null) {
            worker.close();
        }
        health.close();
        observability.close();
    }

    @Test
    void readinessFollowsNatsOutage() throws Exception {
        worker = Worker.start(ConfigReader.read(WorkerEnv.forServer(nats, "node-outage")), observability);
        assertEquals(200, probe.await(READINESS_PATH, a -> a.status() == 200, WAIT).status());

        nats.kill();

        HealthProbe.Response down = probe.await(READINESS_PATH, a -> a.status() == 503, WAIT);
        assertEquals(503, down.status(), down.body());
        assertEquals("NATS disconnected: reconnecting\n", down.body());
        HealthProbe.Response live = probe.get(LIVENESS_PATH);
        assertEquals(200, live.status(), "liveness must not depend on NATS: " + live.body());
        assertEquals(0.0, probe.scrape().get("worker_nats_connected"));

        nats.restart();

        HealthProbe.Response up = probe.await(READINESS_PATH, a -> a.status() == 200, WAIT);
        assertEquals(200, up.status(), up.body());
        assertEquals(1.0, probe.scrape().get("worker_nats_connected"));
        assertEquals(1.0, probe.scrape().get("worker_nats_reconnects_total"));
    }

    @Test
    void probesRespondWhileWaitingForNats() throws Exception {
        // No server listens on this port, as when the worker starts before its NATS cluster.
        int port = NatsServer.freePort();
        String[] user = NatsServer.newUser();
        Map<String, String> env = WorkerEnv.forServers("127.0.0.1:" + port, user[0], "node-late");
        // A thread of its own rather than the common pool: when a start hung on a common pool thread, callbacks
        // in the tests that ran after it timed out.
        CompletableFuture<Worker> starting = new CompletableFuture<>();
        Thread.ofPlatform().name("late-start").daemon().start(() -> {
            try {
                starting.complete(Worker.start(ConfigReader.read(env), observability));
            } catch (Exception e) {
                starting.completeExceptionally(e);
            }
        });

        HealthProbe.Response waiting = probe.get(READINESS_PATH);
        assertEquals(503, waiting.status());
        assertEquals("starting: not connected to NATS yet\n", waiting.body());
        assertEquals(200, probe.get(LIVENESS_PATH).status());
        assertEquals(0.0, probe.scrape().get("worker_nats_connected"));
        assertFalse(starting.isDone(), "the worker waits for NATS");

        try (NatsServer late = NatsServer.start(port, user, List.of())) {
            Worker started = starting.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            try {
                HealthProbe.Response ready = probe.await(READINESS_PATH, a -> a.status() == 200, WAIT);
                assertEquals(200, ready.status(), ready.body());
                assertEquals(1.0, probe.scrape().get("worker_nats_connected"));
            } finally {
                started.close();
            }
        }
    }

    @Test
    void readinessFailsOnceShutdownStarts() throws Exception {
        worker = Worker.start(ConfigReader.read(WorkerEnv.forServer(nats, "node-drain")), observability);
        assertEquals(200, probe.await(READINESS_PATH, a -> a.status() == 200, WAIT).status());
        try (Connection client = nats.connect()) {
            Map<String, Object> option = JobBytes.httpOption("GET", target.url("/slow/1500"), Map.of(), null);
            client.publish("jobs.drain", JobBytes.msgpack(JobBytes.job("drain-slow", 1, "HTTP", option)));
            client.flush(WAIT);
        }
        assertEquals(1.0, probe.awaitMetric("worker_jobs_in_flight", 1.0, WAIT));

        // A thread of its own, for the same reason as the start above.
        Thread closing = Thread.ofPlatform().name("close").start(worker::close);

        HealthProbe.Response draining = probe.await(READINESS_PATH, a -> a.status() == 503, WAIT);
        assertEquals(503, draining.status());
        assertEquals("draining: the worker is shutting down\n", draining.body());
        assertTrue(closing.isAlive(), "the slow job is still running");
        assertEquals(200, probe.get(LIVENESS_PATH).status(), "a draining worker is alive");

        closing.join(WAIT.toMillis());
        assertFalse(closing.isAlive(), "close returned");
        assertEquals(503, probe.get(READINESS_PATH).status(), "a stopped worker stays not ready");
        assertTrue(target.requests(r -> r.path().equals("/slow/1500")).size() >= 1);
    }
}
