package com.researchassistant.library;

import com.researchassistant.db.StoreException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The library's background rounds on one daemon thread: following the shared change log, renewing
 * this instance's claims on the documents it is indexing, failing documents whose indexing
 * instance is gone, and reporting this index's position in the log and pruning it. Also the
 * clean-up at start-up.
 */
final class Upkeep implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Upkeep.class);

    private final JdbcDocumentStore store;
    private final Indexer indexer;
    private final IndexReplica replica;
    private final Optional<Reembedding> reembedding;
    private final SharingSettings settings;
    private final ScheduledExecutorService rounds;
    private volatile boolean claimsReachable = true;
    private volatile boolean logReachable = true;
    /** How long the index must go unchanged before it is merged. */
    static final Duration QUIET = Duration.ofMinutes(1);

    private long positionAtLastLook = -1;

    /** @param reembedding a background re-embedding, whose index's position is reported too */
    Upkeep(
            JdbcDocumentStore store,
            Indexer indexer,
            IndexReplica replica,
            Optional<Reembedding> reembedding,
            SharingSettings settings) {
        this.store = store;
        this.indexer = indexer;
        this.replica = replica;
        this.reembedding = reembedding;
        this.settings = settings;
        // a platform thread that is never interrupted: an interrupt can close the index's open files
        this.rounds = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("library-upkeep").daemon(true).factory());
    }

    /** Starts the rounds. */
    void start() {
        long poll = settings.pollInterval().toMillis();
        long claims = Math.max(1, settings.lease().toMillis() / 3);
        rounds.scheduleWithFixedDelay(replica::follow, poll, poll, TimeUnit.MILLISECONDS);
        rounds.scheduleWithFixedDelay(this::tendClaims, claims, claims, TimeUnit.MILLISECONDS);
        long prune = settings.pruneInterval().toMillis();
        rounds.scheduleWithFixedDelay(this::tendLog, prune, prune, TimeUnit.MILLISECONDS);
        long quiet = QUIET.toMillis();
        rounds.scheduleWithFixedDelay(this::tidyWhenQuiet, quiet, quiet, TimeUnit.MILLISECONDS);
    }

    /**
     * Merges the local index when nothing changed it for a whole {@link #QUIET} period and nothing
     * is being indexed here: merging rebuilds HNSW graphs (about 24 s of one core for 100k
     * passages), so it waits for a lull rather than slowing uploads.
     */
    private void tidyWhenQuiet() {
        long position = replica.position();
        boolean quiet =
                position == positionAtLastLook && indexer.inFlightDocuments().isEmpty();
        positionAtLastLook = position;
        if (!quiet) {
            return;
        }
        try {
            replica.tidy();
        } catch (RuntimeException e) {
            log.warn("Could not merge the search index; searches stay correct, only slower: {}", e.toString());
        }
    }

    /**
     * At start-up: fails what this instance left indexing before it stopped and what dead instances
     * left, then brings the index up to date (a new or wiped index is rebuilt here).
     *
     * @return how many documents were marked failed
     */
    int recoverAtStart() {
        int failed = fail(store.leftIndexingHere()) + fail(store.abandoned());
        long before = replica.position();
        int applied = replica.catchUp(Integer.MAX_VALUE);
        if (applied > 0) {
            log.info(
                    "Library index caught up with {} shared changes (from position {} to {})",
                    applied,
                    before,
                    replica.position());
        }
        tendLog();
        return failed;
    }

    private void tendClaims() {
        try {
            store.renew(indexer.inFlightDocuments());
            int failed = fail(store.abandoned());
            if (failed > 0) {
                log.warn(
                        "Marked {} library documents failed: the instance indexing them stopped renewing its claim",
                        failed);
            }
            claimsReachable = true;
        } catch (StoreException e) {
            if (claimsReachable) {
                log.warn("Cannot renew indexing claims: {}", e.getMessage());
            }
            claimsReachable = false;
        }
    }

    /**
     * Reports how far this index is (and the one being re-embedded into), then prunes the log of what every live instance has applied and
     * of what is older than the retention bound.
     *
     * @return how many changes were pruned
     */
    int tendLog() {
        try {
            replica.reportPosition();
            reembedding.ifPresent(Reembedding::reportPosition);
            int pruned = store.pruneChanges(settings.logRetention());
            if (pruned > 0) {
                log.debug(
                        "Pruned {} library changes every live instance has applied or that are older than {}",
                        pruned,
                        settings.logRetention());
            }
            logReachable = true;
            return pruned;
        } catch (StoreException e) {
            if (logReachable) {
                log.warn("Cannot report this index's position or prune the library's change log: {}", e.getMessage());
            }
            logReachable = false;
            return 0;
        }
    }

    private int fail(List<JdbcDocumentStore.OwnedId> documents) {
        int failed = 0;
        for (JdbcDocumentStore.OwnedId left : documents) {
            if (indexer.inFlight(left.id())) {
                continue;
            }
            replica.deleteHere(left.owner(), left.id());
            if (store.markFailed(left.owner(), left.id(), Indexer.INTERRUPTED_REASON)) {
                failed++;
            }
        }
        return failed;
    }

    /** Stops the rounds, letting a running one finish. */
    @Override
    public void close() {
        rounds.shutdown();
        try {
            if (!rounds.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("Library upkeep did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
