package io.logset.worker;

import io.logset.worker.support.HealthProbe;
import io.logset.worker.support.NatsServer;
import io.logset.worker.support.WorkerEnv;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.logset.worker.observability.HealthServer.LIVENESS_PATH;
import static io.logset.worker.observability.HealthServer.READINESS_PATH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged worker as a process: its health endpoints come up on HEALTH_PORT and it stops cleanly on SIGTERM. */
class HealthEndpointsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private NatsServer nats;
    private Process worker;

    @AfterEach
    void stop() {
        if (worker != null && worker.isAlive()) {
            worker.destroyForcibly();
        }
        if (nats != null) {
            nats.close();
        }
    }

    @Test
    void jarServesProbesAndStopsOnSigterm() throws Exception {
        nats = NatsServer.start();
        int healthPort = NatsServer.freePort();
        Path log = Files.createTempFile("worker-it-", ".log");
        worker = startJar(healthPort, log);
        HealthProbe probe = new HealthProbe(healthPort);

        HealthProbe.Response ready = awaitReady(probe);
        assertEquals(200, ready.status(), ready.body() + "\nworker log:\n" + Files.readString(log));
        assertEquals(200, probe.get(LIVENESS_PATH).status());
        Map<String, Double> metrics = probe.scrape();
        assertEquals(1.0, metrics.get("worker_nats_connected"));
        assertEquals(0.0, metrics.get("worker_jobs_received_total"));
        assertTrue(metrics.keySet().stream().anyMatch(series -> series.startsWith("jvm_memory_used_bytes")));

        worker.destroy();

        assertTrue(worker.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "worker stops after SIGTERM");
        String output = Files.readString(log);
        assertTrue(output.contains("worker node-it stopped:"), output);
        assertEquals(0, worker.exitValue(), output);
        Files.deleteIfExists(log);
    }

    private Process startJar(int healthPort, Path log) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String jar = System.getProperty("worker.jar");
        assertTrue(new File(jar).isFile(), "worker jar at " + jar);
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", jar)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(WorkerEnv.forServer(nats, "node-it"));
        builder.environment().put("HEALTH_PORT", Integer.toString(healthPort));
        builder.environment().put("HEALTH_BIND", "127.0.0.1");
        return builder.start();
    }

    /** Polls readiness until 200; connection errors while the process starts count as not ready yet. */
    private HealthProbe.Response awaitReady(HealthProbe probe) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        HealthProbe.Response last = new HealthProbe.Response(0, "no response yet");
        while (System.nanoTime() < deadline && worker.isAlive()) {
            try {
                last = probe.get(READINESS_PATH);
                if (last.status() == 200) {
                    return last;
                }
            } catch (RuntimeException notListening) {
                last = new HealthProbe.Response(0, notListening.toString());
            }
            Thread.sleep(100);
        }
        return last;
    }
}
