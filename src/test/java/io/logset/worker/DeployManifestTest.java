package io.logset.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.logset.worker.config.ConfigException;
import io.logset.worker.config.ConfigReader;
import io.logset.worker.config.WorkerConfig;
import io.logset.worker.observability.HealthServer;
import io.logset.worker.support.NatsServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks the Kubernetes manifests, the Dockerfile and the workflows against the worker's real configuration:
 * variable names, required variables, probe paths and port, and the shutdown grace period.
 */
class DeployManifestTest {

    private static final Path DEPLOY = Path.of("deploy");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void kustomizationListsEveryManifest() throws IOException {
        JsonNode kustomization = read(DEPLOY.resolve("kustomization.yaml"));
        List<String> listed = new ArrayList<>();
        kustomization.path("resources").forEach(resource -> listed.add(resource.asText()));

        TreeSet<String> files = new TreeSet<>();
        try (Stream<Path> paths = Files.list(DEPLOY)) {
            paths.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml") && !name.equals("kustomization.yaml"))
                    .forEach(files::add);
        }
        assertEquals(files, new TreeSet<>(listed));
        assertEquals(files.size(), listed.size(), "no file listed twice");
    }

    @Test
    void everyManifestHasKindAndName() throws IOException {
        try (Stream<Path> paths = Files.walk(DEPLOY)) {
            for (Path path : paths.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                JsonNode manifest = read(path);
                if (path.getFileName().toString().equals("kustomization.yaml")) {
                    assertEquals("Kustomization", manifest.path("kind").asText(), path.toString());
                    continue;
                }
                assertFalse(manifest.path("apiVersion").asText().isEmpty(), path + ": apiVersion");
                assertFalse(manifest.path("kind").asText().isEmpty(), path + ": kind");
                assertFalse(manifest.path("metadata").path("name").asText().isEmpty(), path + ": metadata.name");
            }
        }
    }

    @Test
    void deploymentSetsOnlyVariablesTheWorkerReads() throws IOException {
        JsonNode container = container();
        List<String> names = new ArrayList<>();
        container.path("env").forEach(variable -> names.add(variable.path("name").asText()));

        for (String name : names) {
            assertTrue(ConfigReader.VARIABLES.contains(name), name + " is not read by the worker");
        }
        assertTrue(names.containsAll(ConfigReader.REQUIRED), "required variables " + ConfigReader.REQUIRED);
        assertEquals(3, deployment().path("spec").path("replicas").asInt());
    }

    @Test
    void deploymentEnvironmentIsValidConfig() throws IOException {
        WorkerConfig config = ConfigReader.read(environment());

        assertEquals("release", config.mode().label());
        assertTrue(config.natsServers().size() >= 1);
    }

