package io.logset.worker.execution;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("1994-11-06T08:49:00Z");

    @Test
    void deltaSecondsParsed() {
        assertEquals(Optional.of(Duration.ofSeconds(120)), RetryAfter.parse("120", NOW));
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("0", NOW));
        assertEquals(Optional.of(Duration.ofSeconds(5)), RetryAfter.parse(" 5 ", NOW));
    }

    @Test
    void imfFixdateParsed() {
        assertEquals(Optional.of(Duration.ofSeconds(37)), RetryAfter.parse("Sun, 06 Nov 1994 08:49:37 GMT", NOW));
    }

    @Test
    void obsoleteDateFormsParsed() {
        assertEquals(Optional.of(Duration.ofSeconds(37)), RetryAfter.parse("Sunday, 06-Nov-94 08:49:37 GMT", NOW));
        assertEquals(Optional.of(Duration.ofSeconds(37)), RetryAfter.parse("Thursday, 06-Nov-97 08:49:37 GMT",
                Instant.parse("1997-11-06T08:49:00Z")));
        assertEquals(Optional.of(Duration.ofSeconds(37)), RetryAfter.parse("Sun Nov  6 08:49:37 1994", NOW));
    }

    @Test
    void twoDigitYearFarAheadMeansPast() {
        // From 2030, year 97 would be 2097, more than 50 years ahead, so it is 1997 and already past.
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("Thursday, 06-Nov-97 08:49:37 GMT",
                Instant.parse("2030-01-01T00:00:00Z")));
    }

    @Test
    void pastDateGivesZero() {
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("Sun, 06 Nov 1994 08:00:00 GMT", NOW));
    }

    @Test
    void missingOrInvalidGivesEmpty() {
        assertEquals(Optional.empty(), RetryAfter.parse(null, NOW));
        assertEquals(Optional.empty(), RetryAfter.parse("", NOW));
        assertEquals(Optional.empty(), RetryAfter.parse("-5", NOW));
        assertEquals(Optional.empty(), RetryAfter.parse("1.5", NOW));
        assertEquals(Optional.empty(), RetryAfter.parse("soon", NOW));
        assertEquals(Optional.empty(), RetryAfter.parse("99999999999999999999999", NOW));
    }
}
