package io.logset.worker.support;

import java.util.HashMap;
import java.util.Map;

/** Environment maps for starting a worker against a test server. */
public final class WorkerEnv {

    private WorkerEnv() {
    }

    /**
     * The required variables for {@code server}, plus a node name, a short callback timeout and no health
     * endpoints.
     */
    public static Map<String, String> forServer(NatsServer server, String nodeName) {
        return forServers(server.url(), server.seed(), nodeName);
    }

    public static Map<String, String> forServers(String hosts, String seed, String nodeName) {
        Map<String, String> env = new HashMap<>();
        env.put("NATS_HOSTS", hosts);
        env.put("NATS_NKEY", seed);
        env.put("NODE_NAME", nodeName);
        env.put("CALLBACK_TIMEOUT", "2s");
        env.put("SHUTDOWN_GRACE", "5s");
        // Worker processes started by tests keep off the default health port, which another process may hold.
        env.put("HEALTH_PORT", "0");
        return env;
    }
}
