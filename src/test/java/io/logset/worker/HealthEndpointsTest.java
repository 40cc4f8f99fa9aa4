package io.logset.worker;

import io.logset.worker.config.ConfigReader;
import io.logset.worker.observability.HealthServer;
import io.logset.worker.observability.Observability;
import io.logset.worker.support.CallbackTarget;
import io.logset.worker.support.HealthProbe;
import io.logset.worker.support.JobBytes;
import io.logset.worker.support.NatsServer;
import io.logset.worker.support.ResultReader;
import io.logset.worker.support.WorkerEnv;
import io.nats.client.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The health and metrics endpoints of a worker connected to a real nats-server, scraped while jobs run. */
class HealthEndpointsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String IN_FLIGHT = "worker_jobs_in_flight";
    private static final String SUCCEEDED = "worker_jobs_succeeded_total";
    private static final String RECEIVED = "worker_jobs_received_total";
    private static final String CALLBACKS = "worker_callback_duration_seconds_count";

    private static NatsServer nats;
    private static CallbackTarget target;
    private static Observability observability;
    private static HealthServer health;
    private static Worker worker;
    private static Connection client;
    private static ResultReader results;
    private static HealthProbe probe;

    @BeforeAll
    static void start() throws Exception {
        nats = NatsServer.start();
        target = CallbackTarget.start();
        observability = Observability.create();
        health = HealthServer.start("127.0.0.1", 0, observability);
        worker = Worker.start(ConfigReader.read(WorkerEnv.forServer(nats, "node-health")), observability);
        client = nats.connect();
        results = new ResultReader(client);
        probe = new HealthProbe(health.port());
    }

    @AfterAll
    static void stop() throws Exception {
        if (worker != null) {
            worker.close();
        }
        if (health != null) {
            health.close();
        }
        if (observability != null) {
            observability.close();
        }
        if (client != null) {
            client.close();
        }
        if (target != null) {
            target.close();
        }
        if (nats != null) {
            nats.close();
        }
    }

    @Test
    void probesReturnOkWhenConnected() {
        HealthProbe.Response live = probe.get(HealthServer.LIVENESS_PATH);
        assertEquals(200, live.status(), live.body());
        assertEquals("ok\n", live.body());

        HealthProbe.Response ready = probe.get(HealthServer.READINESS_PATH);
        assertEquals(200, ready.status(), ready.body());
        assertEquals("ok\n", ready.body());
    }

    @Test
    void metricsFollowRunningAndFinishedJobs() throws Exception {
        Map<String, Double> before = probe.scrape();
        for (int i = 0; i < 3; i++) {
            Map<String, Object> option = JobBytes.httpOption("GET", target.url("/slow/1500"), Map.of(), null);
            client.publish("jobs.metrics", JobBytes.msgpack(JobBytes.job("metrics-slow", i, "HTTP", option)));
        }

        assertEquals(3.0, probe.awaitMetric(IN_FLIGHT, 3.0, WAIT), "jobs in flight while the callbacks wait");
        Map<String, Double> during = probe.scrape();
        assertEquals(before.get(SUCCEEDED), during.get(SUCCEEDED), "no job succeeded yet");
        assertEquals(before.get(RECEIVED) + 3, during.get(RECEIVED));

        Map<String, Object> refused = JobBytes.httpOption("POST", "http://127.0.0.1:" + closedPort() + "/x",
                Map.of(), null);
        client.publish("jobs.metrics", JobBytes.msgpack(JobBytes.job("metrics-refused", 1, "HTTP", refused)));
        client.publish("jobs.metrics", "not a job".getBytes());
        client.publish("jobs.metrics", JobBytes.msgpack(JobBytes.job("metrics-mode", 1, "FTP", Map.of())));

        assertEquals(3, results.await("metrics-slow", 3, WAIT).size());
        assertEquals(1, results.await("metrics-refused", 1, WAIT).size());
        assertEquals(1, results.await("metrics-mode", 1, WAIT).size());
        assertEquals(0.0, probe.awaitMetric(IN_FLIGHT, 0.0, WAIT), "jobs in flight after all results");

        Map<String, Double> after = probe.scrape();
        assertEquals(before.get(RECEIVED) + 6, after.get(RECEIVED));
        assertEquals(before.get(SUCCEEDED) + 3, after.get(SUCCEEDED));
        assertEquals(1.0, delta(before, after, failed("connection_refused")));
        assertEquals(1.0, delta(before, after, failed("invalid_job")));
        assertEquals(1.0, delta(before, after, failed("unknown_mode")));
        assertEquals(0.0, delta(before, after, failed("timeout")));
        assertEquals(4.0, delta(before, after, CALLBACKS), "jobs that sent callbacks: three slow, one refused");
        assertEquals(ConfigReader.DEFAULT_RETRY_MAX_ATTEMPTS - 1.0, delta(before, after, "worker_jobs_retried_total"),
                "the refused callback is retried until the attempts run out");
        assertTrue(delta(before, after, "worker_callback_duration_seconds_sum") >= 4.5,
                "three callbacks of at least 1.5 s each");
        assertTrue(after.containsKey("worker_callback_duration_seconds_bucket{le=\"+Inf\"}"),
                "latency is a histogram");
        assertEquals(before.get("worker_results_published_total") + 6, after.get("worker_results_published_total"));
        assertEquals(0.0, after.get("worker_results_given_up_total"));
        assertEquals(0.0, after.get("worker_results_publish_failures_total"));
    }

    @Test
    void metricsShowConnectionAndJvm() {
        Map<String, Double> metrics = probe.scrape();

        assertEquals(1.0, metrics.get("worker_nats_connected"));
        assertEquals(0.0, metrics.get("worker_nats_reconnects_total"));
        assertEquals((double) ConfigReader.DEFAULT_MAX_IN_FLIGHT, metrics.get("worker_jobs_max_in_flight"));
        assertTrue(metrics.keySet().stream().anyMatch(series -> series.startsWith("jvm_memory_used_bytes")),
                "JVM memory metrics");
        assertTrue(metrics.keySet().stream().anyMatch(series -> series.startsWith("jvm_threads_live_threads")),
                "JVM thread metrics");
    }

    @Test
    void metricsUsePrometheusTextFormat() {
        HealthProbe.Response response = probe.get(HealthServer.METRICS_PATH);

        assertEquals(200, response.status());
        assertTrue(response.body().contains("# TYPE worker_jobs_succeeded_total counter"), response.body());
        assertTrue(response.body().contains("# TYPE worker_callback_duration_seconds histogram"), response.body());
    }

    @Test
    void otherPathsAndMethodsAreRejected() {
        assertEquals(404, probe.get("/").status());
        assertEquals(404, probe.get("/healthz/extra").status());
        assertEquals(405, probe.send("POST", HealthServer.READINESS_PATH).status());
        assertEquals(200, probe.send("HEAD", HealthServer.LIVENESS_PATH).status());
    }

    private static String failed(String type) {
        return "worker_jobs_failed_total{type=\"" + type + "\"}";
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
        return after.getOrDefault(series, 0.0) - before.getOrDefault(series, 0.0);
    }

    /** Returns a loopback port with no listener: taken and released again, so a connection to it is refused. */
    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
