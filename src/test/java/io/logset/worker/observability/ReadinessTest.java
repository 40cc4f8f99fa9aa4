package io.logset.worker.observability;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Readiness: the order of its checks and the reason each failure gives. */
class ReadinessTest {

    @Test
    void notReadyUntilAttached() {
        HealthStatus status = new Readiness().check();

        assertFalse(status.healthy());
        assertEquals("starting: not connected to NATS yet", status.reason());
    }

    @Test
    void readyWhenEveryCheckPasses() {
        Readiness readiness = new Readiness();
        readiness.attach(() -> true, () -> true, Optional::empty);

        assertTrue(readiness.check().healthy());
    }

    @Test
    void reasonsNameFirstFailingCheck() {
        Readiness readiness = new Readiness();

        readiness.attach(() -> false, () -> false, () -> Optional.of("stream gone"));
        assertEquals("NATS disconnected: reconnecting", readiness.check().reason());

        readiness.attach(() -> true, () -> false, () -> Optional.of("stream gone"));
        assertEquals("not subscribed to the job subject", readiness.check().reason());

        readiness.attach(() -> true, () -> true, () -> Optional.of("stream gone"));
        assertEquals("stream gone", readiness.check().reason());
    }

    @Test
    void drainingWinsOverEverything() {
        Readiness readiness = new Readiness();
        readiness.attach(() -> true, () -> true, Optional::empty);

        readiness.startDraining();

        assertFalse(readiness.check().healthy());
        assertEquals("draining: the worker is shutting down", readiness.check().reason());
    }
}
