package com.researchassistant.library;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-embeds the library into a new space in the background, then makes that space the live one.
 *
 * <p>The new space's index is a replica like any other ({@link IndexReplica}): it follows the
 * shared change log from its own position, kept in the index, and embeds every document whose
 * stored vectors are of another embedding. So it survives a restart (it resumes where its index
 * got to), and documents uploaded meanwhile, indexed in the old space, are re-embedded too. When
 * the log no longer reaches back to that position (it was pruned; a new index stands at 0), it
 * starts from the passages table, one document at a time, and then follows the log from the head
 * it read then. It reports its position under its own name like any replica, so pruning keeps the
 * changes it still lacks, and is forgotten once it is live (the library's replica then reports it).
 *
 * <p>Searches and uploads keep using the old space until the new one has caught up with the log.
 * The work yields: one document at a time, on one thread (one core), for at most {@link #SLICE}
 * per round, and not at all while {@code busy} (interactive work marked in {@link Foreground} runs
 * or just ended, such as a search, an answer or a page being drawn, or an upload is indexing).
 * The switch waits for running uploads and holds new ones back while the last few documents are
 * caught up; {@link SpaceHandover#switched} is told at once, {@link SpaceHandover#retire} a little later,
 * once searches that started on the old space have finished.
 */
final class Reembedding implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Reembedding.class);

    /** The longest stretch of work between two looks at whether interactive work is waiting. */
    static final Duration SLICE = Duration.ofMillis(200);
    /** Between rounds. */
    static final Duration PAUSE = Duration.ofMillis(100);
    /** How long the retired space stays open for searches that began on it. */
    static final Duration RETIRE_AFTER = Duration.ofSeconds(10);

    private final IndexReplica target;
    private final Space targetSpace;
    private final LiveSpace live;
    private final IndexReplica liveReplica;
    private final BooleanSupplier busy;
    private final SpaceHandover handover;
    private final Clock clock;
    private final ScheduledExecutorService rounds;
    private volatile boolean done;
    private int reembedded;

    Reembedding(
            IndexReplica target,
            Space targetSpace,
            LiveSpace live,
            IndexReplica liveReplica,
            BooleanSupplier busy,
            SpaceHandover handover,
            Clock clock) {
        this.target = target;
        this.targetSpace = targetSpace;
        this.live = live;
        this.liveReplica = liveReplica;
        this.busy = busy;
        this.handover = handover;
        this.clock = clock;
        // a platform thread that is never interrupted: an interrupt can close the index's open files
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(
                1, Thread.ofPlatform().name("library-reembed").daemon(true).factory());
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // the owner closes every space at shutdown
        this.rounds = executor;
    }

    void start() {
        log.info(
                "Re-embedding the library from {} to {} in the background, from change {}",
                live.current().embedding(),
                targetSpace.embedding(),
                target.position());
        rounds.scheduleWithFixedDelay(this::round, PAUSE.toMillis(), PAUSE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Reports the new space's position in the log, so pruning keeps what it still lacks; nothing
     * once it is live. Ordered with the switch, so the name is not reported again once forgotten.
     */
    void reportPosition() {
        synchronized (this) {
            if (!done) {
                target.reportPosition();
            }
        }
    }

    /** Whether the new space has become the live one. */
    boolean done() {
        return done;
    }

    private void round() {
        if (done) {
            return;
        }
        try {
            Instant until = clock.instant().plus(SLICE);
            while (!busy.getAsBoolean() && clock.instant().isBefore(until)) {
                if (target.catchUp(1) == 0) {
                    switchOver();
                    return;
                }
                reembedded++;
            }
        } catch (RuntimeException e) {
            log.warn("Re-embedding paused by an error; it goes on next round: {}", e.toString());
        }
    }

    private void switchOver() {
        Space old = live.current();
        live.switchTo(targetSpace, () -> liveReplica.whileStill(() -> target.catchUp(Integer.MAX_VALUE)));
        synchronized (this) {
            done = true;
        }
        forgetTarget();
        log.info(
                "Library re-embedded with {} ({} changes applied here); searches use it now",
                targetSpace.embedding(),
                reembedded);
        handover.switched(old);
        rounds.schedule(() -> handover.retire(old), RETIRE_AFTER.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The library's replica reports the new space's position from now on. */
    private void forgetTarget() {
        try {
            liveReplica.reportPosition();
            target.forget();
        } catch (RuntimeException e) {
            log.warn(
                    "Could not drop the re-embedding's position from the log's replicas; it ages out: {}",
                    e.toString());
        }
    }

    /** Stops; a re-embedding not finished resumes from its index's position at the next start. */
    @Override
    public void close() {
        rounds.shutdown();
        try {
            if (!rounds.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("Library re-embedding did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
