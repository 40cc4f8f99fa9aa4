package io.logset.worker.support;

import io.nats.client.Connection;
import io.nats.client.NKey;
import io.nats.client.Nats;
import io.nats.client.Options;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code nats-server} process on a free loopback port, with JetStream and one NKEY user. Tests start one
 * per class, stop and restart it for fault tests, and close it at the end. The store directory survives a
 * restart, as a real server's disk does.
 */
public final class NatsServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Path dir;
    private final int port;
    private final String seed;
    private final String publicKey;
    private final List<String> extraConfig;
    private final boolean nkeyUser;
    private final List<String> extraUsers;
    private Process process;

    private NatsServer(Path dir, int port, String seed, String publicKey, List<String> extraConfig,
                       boolean nkeyUser, List<String> extraUsers) {
        this.dir = dir;
        this.port = port;
        this.seed = seed;
        this.publicKey = publicKey;
        this.extraConfig = extraConfig;
        this.nkeyUser = nkeyUser;
        this.extraUsers = extraUsers;
    }

    /** Starts a server with a fresh NKEY user and returns once it accepts connections. */
    public static NatsServer start() {
        return start(List.of());
    }

    /** Starts a server with extra lines in its configuration file, such as a cluster block. */
    public static NatsServer start(List<String> extraConfig) {
        return start(freePort(), newUser(), extraConfig);
    }

    /**
     * Starts a server without the NKEY user block, for configurations that bring their own authentication, such
     * as operator mode with {@code operator} and {@code resolver} lines; {@link #seed()} is then unused.
     */
    public static NatsServer startWithOwnAuth(List<String> config) {
        return start(freePort(), newUser(), config, false, List.of());
    }

    /**
     * Starts a server with more users beside the test user, each given as a NATS configuration map such as
     * {@code { nkey: U..., permissions: { ... } }}.
     */
    public static NatsServer startWithUsers(List<String> extraUsers) {
        return start(freePort(), newUser(), List.of(), true, extraUsers);
    }

    /** Starts a server on a port and user chosen beforehand, as when the worker starts first. */
    public static NatsServer start(int port, String[] user, List<String> extraConfig) {
        return start(port, user, extraConfig, true, List.of());
    }

    private static NatsServer start(int port, String[] user, List<String> extraConfig, boolean nkeyUser,
                                    List<String> extraUsers) {
        try {
            Path dir = Files.createTempDirectory("nats-test-");
            NatsServer server = new NatsServer(dir, port, user[0], user[1], new ArrayList<>(extraConfig), nkeyUser,
                    List.copyOf(extraUsers));
            server.writeConfig();
            server.startProcess();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts {@code size} servers on loopback that form one JetStream cluster: each has its own port, store and
     * server name, all share the cluster name, the NKEY user and a route to every other.
     */
    public static List<NatsServer> startCluster(int size) {
        String[] user = newUser();
        List<Integer> clientPorts = new ArrayList<>();
        List<Integer> routePorts = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            clientPorts.add(freePort());
            routePorts.add(freePort());
        }
        List<NatsServer> servers = new ArrayList<>();
        try {
            for (int i = 0; i < size; i++) {
                List<String> routes = new ArrayList<>();
                for (int j = 0; j < size; j++) {
                    if (j != i) {
                        routes.add("nats-route://127.0.0.1:" + routePorts.get(j));
                    }
                }
                servers.add(start(clientPorts.get(i), user, List.of(
                        "cluster {",
                        "  name: test_cluster",
                        "  listen: 127.0.0.1:" + routePorts.get(i),
                        "  routes: [ " + String.join(", ", routes) + " ]",
                        "}")));
            }
            return servers;
        } catch (RuntimeException e) {
            servers.forEach(NatsServer::close);
            throw e;
        }
    }

    /** Creates a user key pair: the seed and the public key. */
    public static String[] newUser() {
        try {
            NKey key = NKey.createUser(null);
            return new String[]{new String(key.getSeed()), new String(key.getPublicKey())};
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("creating an NKEY user failed", e);
        }
    }

    private void writeConfig() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("listen: 127.0.0.1:" + port);
        lines.add("server_name: test_" + port);
        lines.add("jetstream {");
        lines.add("  store_dir: \"" + dir.resolve("store") + "\"");
        lines.add("  max_memory_store: 256MB");
        lines.add("  max_file_store: 2GB");
        lines.add("}");
        if (nkeyUser) {
            lines.add("authorization {");
            lines.add("  users = [");
            lines.add("    { nkey: " + publicKey + " }");
            lines.addAll(extraUsers);
            lines.add("  ]");
            lines.add("}");
        }
        lines.addAll(extraConfig);
        Files.write(dir.resolve("nats.conf"), lines);
    }

    private void startProcess() throws IOException {
        process = new ProcessBuilder(binary(), "-c", dir.resolve("nats.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()))
                .start();
        awaitPort(START_TIMEOUT);
    }

    /** Kills the server at once, as a crash would; the store stays for {@link #restart()}. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(process);
            process = null;
        }
    }

    /** Stops the server with SIGTERM and waits for it to exit. */
    public void stop() {
        if (process != null) {
            process.destroy();
            waitFor(process);
            process = null;
        }
    }

    /** Starts the server again on the same port, with the same user and store. */
    public void restart() {
        try {
            startProcess();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean running() {
        return process != null && process.isAlive();
    }

    public int port() {
        return port;
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    public String seed() {
        return seed;
    }

    public String publicKey() {
        return publicKey;
    }

    public Path directory() {
        return dir;
    }

    /** Opens a plain client connection as the test user, for publishing jobs and reading results. */
    public Connection connect() {
        try {
            Options options = new Options.Builder()
                    .server(url())
                    .authHandler(Nats.staticCredentials(null, seed.toCharArray()))
                    .maxReconnects(-1)
                    .connectionTimeout(Duration.ofSeconds(5))
                    .build();
            return Nats.connect(options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        stop();
        deleteQuietly(dir);
    }

    private void awaitPort(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nats-server exited with code " + process.exitValue() + "; log: "
                        + readLog());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        throw new IllegalStateException("nats-server did not listen on port " + port + " within " + timeout);
    }

    public String readLog() {
        try {
            return Files.readString(dir.resolve("server.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Finds {@code nats-server}: {@code NATS_SERVER_BIN}, then the PATH, then where Debian installs it. */
    public static String binary() {
        String configured = System.getenv("NATS_SERVER_BIN");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        String path = System.getenv().getOrDefault("PATH", "");
        List<String> dirs = new ArrayList<>(List.of(path.split(":")));
        dirs.addAll(List.of("/usr/sbin", "/usr/bin", "/usr/local/bin"));
        for (String candidate : dirs) {
            Path file = Path.of(candidate, "nats-server");
            if (Files.isExecutable(file)) {
                return file.toString();
            }
        }
        throw new IllegalStateException("nats-server not found: install it (apt-get install nats-server) or set"
                + " NATS_SERVER_BIN");
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void waitFor(Process process) {
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A temporary directory left behind is harmless.
        }
    }
}
