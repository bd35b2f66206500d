package com.researchassistant.library;

import com.researchassistant.retrieve.ReplicaIndex;
import com.researchassistant.db.StoreException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this instance's index a replica of the shared library: applies the database's change log
 * ({@link SharedPassages}) in order and records, in the index itself, the last change applied. A
 * new or wiped index starts at 0 and so is rebuilt by replaying the whole log.
 *
 * <p>Changes are idempotent (an add replaces passages by id, a delete of an absent document does
 * nothing), so a crash between applying changes and recording the position only replays them. An
 * add reads the document's passages as they are when it is applied: if the document was deleted
 * since, it adds nothing and the later delete finds nothing.
 *
 * <p>The instance that indexes a document writes its passages to its own index as it goes, so its
 * user sees the document as soon as it is ready; {@link #appliedHere} then lets the replica skip
 * re-adding them. One change is applied at a time (a lock), and deletes made here take the same
 * lock, so a concurrent replay can never put back what was just deleted.
 *
 * <p>Stored vectors are used only when they are of this replica's embedding (see {@link Space});
 * a document embedded otherwise (another model, an older recipe) is embedded again here, one text
 * at a time so it takes one core, and its stored vectors are replaced by the new ones.
 */
final class IndexReplica {

    private static final Logger log = LoggerFactory.getLogger(IndexReplica.class);

    private final JdbcDocumentStore store;
    private final Supplier<Space> space;
    private final int batchSize;
    private final ReentrantLock lock = new ReentrantLock();
    private final Set<Long> appliedHere = ConcurrentHashMap.newKeySet();
    private volatile boolean databaseReachable = true;

    /** @param space the space whose index this replica keeps, read at every change */
    IndexReplica(JdbcDocumentStore store, Supplier<Space> space, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
        }
        this.store = store;
        this.space = space;
        this.batchSize = batchSize;
    }

    private ReplicaIndex index() {
        return space.get().index();
    }

    /**
     * Applies up to {@code maxChanges} changes past the index's position, in order.
     *
     * @return how many were applied
     * @throws StoreException when the database cannot be read; what was applied stays
     */
    int catchUp(int maxChanges) {
        lock.lock();
        try {
            return applyPending(maxChanges);
        } finally {
            lock.unlock();
        }
    }

    /**
     * One background round: applies a batch and reports a lost or regained database once, not
     * every round. Never throws for database trouble: the next round tries again.
     */
    void follow() {
        try {
            catchUp(batchSize);
            if (!databaseReachable) {
                log.info("Library replica is following the shared database again");
            }
            databaseReachable = true;
        } catch (StoreException e) {
            if (databaseReachable) {
                log.warn("Library replica cannot read the shared database; searches use the local index as it is"
                        + " until it can: {}", e.getMessage());
            }
            databaseReachable = false;
        }
    }

    /**
     * Before a search: applies what is pending now, unless another thread is applying changes or
     * the database was unreachable in the last round, so a search is never held up by either. A
     * document made ready through another instance is then found here without waiting for a round.
     */
    void catchUpBeforeSearch() {
        if (!databaseReachable || !lock.tryLock()) {
            return;
        }
        try {
            applyPending(batchSize);
        } catch (StoreException e) {
            databaseReachable = false;
            log.debug("Search goes on with the local index: {}", e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    /** The add logged as {@code changeId} is already in this index (this instance indexed it). */
    void appliedHere(long changeId) {
        appliedHere.add(changeId);
    }

    /** Removes a document from this index now, ordered with replayed changes. */
    void deleteHere(String owner, String documentId) {
        lock.lock();
        try {
            index().deleteDocument(owner, documentId);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code step} while no change is being applied here; for switching spaces, after which
     * the adds this instance made to the old space's index no longer count.
     */
    void whileStill(Runnable step) {
        lock.lock();
        try {
            step.run();
            appliedHere.clear();
        } finally {
            lock.unlock();
        }
    }

    /** Tidies the local index (see {@link ReplicaIndex#tidy}); false when there was nothing to do. */
    boolean tidy() {
        return index().tidy();
    }

    /** The last change applied to this index. */
    long position() {
        return index().appliedPosition();
    }

    private int applyPending(int maxChanges) {
        ReplicaIndex index = index();
        long position = index.appliedPosition();
        int applied = 0;
        while (applied < maxChanges) {
            List<SharedPassages.Change> changes = store.changesAfter(position, Math.min(batchSize, maxChanges - applied));
            if (changes.isEmpty()) {
                break;
            }
            for (SharedPassages.Change change : changes) {
                apply(change, index);
            }
            position = changes.getLast().id();
            index.markApplied(position);
            applied += changes.size();
            long done = position;
            appliedHere.removeIf(id -> id <= done);
        }
        return applied;
    }

    private void apply(SharedPassages.Change change, ReplicaIndex index) {
        switch (change.kind()) {
            case ADD -> {
                if (appliedHere.contains(change.id())) {
                    return;
                }
                SharedPassages.Embedded document = store.passagesOfReady(change.documentId());
                if (!document.passages().isEmpty()) {
                    index.add(document.passages(), vectorsOf(document));
                }
            }
            case DELETE -> index.deleteDocument(change.owner(), change.documentId());
        }
    }

    /** The stored vectors when they are of this space's embedding, else new ones, stored in their place. */
    private List<float[]> vectorsOf(SharedPassages.Embedded document) {
        Space here = space.get();
        if (document.embedding().equals(here.embedding())) {
            return document.vectors();
        }
        List<float[]> vectors = document.passages().stream().map(p -> here.embedder().embed(EmbeddedText.of(p))).toList();
        store.replaceVectors(document.passages(), vectors, here.embedding());
        return vectors;
    }
}