    @Test
    void nkeyComesFromSecretPlaceholder() throws IOException {
        JsonNode secretRef = env(container(), "NATS_NKEY").path("valueFrom").path("secretKeyRef");
        JsonNode secret = read(DEPLOY.resolve("secret.yaml"));

        assertEquals(secret.path("metadata").path("name").asText(), secretRef.path("name").asText());
        String placeholder = secret.path("stringData").path(secretRef.path("key").asText()).asText();
        assertFalse(placeholder.isEmpty(), "the Secret has the key the Deployment reads");

        Map<String, String> env = environment();
        env.put("NATS_NKEY", placeholder);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigReader.read(env),
                "the placeholder must not be a usable seed");
        assertTrue(e.problems().getFirst().startsWith("NATS_NKEY:"), e.problems().toString());
    }

    @Test
    void probesMatchHealthEndpoints() throws IOException {
        JsonNode container = container();
        int port = ConfigReader.read(environment()).healthPort();
        assertEquals(ConfigReader.DEFAULT_HEALTH_PORT, port);

        assertProbe(container, "livenessProbe", HealthServer.LIVENESS_PATH, port);
        assertProbe(container, "startupProbe", HealthServer.LIVENESS_PATH, port);
        assertProbe(container, "readinessProbe", HealthServer.READINESS_PATH, port);

        JsonNode annotations = deployment().path("spec").path("template").path("metadata").path("annotations");
        assertEquals(Integer.toString(port), annotations.path("prometheus.io/port").asText());
        assertEquals(HealthServer.METRICS_PATH, annotations.path("prometheus.io/path").asText());
    }

    @Test
    void gracePeriodExceedsShutdownGrace() throws IOException {
        long grace = deployment().path("spec").path("template").path("spec")
                .path("terminationGracePeriodSeconds").asLong();
        WorkerConfig config = ConfigReader.read(environment());

        // Jobs still running after SHUTDOWN_GRACE are interrupted and get INTERRUPT_GRACE to settle.
        Duration stop = config.shutdownGrace().plus(Worker.INTERRUPT_GRACE);
        assertTrue(grace > stop.toSeconds(), grace + " s against " + stop);
        assertTrue(grace > ConfigReader.DEFAULT_SHUTDOWN_GRACE.toSeconds(), "grace " + grace + " s");
    }

    @Test
    void podRunsLockedDown() throws IOException {
        JsonNode pod = deployment().path("spec").path("template").path("spec");
        JsonNode container = container();

        assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean());
        JsonNode security = container.path("securityContext");
        assertTrue(security.path("readOnlyRootFilesystem").asBoolean());
        assertFalse(security.path("allowPrivilegeEscalation").asBoolean(true));
        assertEquals("ALL", security.path("capabilities").path("drop").path(0).asText());
        for (String kind : List.of("requests", "limits")) {
            for (String resource : List.of("cpu", "memory")) {
                assertFalse(container.path("resources").path(kind).path(resource).isMissingNode(),
                        kind + "." + resource);
            }
        }
    }

    @Test
    void disruptionBudgetSelectsWorkerPods() throws IOException {
        JsonNode budget = read(DEPLOY.resolve("poddisruptionbudget.yaml"));
        JsonNode podLabels = deployment().path("spec").path("template").path("metadata").path("labels");

        budget.path("spec").path("selector").path("matchLabels").fields().forEachRemaining(label ->
                assertEquals(label.getValue().asText(), podLabels.path(label.getKey()).asText(), label.getKey()));
        assertEquals(1, budget.path("spec").path("maxUnavailable").asInt());
    }

    @Test
    void dockerfileMatchesWorker() throws IOException {
        String dockerfile = Files.readString(Path.of("Dockerfile"));

        assertTrue(dockerfile.contains("RUN --mount=type=cache,target=/root/.m2 mvn -B -ntp -DskipTests package"));
        assertTrue(dockerfile.contains("EXPOSE " + ConfigReader.DEFAULT_HEALTH_PORT + "\n"));
        assertTrue(dockerfile.contains("ENV MODE=release"));
        assertTrue(dockerfile.contains("ENTRYPOINT [\"java\","), "exec form, so SIGTERM reaches the JVM");
        assertTrue(dockerfile.contains("\"-jar\", \"/app/worker.jar\"]"));
        assertTrue(dockerfile.contains("USER 10001:10001"));
        assertEquals(10001, deployment().path("spec").path("template").path("spec").path("securityContext")
                .path("runAsUser").asInt(), "the Deployment runs as the image's user");
    }

    @Test
    void workflowsRunCiAndPinActions() throws IOException {
        Path workflows = Path.of(".github/workflows");
        JsonNode ci = read(workflows.resolve("ci.yml"));
        JsonNode release = read(workflows.resolve("release.yml"));

        // YAML 1.1 reads the key "on" as the boolean true, so it is looked up under both names.
        JsonNode ciTriggers = ci.has("on") ? ci.path("on") : ci.path("true");
        assertTrue(ciTriggers.has("push"), "ci runs on push");
        assertTrue(ciTriggers.has("pull_request"), "ci runs on pull requests");
        assertTrue(Files.readString(workflows.resolve("ci.yml")).contains("run: bash .ci/run"));
        assertTrue(Files.readString(workflows.resolve("release.yml")).contains("ghcr.io/${{ github.repository }}"));
        JsonNode releaseTriggers = release.has("on") ? release.path("on") : release.path("true");
        assertEquals("published", releaseTriggers.path("release").path("types").path(0).asText());

        for (String file : List.of("ci.yml", "release.yml")) {
            for (String line : Files.readAllLines(workflows.resolve(file))) {
                if (line.strip().startsWith("- uses:") || line.strip().startsWith("uses:")) {
                    assertTrue(line.matches(".*@v\\d+\\.\\d+\\.\\d+\\s*"), file + ": pin to a version: " + line);
                }
            }
        }
    }

    @Test
    void exampleNatsConfigIsValid() throws Exception {
        Path dir = Files.createTempDirectory("nats-example-");
        try {
            Files.copy(DEPLOY.resolve("examples/nats-server.conf"), dir.resolve("nats-server.conf"));
            Files.copy(DEPLOY.resolve("examples/worker-permissions.conf"), dir.resolve("worker-permissions.conf"));
            ProcessBuilder builder = new ProcessBuilder(NatsServer.binary(), "-t", "-c", "nats-server.conf")
                    .directory(dir.toFile())
                    .redirectErrorStream(true);
            builder.environment().put("SERVER_NAME", "nats-0");
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes());

            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "nats-server -t finished");
            assertEquals(0, process.exitValue(), output);
        } finally {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
    }

    private static void assertProbe(JsonNode container, String probe, String path, int port) {
        JsonNode httpGet = container.path(probe).path("httpGet");
        assertEquals(path, httpGet.path("path").asText(), probe);
        assertEquals(port, containerPort(container, httpGet.path("port")), probe);
    }

    /** Resolves a probe's port, a number or the name of one of the container's ports. */
    private static int containerPort(JsonNode container, JsonNode port) {
        if (port.isInt()) {
            return port.asInt();
        }
        for (JsonNode declared : container.path("ports")) {
            if (declared.path("name").asText().equals(port.asText())) {
                return declared.path("containerPort").asInt();
            }
        }
        throw new AssertionError("port " + port + " is not declared by the container");
    }

    /** The Deployment's environment as the worker would see it, with a generated seed in place of the Secret. */
    private static Map<String, String> environment() throws IOException {
        Map<String, String> env = new HashMap<>();
        for (JsonNode variable : container().path("env")) {
            String name = variable.path("name").asText();
            if (variable.has("value")) {
                env.put(name, variable.path("value").asText());
            } else if (variable.path("valueFrom").has("secretKeyRef")) {
                env.put(name, NatsServer.newUser()[0]);
            } else {
                env.put(name, "worker-7d9f8-abcde");
            }
        }
        return env;
    }

    private static JsonNode deployment() throws IOException {
        return read(DEPLOY.resolve("deployment.yaml"));
    }

    private static JsonNode container() throws IOException {
        JsonNode containers = deployment().path("spec").path("template").path("spec").path("containers");
        assertEquals(1, containers.size(), "one container");
        return containers.path(0);
    }

    private static JsonNode env(JsonNode container, String name) {
        for (JsonNode variable : container.path("env")) {
            if (variable.path("name").asText().equals(name)) {
                return variable;
            }
        }
        throw new AssertionError(name + " is not set");
    }

    private static JsonNode read(Path path) throws IOException {
        return YAML.readTree(path.toFile());
    }
}
