package io.logset.worker.config;

import io.logset.worker.support.NatsServer;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The list of variables that the deployment is checked against, and the health endpoint settings. */
class ConfigVariablesTest {

    /** An environment map that records which variables the reader requests. */
    private static final class RecordingEnv extends HashMap<String, String> {
        final Set<String> requested = new LinkedHashSet<>();

        RecordingEnv(Map<String, String> values) {
            super(values);
        }

        @Override
        public String get(Object key) {
            requested.add((String) key);
            return super.get(key);
        }
    }

    @Test
    void readerReadsExactlyListedVariables() {
        RecordingEnv env = new RecordingEnv(validEnv());

        ConfigReader.read(env);

        assertEquals(Set.copyOf(ConfigReader.VARIABLES), env.requested);
    }

    @Test
    void requiredVariablesAreListed() {
        assertTrue(ConfigReader.VARIABLES.containsAll(ConfigReader.REQUIRED));
        for (String name : ConfigReader.REQUIRED) {
            Map<String, String> env = new HashMap<>(validEnv());
            env.remove(name);
            ConfigException e = assertThrows(ConfigException.class, () -> ConfigReader.read(env));
            assertTrue(e.problems().stream().anyMatch(p -> p.startsWith(name + ": missing")), e.problems().toString());
        }
    }

    @Test
    void healthSettingsHaveDefaults() {
        WorkerConfig config = ConfigReader.read(validEnv());

        assertEquals(8080, config.healthPort());
        assertEquals("0.0.0.0", config.healthBind());
    }

    @Test
    void healthPortZeroIsAccepted() {
        Map<String, String> env = new HashMap<>(validEnv());
        env.put("HEALTH_PORT", "0");
        env.put("HEALTH_BIND", "127.0.0.1");

        WorkerConfig config = ConfigReader.read(env);

        assertEquals(0, config.healthPort());
        assertEquals("127.0.0.1", config.healthBind());
    }

    @Test
    void invalidHealthSettingsAreReported() {
        Map<String, String> env = new HashMap<>(validEnv());
        env.put("HEALTH_PORT", "70000");
        env.put("HEALTH_BIND", "0.0.0.0 8080");

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigReader.read(env));

        assertEquals(2, e.problems().size(), e.problems().toString());
        assertTrue(e.problems().get(0).startsWith("HEALTH_PORT: '70000' is out of range"), e.problems().get(0));
        assertTrue(e.problems().get(1).startsWith("HEALTH_BIND: '0.0.0.0 8080' is invalid"), e.problems().get(1));
    }

    private static Map<String, String> validEnv() {
        return Map.of("NATS_HOSTS", "127.0.0.1:4222", "NATS_NKEY", NatsServer.newUser()[0]);
    }
}
