package io.logset.worker.bench;

import io.nats.client.Connection;
import io.nats.client.NKey;
import io.nats.client.Nats;
import io.nats.client.Options;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A local nats-server with JetStream and one fresh NKEY user, on a free loopback port. */
final class NatsProcess implements AutoCloseable {

    private final Process process;
    private final Path dir;
    final int port;
    final String seed;

    private NatsProcess(Process process, Path dir, int port, String seed) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.seed = seed;
    }

    static NatsProcess start() throws IOException, GeneralSecurityException, InterruptedException {
        NKey user = NKey.createUser(null);
        int port = freePort();
        Path dir = Files.createTempDirectory("bench-nats-");
        Files.write(dir.resolve("nats.conf"), List.of(
                "listen: 127.0.0.1:" + port,
                "jetstream { store_dir: \"" + dir.resolve("store") + "\" }",
                "authorization { users = [ { nkey: " + new String(user.getPublicKey()) + " } ] }"));
        Process process = new ProcessBuilder(binary(), "-c", dir.resolve("nats.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("nats.log").toFile())
                .start();
        awaitPort(port, process);
        return new NatsProcess(process, dir, port, new String(user.getSeed()));
    }

    String url() {
        return "nats://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    Connection connect() throws IOException, InterruptedException {
        return Nats.connect(new Options.Builder()
                .server(url())
                .authHandler(Nats.staticCredentials(null, seed.toCharArray()))
                .maxReconnects(-1)
                .build());
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String binary() {
        for (String candidate : List.of("/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return "nats-server";
    }

    private static void awaitPort(int port, Process process) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nats-server exited with code " + process.exitValue());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("nats-server did not listen on port " + port);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A temporary directory left behind is harmless.
        }
    }
}
