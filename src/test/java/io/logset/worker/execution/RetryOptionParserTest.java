package io.logset.worker.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryOptionParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RetryPolicy DEFAULTS = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(30));

    private static JsonNode option(String retry) throws Exception {
        return JSON.readTree("{\"url\":\"http://127.0.0.1/\"" + (retry == null ? "" : ",\"retry\":" + retry) + "}");
    }

    @Test
    void missingRetryUsesDefaults() throws Exception {
        assertSame(DEFAULTS, RetryOptionParser.parse(option(null), DEFAULTS));
        assertSame(DEFAULTS, RetryOptionParser.parse(option("null"), DEFAULTS));
    }

    @Test
    void fullRetryOverridesDefaults() throws Exception {
        RetryPolicy policy = RetryOptionParser.parse(
                option("{\"max_attempts\":7,\"initial_delay_ms\":50,\"max_delay_ms\":400}"), DEFAULTS);
        assertEquals(new RetryPolicy(7, Duration.ofMillis(50), Duration.ofMillis(400)), policy);
    }

    @Test
    void partialRetryKeepsOtherDefaults() throws Exception {
        RetryPolicy policy = RetryOptionParser.parse(option("{\"max_attempts\":1}"), DEFAULTS);
        assertEquals(new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(30)), policy);
    }

    @Test
    void initialAboveDefaultMaxRaisesMax() throws Exception {
        RetryPolicy policy = RetryOptionParser.parse(option("{\"initial_delay_ms\":60000}"), DEFAULTS);
        assertEquals(Duration.ofSeconds(60), policy.maxDelay());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[1,2]                                        | option.retry is an array",
            "{\"max_attempts\":0}                         | option.retry.max_attempts is 0",
            "{\"max_attempts\":101}                       | option.retry.max_attempts is 101",
            "{\"max_attempts\":\"3\"}                     | option.retry.max_attempts is a string",
            "{\"max_attempts\":2.5}                       | option.retry.max_attempts is a float",
            "{\"initial_delay_ms\":-1}                    | option.retry.initial_delay_ms is -1",
            "{\"max_delay_ms\":3600001}                   | option.retry.max_delay_ms is 3600001",
            "{\"initial_delay_ms\":500,\"max_delay_ms\":100} | option.retry.initial_delay_ms (500) is above",
            "{\"attempts\":3}                             | option.retry.attempts is unknown"})
    void invalidRetryIsInvalidJob(String retry, String messageStart) throws Exception {
        JobFailure failure = assertThrows(JobFailure.class, () -> RetryOptionParser.parse(option(retry), DEFAULTS));
        assertEquals(ErrorType.INVALID_JOB, failure.type());
        assertTrue(failure.getMessage().startsWith(messageStart), failure.getMessage());
    }
}
