package io.logset.worker.observability;

import io.logset.worker.intake.JobSlots;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Liveness: alive while jobs move, failing once every slot stays taken beyond the stall limit. */
class LivenessTest {

    private static final Duration STALL_LIMIT = Duration.ofMillis(200);

    @Test
    void aliveBeforeWorkerStarts() {
        assertTrue(new Liveness().check().healthy());
    }

    @Test
    void aliveWhileSlotsAreFree() throws Exception {
        Liveness liveness = new Liveness();
        JobSlots slots = new JobSlots(2);
        liveness.watch(slots, STALL_LIMIT);

        slots.acquire();
        Thread.sleep(STALL_LIMIT.toMillis() * 2);

        assertTrue(liveness.check().healthy(), "one slot is still free");
    }

    @Test
    void stalledSlotsFailThenRecover() throws Exception {
        Liveness liveness = new Liveness();
        JobSlots slots = new JobSlots(1);
        liveness.watch(slots, STALL_LIMIT);

        slots.acquire();
        assertTrue(liveness.check().healthy(), "just taken");
        Thread.sleep(STALL_LIMIT.toMillis() * 2);

        HealthStatus stalled = liveness.check();
        assertFalse(stalled.healthy());
        assertEquals("stalled: all 1 job slots taken and none released for over 200 ms", stalled.reason());

        slots.release();
        assertTrue(liveness.check().healthy(), "a job finished");
    }
}
