package io.logset.worker.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The worker as an operator runs it: {@code java -jar worker.jar} with environment variables, in its own
 * process, with stdout and stderr captured to files. Used by the {@code *IT} tests, which run after packaging.
 */
public final class WorkerProcess implements AutoCloseable {

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private WorkerProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts the jar with exactly {@code env} as its environment, plus PATH and HOME. */
    public static WorkerProcess start(Map<String, String> env) {
        try {
            Path dir = Files.createTempDirectory("worker-process-");
            Path stdout = dir.resolve("stdout.log");
            Path stderr = dir.resolve("stderr.log");
            ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-Xmx256m", "-jar", jar().toString())
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            builder.environment().clear();
            builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            builder.environment().put("HOME", System.getProperty("java.io.tmpdir"));
            builder.environment().putAll(env);
            return new WorkerProcess(builder.start(), stdout, stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns the packaged jar, from the {@code worker.jar} system property that failsafe sets. */
    public static Path jar() {
        String path = System.getProperty("worker.jar", "target/worker.jar");
        Path jar = Path.of(path);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("worker jar not found at " + jar + ": run 'mvn package' first");
        }
        return jar;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Sends SIGTERM, as Kubernetes does on a deploy. */
    public void terminate() {
        process.destroy();
    }

    /** Sends SIGKILL, as a crash or an OOM kill would. */
    public void kill() {
        process.destroyForcibly();
    }

    /** Waits for the process to exit and returns its exit code, or fails after {@code timeout}. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("worker process " + pid() + " still running after " + timeout);
        }
        return process.exitValue();
    }

    /** Waits until stdout contains {@code text}, or fails after {@code timeout}. */
    public void awaitOutput(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (stdout().contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("worker exited with " + process.exitValue() + " before printing '"
                        + text + "'; stdout:\n" + stdout() + "\nstderr:\n" + stderr());
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("worker did not print '" + text + "' within " + timeout + "; stdout:\n"
                + stdout());
    }

    public String stdout() {
        return read(stdout);
    }

    public String stderr() {
        return read(stderr);
    }

    public List<String> stdoutLines() {
        return stdout().lines().toList();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
