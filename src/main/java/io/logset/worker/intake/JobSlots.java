package io.logset.worker.intake;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the jobs a node runs at once. Intake takes a slot before it starts a job and the job gives it back when
 * its result is out, so a flood waits in NATS or in the client's bounded pending buffer, never in an unbounded
 * queue here.
 *
 * <p>Thread-safe.
 */
public final class JobSlots {

    private final int capacity;
    private final Semaphore permits;
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong lastChangeNanos = new AtomicLong(System.nanoTime());

    public JobSlots(int capacity) {
        this.capacity = capacity;
        this.permits = new Semaphore(capacity);
    }

    /** Blocks until a slot is free. */
    public void acquire() throws InterruptedException {
        permits.acquire();
        started.incrementAndGet();
        lastChangeNanos.set(System.nanoTime());
    }

    /** Waits up to {@code timeout} for a slot; returns whether one was taken. */
    public boolean tryAcquire(Duration timeout) throws InterruptedException {
        if (!permits.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        started.incrementAndGet();
        lastChangeNanos.set(System.nanoTime());
        return true;
    }

    /** Takes up to {@code max} slots that are free right now, without waiting; returns how many it took. */
    public int tryAcquireFree(int max) {
        int taken = 0;
        while (taken < max && permits.tryAcquire()) {
            taken++;
        }
        started.addAndGet(taken);
        if (taken > 0) {
            lastChangeNanos.set(System.nanoTime());
        }
        return taken;
    }

    public void release() {
        permits.release();
        lastChangeNanos.set(System.nanoTime());
    }

    /** Gives back {@code count} slots that were taken and not used. */
    public void release(int count) {
        if (count > 0) {
            permits.release(count);
            started.addAndGet(-count);
            lastChangeNanos.set(System.nanoTime());
        }
    }

    /** Jobs running now. */
    public int inFlight() {
        return capacity - permits.availablePermits();
    }

    /** Jobs started since start. */
    public long started() {
        return started.get();
    }

    /**
     * Returns whether every slot is taken and no slot was taken or given back for longer than {@code limit}: jobs
     * are stuck, and while they are, the node takes no new job.
     */
    public boolean stalled(Duration limit) {
        return inFlight() >= capacity && System.nanoTime() - lastChangeNanos.get() > limit.toNanos();
    }

    public int capacity() {
        return capacity;
    }

    /**
     * Waits until every slot is free, that is until all running jobs are done, for at most {@code timeout}.
     *
     * @return whether all jobs finished in time; the slots stay taken on success, so no new job can start
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        return permits.tryAcquire(capacity, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
}
