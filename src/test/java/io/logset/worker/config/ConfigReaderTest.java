package io.logset.worker.config;

import io.logset.worker.support.NatsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigReaderTest {

    private static final String[] USER = NatsServer.newUser();

    private static Map<String, String> valid() {
        Map<String, String> env = new HashMap<>();
        env.put("NATS_HOSTS", "localhost:4222");
        env.put("NATS_NKEY", USER[0]);
        return env;
    }

    private static List<String> problems(Map<String, String> env) {
        return assertThrows(ConfigException.class, () -> ConfigReader.read(env)).problems();
    }

    @Test
    void defaultsApplyWhenOnlyRequiredSet() {
        WorkerConfig config = ConfigReader.read(valid());

        assertEquals(Mode.DEBUG, config.mode());
        assertEquals(List.of("nats://localhost:4222"), config.natsServers());
        assertEquals(USER[1], config.nkey().publicKey());
        assertEquals("jobs.*", config.jobSubject());
        assertEquals("WORKER", config.queueGroup());
        assertEquals(Duration.ofSeconds(5), config.callbackTimeout());
        assertEquals(64 * 1024, config.maxResponseBytes());
        assertEquals("COLLECT_logset_jobs", config.resultStream());
        assertEquals("collects.logset_jobs", config.resultSubject());
        assertEquals(ConfigReader.DEFAULT_MAX_IN_FLIGHT, config.maxInFlight());
    }

    @Test
    void hostsAcceptAllThreeForms() {
        Map<String, String> env = valid();
        env.put("NATS_HOSTS", " nats-0:4222 , nats://nats-1:4223,tls://nats-2:4224,, nats-3 ");

        WorkerConfig config = ConfigReader.read(env);

        assertEquals(List.of("nats://nats-0:4222", "nats://nats-1:4223", "tls://nats-2:4224", "nats://nats-3:4222"),
                config.natsServers());
    }

    @Test
    void releaseModeParsed() {
        Map<String, String> env = valid();
        env.put("MODE", "release");

        assertEquals(Mode.RELEASE, ConfigReader.read(env).mode());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "MODE|verbose|MODE: 'verbose' is invalid",
            "NATS_HOSTS|' , '|NATS_HOSTS: contains no server",
            "NATS_HOSTS|http://nats:4222|NATS_HOSTS: 'http://nats:4222' has the unsupported scheme 'http'",
            "NATS_HOSTS|nats:0|NATS_HOSTS: 'nats:0' has an invalid port",
            "NATS_HOSTS|nats://user:pw@nats:4222|NATS_HOSTS: 'nats://user:pw@nats:4222' contains credentials",
            "MAX_IN_FLIGHT|0|MAX_IN_FLIGHT: '0' is out of range",
            "MAX_IN_FLIGHT|many|MAX_IN_FLIGHT: 'many' is not a whole number",
            "CALLBACK_TIMEOUT|5 seconds|CALLBACK_TIMEOUT: '5 seconds' is not a duration",
            "CALLBACK_TIMEOUT|0s|CALLBACK_TIMEOUT: '0s' is out of range",
            "JOB_SUBJECT|jobs..x|JOB_SUBJECT: 'jobs..x' is invalid",
            "QUEUE_GROUP|WORK*|QUEUE_GROUP: 'WORK*' is invalid",
            "RESULT_LOGSET|a.b|RESULT_LOGSET: 'a.b' is invalid",
    })
    void invalidValueNamesVariable(String name, String value, String expectedStart) {
        Map<String, String> env = valid();
        env.put(name, value);

        List<String> problems = problems(env);

        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.getFirst().startsWith(expectedStart), problems.getFirst());
    }

    @Test
    void missingRequiredVariablesAllReported() {
        List<String> problems = problems(Map.of());

        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("NATS_HOSTS: missing"), problems.get(0));
        assertTrue(problems.get(1).startsWith("NATS_NKEY: missing"), problems.get(1));
    }

    @Test
    void everyProblemReportedAtOnce() {
        Map<String, String> env = valid();
        env.put("MODE", "x");
        env.put("MAX_IN_FLIGHT", "-1");
        env.put("CALLBACK_TIMEOUT", "soon");

        assertEquals(3, problems(env).size());
    }

    @Test
    void brokenSeedRejectedWithoutEcho() {
        Map<String, String> env = valid();
        String broken = USER[0].substring(0, USER[0].length() - 3) + "AAA";
        env.put("NATS_NKEY", broken);

        List<String> problems = problems(env);

        assertEquals(1, problems.size());
        assertTrue(problems.getFirst().startsWith("NATS_NKEY: the value is not a valid NKEY seed"), problems.getFirst());
        assertFalse(problems.getFirst().contains(broken));
        assertFalse(problems.getFirst().contains(broken.substring(2, 20)));
    }

    @Test
    void accountSeedIsRejectedAsNotUser() throws Exception {
        Map<String, String> env = valid();
        String accountSeed = new String(io.nats.client.NKey.createAccount(null).getSeed());
        env.put("NATS_NKEY", accountSeed);

        List<String> problems = problems(env);

        assertTrue(problems.getFirst().contains("not a user seed"), problems.getFirst());
        assertFalse(problems.getFirst().contains(accountSeed));
    }

    @Test
    void toStringHidesSeed() {
        WorkerConfig config = ConfigReader.read(valid());

        assertFalse(config.toString().contains(USER[0]));
        assertTrue(config.toString().contains(USER[1]));
    }

    @Test
    void durationFormsParsed() {
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofSeconds(5), Durations.parse("5s"));
        assertEquals(Duration.ofMinutes(2), Durations.parse("2m"));
        assertEquals(Duration.ofHours(1), Durations.parse("1h"));
        assertEquals(Duration.ofSeconds(90), Durations.parse("PT1M30S"));
    }
}
