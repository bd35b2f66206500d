package com.researchassistant.library;

import com.researchassistant.retrieve.Passage;
import com.researchassistant.db.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeds and indexes documents in the background, batch by batch, recording progress.
 *
 * <p>A document is all or nothing: if a batch fails, whatever was indexed is removed and the
 * document is marked failed; while it is indexing, {@link #inFlight} lets searches hide the
 * batches already written. A document deleted while indexing is cancelled: the job checks after
 * every write and removes what it wrote, so no passage outlives its document.
 *
 * <p>The pool is small and bounded (embedding is CPU-bound); when its queue is full the uploading
 * request runs the job itself, which slows that upload down instead of holding unbounded text.
 */
final class Indexer implements AutoCloseable {

    static final String FAILED_REASON = "Indexing failed; delete the document and upload it again.";
    static final String INTERRUPTED_REASON =
            "Indexing was interrupted by a restart; delete the document and upload it again.";

    private static final Logger log = LoggerFactory.getLogger(Indexer.class);

    private final JdbcDocumentStore store;
    private final LiveSpace live;
    private final LongConsumer readyHere;
    private final int batchSize;
    private final Clock clock;
    private final ThreadPoolExecutor executor;
    private final ConcurrentHashMap<String, Job> jobs = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    /** One document being indexed. */
    private static final class Job {
        final String owner;
        final AtomicInteger added = new AtomicInteger();
        volatile boolean cancelled;

        Job(String owner) {
            this.owner = owner;
        }
    }

    /**
     * @param readyHere told the change id of each document this indexer made ready, whose passages
     *     are therefore in {@code index} already
     * @param clock the time source of the logged indexing times
     */
    Indexer(JdbcDocumentStore store, LiveSpace live, LongConsumer readyHere, int batchSize, int threads, int queue,
            Clock clock) {
        this.store = store;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.live = live;
        this.readyHere = readyHere;
        this.batchSize = batchSize;
        this.executor = new ThreadPoolExecutor(
                threads,
                threads,
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queue),
                Thread.ofPlatform().name("library-indexer-", 1).daemon(true).factory(),
                new ThreadPoolExecutor.CallerRunsPolicy());
    }

    /** Starts indexing the passages of a document recorded as indexing; the future ends with the job. */
    Future<?> submit(String owner, String documentId, List<Passage> passages) {
        if (executor.isShutdown()) {
            throw new IllegalStateException("the library is closed");
        }
        jobs.put(documentId, new Job(owner));
        try {
            return executor.submit(() -> run(documentId, passages));
        } catch (RuntimeException e) {
            jobs.remove(documentId);
            throw e;
        }
    }

    /** Whether this process is indexing the document now. */
    boolean inFlight(String documentId) {
        return jobs.containsKey(documentId);
    }

    /** Every document being indexed now, for renewing their claims. */
    Set<String> inFlightDocuments() {
        return Set.copyOf(jobs.keySet());
    }

    /** The owner's documents being indexed now. */
    Set<String> inFlightDocuments(String owner) {
        return jobs.entrySet().stream()
                .filter(e -> e.getValue().owner.equals(owner))
                .map(ConcurrentHashMap.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** How many passages of the owner's in-flight documents are in the index, at most. */
    int inFlightPassages(String owner) {
        return jobs.values().stream()
                .filter(job -> job.owner.equals(owner))
                .mapToInt(job -> job.added.get())
                .sum();
    }

    /** Tells the job indexing the document, if any, to stop and remove what it wrote. */
    void cancel(String documentId) {
        Job job = jobs.get(documentId);
        if (job != null) {
            job.cancelled = true;
        }
    }

    /** One job embeds and writes in one space: a switch of spaces waits for it (see {@link LiveSpace}). */
    private void run(String documentId, List<Passage> passages) {
        Lock inOneSpace = live.jobLock();
        inOneSpace.lock();
        try {
            run(documentId, passages, live.current());
        } finally {
            inOneSpace.unlock();
        }
    }

    private void run(String documentId, List<Passage> passages, Space space) {
        Job job = jobs.get(documentId);
        Instant started = clock.instant();
        try {
            for (int from = 0; from < passages.size(); from += batchSize) {
                if (stopping) {
                    fail(space, job, documentId, INTERRUPTED_REASON);
                    return;
                }
                List<Passage> batch = passages.subList(from, Math.min(passages.size(), from + batchSize));
                if (!indexBatch(space, job, documentId, batch)) {
                    space.index().deleteDocument(job.owner, documentId);
                    log.info("Indexing of document {} stopped: deleted meanwhile", documentId);
                    return;
                }
            }
            OptionalLong ready = store.markReady(job.owner, documentId);
            if (ready.isEmpty() || job.cancelled) {
                space.index().deleteDocument(job.owner, documentId);
                return;
            }
            readyHere.accept(ready.getAsLong());
            log.info("Indexed document {}: {} chunks in {} ms", documentId, passages.size(),
                    Duration.between(started, clock.instant()).toMillis());
        } catch (RuntimeException e) {
            log.warn("Indexing of document {} failed; removing its passages", documentId, e);
            fail(space, job, documentId, FAILED_REASON);
        } catch (Error e) {
            fail(space, job, documentId, FAILED_REASON);
            throw e;
        } finally {
            jobs.remove(documentId);
        }
    }

    /** Embeds and writes one batch; false when the document was deleted meanwhile. */
    private boolean indexBatch(Space space, Job job, String documentId, List<Passage> batch) {
        if (job.cancelled) {
            return false;
        }
        List<float[]> vectors = space.embedder().embedAll(batch.stream().map(EmbeddedText::of).toList());
        if (vectors.size() != batch.size()) {
            throw new IllegalStateException(
                    "the embedder returned " + vectors.size() + " vectors for " + batch.size() + " texts");
        }
        space.index().add(batch, vectors);
        int done = job.added.addAndGet(batch.size());
        // checked after the write: a delete that raced with it has either seen it or left it to us
        return !job.cancelled && store.progress(documentId, done, batch, vectors, space.embedding());
    }

    private void fail(Space space, Job job, String documentId, String reason) {
        try {
            space.index().deleteDocument(job.owner, documentId);
        } finally {
            try {
                store.markFailed(job.owner, documentId, reason);
            } catch (StoreUnavailableException e) {
                // its claim is no longer renewed: a later round, here or on another instance, fails it
                log.warn("Document {} stays indexing until its claim runs out: {}", documentId, e.getMessage());
            }
        }
    }

    /**
     * Stops the pool without interrupting it (an interrupt can close the index's open files): each
     * job stops at its next batch, removes what it wrote and marks its document failed. A job still
     * busy after the grace period is left; if the process then dies, {@code Library.recover()}
     * cleans up at the next start.
     */
    @Override
    public void close() {
        stopping = true;
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("Library indexing threads did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
