package com.researchassistant.library;

import com.researchassistant.db.StoreException;
import com.researchassistant.retrieve.ReplicaIndex;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one of this instance's indexes a replica of the shared library: applies the database's
 * change log ({@link SharedPassages}) in order and records, in the index itself, the last change
 * applied.
 *
 * <p>Changes are idempotent (an add replaces passages by id, a delete of an absent document does
 * nothing), so a crash between applying changes and recording the position only replays them. An
 * add reads the document's passages as they are when it is applied: if the document was deleted
 * since, it adds nothing and the later delete finds nothing.
 *
 * <p>The log is pruned ({@link SharedPassages#prune}), so an index whose position it no longer
 * reaches back to (a new or wiped index, or an instance away longer than the retention bound)
 * rebuilds instead ({@link #startRebuild}): from the passages of every ready document, read after
 * the log's head, and without what it holds of documents that are gone; replaying the changes after
 * that head then brings it level. A new index on a log never pruned replays it from the start. Each
 * replica reports its position under its {@code name} every upkeep round (during a rebuild, the
 * head it will stand at), so that the log keeps what the live ones still lack.
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

    /** How much of a rebuild one change of {@link #catchUp}'s count stands for. */
    enum Rebuild {
        /** The whole rebuild (the index searches use: brought level in one go). */
        AT_ONCE,
        /** One document (a background re-embedding, which yields between documents). */
        PER_DOCUMENT
    }

    private final JdbcDocumentStore store;
    private final Supplier<Space> space;
    private final String name;
    private final Rebuild pace;
    private final int batchSize;
    private final ReentrantLock lock = new ReentrantLock();
    private final Set<Long> appliedHere = ConcurrentHashMap.newKeySet();
    private volatile boolean databaseReachable = true;
    /** The rebuild under way, guarded by {@link #lock}. */
    private Optional<Rebuilding> rebuilding = Optional.empty();

    /**
     * @param space the space whose index this replica keeps, read at every change
     * @param name the name this replica reports its position under
     */
    IndexReplica(JdbcDocumentStore store, Supplier<Space> space, String name, Rebuild pace, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
        }
        this.store = store;
        this.space = space;
        this.name = name;
        this.pace = pace;
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
                log.warn(
                        "Library replica cannot read the shared database; searches use the local index as it is"
                                + " until it can: {}",
                        e.getMessage());
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
            long position = position();
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
            rebuilding = Optional.empty();
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

    /**
     * Tells the other instances how far this index is (during a rebuild, the head it will stand
     * at), so the log keeps what it still lacks.
     */
    void reportPosition() {
        lock.lock();
        long position;
        try {
            position = rebuilding.map(Rebuilding::head).orElseGet(this::position);
        } finally {
            lock.unlock();
        }
        store.reportApplied(name, position);
    }

    /** The log need no longer be kept for this replica (its index was retired or abandoned). */
    void forget() {
        store.forgetReplica(name);
    }

    /** What to do when the log no longer reaches back to the index's position. */
    private enum OnGap {
        /** Rebuild the index now (background rounds, start-up). */
        REBUILD,
        /** Leave it to the next background round (a search must not wait for a rebuild). */
        STOP
    }

    private int applyPending(int maxChanges, OnGap onGap) {
        ReplicaIndex index = index();
        long position = index.appliedPosition();
        int applied = 0;
        while (applied < maxChanges) {
            if (rebuilding.isPresent()) {
                if (onGap == OnGap.STOP) {
                    break;
                }
                int budget = pace == Rebuild.AT_ONCE ? Integer.MAX_VALUE : maxChanges - applied;
                int added = continueRebuild(index, budget);
                applied += pace == Rebuild.AT_ONCE ? 1 : Math.max(1, added);
                position = index.appliedPosition();
                continue;
            }
            SharedPassages.Backlog backlog = store.changesAfter(position, Math.min(batchSize, maxChanges - applied));
            if (!backlog.reaches(position)) {
                if (onGap == OnGap.STOP) {
                    break;
                }
                startRebuild(index, position, backlog.prunedThrough());
                continue;
            }
            List<SharedPassages.Change> changes = backlog.changes();
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

    /**
     * Starts making the index hold exactly the ready documents as of the log's head, which it will
     * then stand at. The order matters: the head first, so that every change after what is read
     * here is replayed afterwards; the index's documents before the database's, so that a document
     * this instance starts indexing meanwhile is not taken for a gone one; documents still indexing
     * are kept (this instance may be writing them, and a failure is logged as a delete). The ready
     * documents are then added by {@link #continueRebuild}; one gone meanwhile adds nothing, and its
     * delete, logged after the head, is replayed afterwards.
     */
    private void startRebuild(ReplicaIndex index, long position, long prunedThrough) {
        if (position == 0) {
            log.info("New or wiped library index ({}): building it from the shared passages", name);
        } else {
            log.warn(
                    "The library's change log was pruned past the position of index {} ({} < {}): rebuilding it"
                            + " from the shared passages",
                    name,
                    position,
                    prunedThrough);
        }
        long head = store.startRebuild(name);
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
        rebuilding = Optional.of(new Rebuilding(head, new ArrayDeque<>(ready), removed));
    }

    /**
     * Adds up to {@code budget} of the rebuild's documents; once all are in, records the head as
     * the index's position.
     *
     * @return how many documents were added
     */
    private int continueRebuild(ReplicaIndex index, int budget) {
        Rebuilding rebuild = rebuilding.orElseThrow();
        int added = 0;
        while (added < budget && !rebuild.pending().isEmpty()) {
            SharedPassages.Embedded passages =
                    store.passagesOfReady(rebuild.pending().peekFirst().id());
            if (!passages.passages().isEmpty()) {
                index.add(passages.passages(), vectorsOf(passages));
            }
            rebuild.pending().removeFirst();
            added++;
        }
        if (rebuild.pending().isEmpty()) {
            index.markApplied(rebuild.head());
            appliedHere.removeIf(id -> id <= rebuild.head());
            rebuilding = Optional.empty();
            log.info(
                    "Library index {} rebuilt at change {}: {} gone documents removed",
                    name,
                    rebuild.head(),
                    rebuild.removed());
        }
        return added;
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
        List<float[]> vectors = document.passages().stream()
                .map(p -> here.embedder().embed(EmbeddedText.of(p)))
                .toList();
        store.replaceVectors(document.passages(), vectors, here.embedding());
        return vectors;
    }

    /** A rebuild under way: the head it will stand at and the ready documents still to add. */
    private record Rebuilding(long head, Deque<JdbcDocumentStore.OwnedId> pending, int removed) {}
}
