package io.logset.worker.intake;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Starts each job on its own virtual thread once the intake has taken a {@link JobSlots slot} for it, gives the slot
 * back when the job ends, and keeps the running threads so that shutdown can interrupt the jobs still running
 * at the end of the grace period.
 *
 * <p>Thread-safe.
 */
public final class JobThreads {

    private final JobSlots slots;
    private final Set<Thread> running = ConcurrentHashMap.newKeySet();
    private final AtomicLong started = new AtomicLong();

    public JobThreads(JobSlots slots) {
        this.slots = slots;
    }

    /**
     * Runs {@code job} on a new virtual thread. The caller has taken one slot, which is released when the job
     * ends, or here when the thread cannot start.
     */
    void start(Runnable job) {
        try {
            Thread.ofVirtual().name("job-", started.incrementAndGet()).start(() -> {
                running.add(Thread.currentThread());
                try {
                    job.run();
                } finally {
                    running.remove(Thread.currentThread());
                    slots.release();
                }
            });
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
    }

    /** Jobs running now. */
    public int running() {
        return running.size();
    }

    /**
     * Interrupts every running job, so that each ends its callback or retry wait early and settles.
     *
     * @return the number of jobs interrupted
     */
    public int interruptAll() {
        int count = 0;
        for (Thread thread : running) {
            thread.interrupt();
            count++;
        }
        return count;
    }
}
