package io.logset.worker.execution;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;
import java.util.random.RandomGenerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryPolicyTest {

    private static final RetryPolicy POLICY = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(30));

    /** A generator whose draws are all the lowest value, or all the highest, within the bound asked for. */
    private static RandomGenerator fixed(boolean highest) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public long nextLong(long bound) {
                return highest ? bound - 1 : 0;
            }
        };
    }

    @Test
    void backoffDoublesWithinJitterRange() {
        long[] expectedMax = {1000, 2000, 4000, 8000, 16000, 30000, 30000};
        for (int attempt = 1; attempt <= expectedMax.length; attempt++) {
            long max = expectedMax[attempt - 1];
            assertEquals(max / 2, POLICY.delayAfter(attempt, null, fixed(false)).toMillis(), "lowest after " + attempt);
            assertEquals(max, POLICY.delayAfter(attempt, null, fixed(true)).toMillis(), "highest after " + attempt);
        }
    }

    @Test
    void randomDelaysStayInRange() {
        Random random = new Random(42);
        for (int i = 0; i < 1000; i++) {
            long delay = POLICY.delayAfter(3, null, random).toMillis();
            assertTrue(delay >= 2000 && delay <= 4000, "delay " + delay);
        }
    }

    @Test
    void hugeAttemptNumberStaysAtCap() {
        assertEquals(30_000, POLICY.delayAfter(Integer.MAX_VALUE, null, fixed(true)).toMillis());
    }

    @Test
    void retryAfterRaisesDelay() {
        assertEquals(7_000, POLICY.delayAfter(1, Duration.ofSeconds(7), fixed(true)).toMillis());
    }

    @Test
    void retryAfterBelowBackoffChangesNothing() {
        assertEquals(1_000, POLICY.delayAfter(1, Duration.ofMillis(10), fixed(true)).toMillis());
    }

    @Test
    void retryAfterIsCappedAtMaxDelay() {
        assertEquals(30_000, POLICY.delayAfter(1, Duration.ofHours(2), fixed(false)).toMillis());
    }

    @Test
    void zeroInitialDelayRetriesAtOnce() {
        RetryPolicy policy = new RetryPolicy(3, Duration.ZERO, Duration.ZERO);
        assertEquals(Duration.ZERO, policy.delayAfter(2, null, new Random(1)));
    }

    @Test
    void attemptsEndAtMaxAttempts() {
        assertTrue(POLICY.allowsAttemptAfter(4));
        assertFalse(POLICY.allowsAttemptAfter(5));
        assertFalse(new RetryPolicy(1, Duration.ZERO, Duration.ZERO).allowsAttemptAfter(1));
    }

    @Test
    void invalidPoliciesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(101, Duration.ZERO, Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(3, Duration.ofSeconds(-1),
                Duration.ofSeconds(1)));
    }
}
