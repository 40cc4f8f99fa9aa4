package io.logset.worker.bench;

import io.nats.client.Connection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Worker processes started exactly as a user starts them: {@code java -jar worker.jar} with environment variables. */
final class WorkerFleet implements AutoCloseable {

    private final List<Process> processes = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();
    private final Duration startupToFirstJob;

    private WorkerFleet(Duration startupToFirstJob) {
        this.startupToFirstJob = startupToFirstJob;
    }

    /**
     * Starts {@code nodes} workers and returns once each has subscribed. The first node's time from process start
     * to its first job is measured with probe jobs sent as NATS requests until one gets a reply.
     */
    static WorkerFleet start(Path jar, NatsProcess nats, Connection client, DelayTarget target, int nodes,
                             Map<String, String> settings) throws IOException, InterruptedException {
        WorkerFleet fleet = null;
        for (int node = 1; node <= nodes; node++) {
            long spawned = System.nanoTime();
            Path log = Files.createTempFile("bench-worker-" + node + "-", ".log");
            ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-jar", jar.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("MODE", "release");
            builder.environment().put("NATS_HOSTS", nats.url());
            builder.environment().put("NATS_NKEY", nats.seed);
            builder.environment().put("NODE_NAME", "bench-" + node);
            builder.environment().put("CALLBACK_TIMEOUT", "30s");
            // Several nodes run on one machine, so none takes the default health port.
            builder.environment().put("HEALTH_PORT", "0");
            builder.environment().putAll(settings);
            Process process = builder.start();

            try {
                if (fleet == null) {
                    fleet = new WorkerFleet(firstJob(client, target, spawned, process));
                }
                fleet.processes.add(process);
                fleet.logs.add(log);
                awaitLine(log, "worker bench-" + node + " started", process);
            } catch (IOException | InterruptedException | RuntimeException e) {
                process.destroyForcibly();
                if (fleet != null) {
                    fleet.close();
                }
                throw e;
            }
        }
        return fleet;
    }

    private static Duration firstJob(Connection client, DelayTarget target, long spawned, Process process)
            throws InterruptedException {
        byte[] probe = Jobs.encode("probe", 0, target.url());
        long deadline = spawned + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("worker exited with code " + process.exitValue());
            }
            try {
                if (client.request("jobs.probe", probe, Duration.ofMillis(500)) != null) {
                    return Duration.ofNanos(System.nanoTime() - spawned);
                }
            } catch (RuntimeException noResponderYet) {
                Thread.sleep(10);
            }
        }
        throw new IllegalStateException("worker took no job within 60 s");
    }

    private static void awaitLine(Path log, String text, Process process) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.readString(log).contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("worker exited: " + Files.readString(log));
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("worker did not log '" + text + "' within 60 s");
    }

    Duration startupToFirstJob() {
        return startupToFirstJob;
    }

    long firstPid() {
        return processes.getFirst().pid();
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public void close() throws InterruptedException {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        for (Path log : logs) {
            try {
                if (System.getenv("BENCH_KEEP_LOGS") == null) {
                    Files.deleteIfExists(log);
                }
            } catch (IOException ignored) {
                // A temporary log left behind is harmless.
            }
        }
    }
}
