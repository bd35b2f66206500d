package com.researchassistant.library;

import com.researchassistant.retrieve.ReplicaIndex;
import com.researchassistant.db.StoreException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
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
 * <p>The log is pruned ({@link SharedPassages#prune}), so an index whose position it no longer
 * reaches back to (a new or wiped index, or an instance away longer than the retention bound)
 * rebuilds instead ({@link #rebuild}): from the passages of every ready document, read after the
 * log's head, and without what it holds of documents that are gone; replaying the changes after
 * that head then brings it level. Each instance reports its position every upkeep round, so that
 * the log keeps what the live ones still lack.
 *
 * <p>The instance that indexes a document writes its passages to its own index as it goes, so its
 * user sees the document as soon as it is ready; {@link #appliedHere} then lets the replica skip
 * re-adding them. One change is applied at a time (a lock), and deletes made here take the same
 * lock, so a concurrent replay can never put back what was just deleted.
 */
final class IndexReplica {

    private static final Logger log = LoggerFactory.getLogger(IndexReplica.class);

    private final JdbcDocumentStore store;
    private final ReplicaIndex index;
    private final int batchSize;
    private final ReentrantLock lock = new ReentrantLock();
    private final Set<Long> appliedHere = ConcurrentHashMap.newKeySet();
    private volatile boolean databaseReachable = true;

    IndexReplica(JdbcDocumentStore store, ReplicaIndex index, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
        }
        this.store = store;
        this.index = index;
        this.batchSize = batchSize;
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
            return applyPending(maxChanges, OnGap.REBUILD);
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
     * Changes this instance made itself are in the index already: when nothing else is pending, the
     * search leaves recording the position (a durable commit) to the background round, so searches
     * during an import do not each wait for a commit.
     */
    void catchUpBeforeSearch() {
        if (!databaseReachable || !lock.tryLock()) {
            return;
        }
        try {
            long position = index.appliedPosition();
            SharedPassages.Backlog pending = store.changesAfter(position, batchSize);
            if (pending.reaches(position) && pending.changes().stream().allMatch(this::madeHere)) {
                return;
            }
            applyPending(batchSize, OnGap.STOP);
        } catch (StoreException e) {
            databaseReachable = false;
            log.debug("Search goes on with the local index: {}", e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    private boolean madeHere(SharedPassages.Change change) {
        return change.kind() == SharedPassages.Kind.ADD && appliedHere.contains(change.id());
    }

    /** The add logged as {@code changeId} is already in this index (this instance indexed it). */
    void appliedHere(long changeId) {
        appliedHere.add(changeId);
    }

    /** Removes a document from this index now, ordered with replayed changes. */
    void deleteHere(String owner, String documentId) {
        lock.lock();
        try {
            index.deleteDocument(owner, documentId);
        } finally {
            lock.unlock();
        }
    }

    /** Tidies the local index (see {@link ReplicaIndex#tidy}); false when there was nothing to do. */
    boolean tidy() {
        return index.tidy();
    }

    /** The last change applied to this index. */
    long position() {
        return index.appliedPosition();
    }

    /** Tells the other instances how far this index is, so the log keeps what it still lacks. */
    void reportPosition() {
        store.reportApplied(index.appliedPosition());
    }

    /** What to do when the log no longer reaches back to the index's position. */
    private enum OnGap {
        /** Rebuild the index now (background rounds, start-up). */
        REBUILD,
        /** Leave it to the next background round (a search must not wait for a rebuild). */
        STOP
    }

    /** A rebuild counts as one applied change against {@code maxChanges}. */
    private int applyPending(int maxChanges, OnGap onGap) {
        long position = index.appliedPosition();
        int applied = 0;
        while (applied < maxChanges) {
            SharedPassages.Backlog backlog =
                    store.changesAfter(position, Math.min(batchSize, maxChanges - applied));
            if (!backlog.reaches(position)) {
                if (onGap == OnGap.STOP) {
                    break;
                }
                position = rebuild(position, backlog.prunedThrough());
                applied++;
                continue;
            }
            List<SharedPassages.Change> changes = backlog.changes();
            if (changes.isEmpty()) {
                break;
            }
            for (SharedPassages.Change change : changes) {
                apply(change);
            }
            position = changes.getLast().id();
            index.markApplied(position);
            applied += changes.size();
            long done = position;
            appliedHere.removeIf(id -> id <= done);
        }
        return applied;
    }

    /**
     * Makes the index hold exactly the ready documents as of the log's head, then records the head
     * as its position. The order matters: the head first, so that every change after what is read
     * here is replayed afterwards; the index's documents before the database's, so that a document
     * this instance starts indexing meanwhile is not taken for a gone one; documents still indexing
     * are kept (this instance may be writing them, and a failure is logged as a delete).
     *
     * @return the new position
     */
    private long rebuild(long position, long prunedThrough) {
        if (position == 0) {
            log.info("New or wiped library index: building it from the shared passages");
        } else {
            log.warn("The library's change log was pruned past this index's position ({} < {}): rebuilding the"
                    + " index from the shared passages", position, prunedThrough);
        }
        long head = store.startRebuild();
        Set<ReplicaIndex.HeldDocument> held = index.documents();
        List<JdbcDocumentStore.OwnedId> ready = store.inStatus(DocumentStatus.READY);
        Set<String> kept = new HashSet<>();
        ready.forEach(document -> kept.add(document.id()));
        store.inStatus(DocumentStatus.INDEXING).forEach(document -> kept.add(document.id()));
        int removed = 0;
        for (ReplicaIndex.HeldDocument document : held) {
            if (!kept.contains(document.documentId())) {
                index.deleteDocument(document.owner(), document.documentId());
                removed++;
            }
        }
        for (JdbcDocumentStore.OwnedId document : ready) {
            SharedPassages.Embedded passages = store.passagesOfReady(document.id());
            if (!passages.passages().isEmpty()) {
                index.add(passages.passages(), passages.vectors());
            }
        }
        index.markApplied(head);
        appliedHere.removeIf(id -> id <= head);
        log.info("Library index rebuilt at change {}: {} ready documents, {} gone ones removed", head, ready.size(),
                removed);
        return head;
    }

    private void apply(SharedPassages.Change change) {
        switch (change.kind()) {
            case ADD -> {
                if (appliedHere.contains(change.id())) {
                    return;
                }
                SharedPassages.Embedded document = store.passagesOfReady(change.documentId());
                if (!document.passages().isEmpty()) {
                    index.add(document.passages(), document.vectors());
                }
            }
            case DELETE -> index.deleteDocument(change.owner(), change.documentId());
        }
    }
}
