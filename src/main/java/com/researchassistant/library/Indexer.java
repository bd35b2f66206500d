package com.researchassistant.library;

import com.researchassistant.retrieve.Passage;
import com.researchassistant.db.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
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
 * <p><b>Rounds.</b> Each indexing thread works in rounds of at most {@code batchSize} passages:
 * the next batch of the documents it has started, topped up with whole batches of documents
 * waiting in the queue. Many small documents (a bulk import of abstracts) thus share one
 * embedding call, one index write and one commit, instead of paying for each per document;
 * a long document still goes batch by batch.
 *
 * <p><b>Yielding.</b> While {@link Foreground} says interactive work is running, a round pauses
 * until it ends, for at most {@link #PAUSE} at a time, and if it still runs embeds one text on
 * the indexing thread (one core) before looking again. For {@link #QUIET_AFTER} after interactive
 * work it keeps to that one core, so a person's next search finds a core free; otherwise it
 * embeds {@value #EMBED_SLICE} texts per call spread over every core, so the check comes every
 * ~10-20 ms. Either way the vectors are the same: the embedder computes every text alone.
 *
 * <p><b>One space.</b> A thread holds {@link LiveSpace#jobLock()} from the first round of the
 * jobs it starts to the last, and embeds and writes all of them in the space that was live when
 * it took the lock: every job of a round, and every batch of a document, lands in one space, and
 * a switch of spaces waits for the rounds in flight. While a switch waits, the thread takes no new
 * job from the queue, so it only finishes the documents it has started and then lets the switch
 * happen; the queued jobs start in the new space.
 *
 * <p>The queue is bounded (embedding is CPU-bound): when it is full, {@link #submit} waits for
 * room, which slows that upload down instead of holding unbounded text.
 */
final class Indexer implements AutoCloseable {

    static final String FAILED_REASON = "Indexing failed; delete the document and upload it again.";
    static final String INTERRUPTED_REASON =
            "Indexing was interrupted by a restart; delete the document and upload it again.";
    /** Texts per {@code embedAll} call: one a core, ~10-20 ms of chunk embedding between two yield points. */
    static final int EMBED_SLICE = 2;
    /** The longest ingestion waits for interactive work before going on with one core. */
    static final Duration PAUSE = Duration.ofMillis(200);
    /** How long after interactive work ingestion stays on one core. */
    static final Duration QUIET_AFTER = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(Indexer.class);
    private static final long POLL_MILLIS = 100;

    private final JdbcDocumentStore store;
    private final LiveSpace live;
    private final LongConsumer readyHere;
    private final Foreground foreground;
    private final int batchSize;
    private final Clock clock;
    private final BlockingQueue<Job> queue;
    private final List<Thread> threads = new ArrayList<>();
    private final ConcurrentHashMap<String, Job> jobs = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    /** One document being indexed; {@code next} is touched only by the thread that took the job. */
    private static final class Job {
        final String owner;
        final String documentId;
        final List<Passage> passages;
        final AtomicInteger added = new AtomicInteger();
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final Instant started;
        volatile boolean cancelled;
        int next;

        Job(String owner, String documentId, List<Passage> passages, Instant started) {
            this.owner = owner;
            this.documentId = documentId;
            this.passages = passages;
            this.started = started;
        }

        List<Passage> nextBatch(int batchSize) {
            return passages.subList(next, Math.min(passages.size(), next + batchSize));
        }
    }

    /** Part of a round: a job and the passages of it that the round indexes. */
    private record Slice(Job job, List<Passage> passages) {}

    /**
     * @param readyHere told the change id of each document this indexer made ready, whose passages
     *     are therefore in the live space's index already
     * @param live the space to embed and write in, and the lock that keeps it while jobs run
     * @param foreground interactive work that embedding gives way to
     * @param clock the time source of the logged indexing times
     */
    Indexer(JdbcDocumentStore store, LiveSpace live, LongConsumer readyHere, Foreground foreground, int batchSize,
            int threads, int queue, Clock clock) {
        this.store = store;
        this.live = Objects.requireNonNull(live, "live");
        this.readyHere = readyHere;
        this.foreground = foreground;
        this.batchSize = batchSize;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.queue = new LinkedBlockingQueue<>(queue);
        for (int i = 1; i <= threads; i++) {
            this.threads.add(Thread.ofPlatform().name("library-indexer-" + i).daemon(true).start(this::work));
        }
    }

    /**
     * Starts indexing the passages of a document recorded as indexing, waiting while the queue is
     * full; the future ends with the job.
     */
    Future<?> submit(String owner, String documentId, List<Passage> passages) {
        if (stopping) {
            throw new IllegalStateException("the library is closed");
        }
        Job job = new Job(owner, documentId, passages, clock.instant());
        jobs.put(documentId, job);
        try {
            queue.put(job);
        } catch (InterruptedException e) {
            jobs.remove(documentId);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for room in the indexing queue", e);
        }
        return job.done;
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

    /** One indexing thread: takes a job and works in rounds until closed and nothing is left to stop. */
    private void work() {
        List<Job> started = new ArrayList<>();
        while (!(stopping && queue.isEmpty())) {
            Job next = poll();
            if (next != null) {
                started.add(next);
                inOneSpace(started);
            }
        }
    }

    /**
     * Rounds until every started job has ended, all in the space live when they began: the job
     * lock is held throughout, so a switch of spaces waits for them.
     */
    private void inOneSpace(List<Job> started) {
        Lock inOneSpace = live.jobLock();
        inOneSpace.lock();
        try {
            Space space = live.current();
            while (!started.isEmpty()) {
                List<Slice> round = round(started, !live.switchWaiting());
                try {
                    index(space, round);
                } catch (RuntimeException e) {
                    round.forEach(slice -> failed(space, slice.job(), e));
                } catch (Error e) {
                    round.forEach(slice -> end(space, slice.job(), FAILED_REASON));
                    throw e;
                }
                started.removeIf(job -> job.done.isDone());
            }
        } finally {
            inOneSpace.unlock();
        }
    }

    private Job poll() {
        try {
            return queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            return null; // only close() could mean it, and close() sets stopping
        }
    }

    /**
     * The next batch of each started job, then (if {@code topUp}) of queued ones, while they fit in
     * one batch.
     */
    private List<Slice> round(List<Job> started, boolean topUp) {
        List<Slice> round = new ArrayList<>();
        int size = 0;
        for (Job job : started) {
            List<Passage> batch = job.nextBatch(batchSize);
            if (!round.isEmpty() && size + batch.size() > batchSize) {
                return round;
            }
            round.add(new Slice(job, batch));
            size += batch.size();
        }
        while (topUp && size < batchSize) {
            Job queued = queue.poll();
            if (queued == null) {
                break;
            }
            started.add(queued);
            List<Passage> batch = queued.nextBatch(batchSize);
            if (size + batch.size() > batchSize) {
                break; // started, so it leads the next round
            }
            round.add(new Slice(queued, batch));
            size += batch.size();
        }
        return round;
    }

    /** Embeds and writes one round in one index write of {@code space}, then records each document's progress. */
    private void index(Space space, List<Slice> round) {
        List<Slice> going = new ArrayList<>(round.size());
        for (Slice slice : round) {
            if (stopping) {
                end(space, slice.job(), INTERRUPTED_REASON);
            } else if (slice.job().cancelled) {
                removeDeleted(space, slice.job());
            } else {
                going.add(slice);
            }
        }
        if (going.isEmpty()) {
            return;
        }
        List<Passage> passages = going.stream().flatMap(slice -> slice.passages().stream()).toList();
        List<float[]> vectors = embed(space, passages.stream().map(EmbeddedText::of).toList());
        space.index().add(passages, vectors);
        int from = 0;
        for (Slice slice : going) {
            int to = from + slice.passages().size();
            try {
                recordProgress(space, slice, vectors.subList(from, to));
            } catch (RuntimeException e) {
                failed(space, slice.job(), e);
            }
            from = to;
        }
    }

    /** After a slice is written: its progress, and the document made ready after its last slice. */
    private void recordProgress(Space space, Slice slice, List<float[]> vectors) {
        Job job = slice.job();
        int done = job.added.addAndGet(slice.passages().size());
        // checked after the write: a delete that raced with it has either seen it or left it to us
        if (job.cancelled || !store.progress(job.documentId, done, slice.passages(), vectors, space.embedding())) {
            removeDeleted(space, job);
            return;
        }
        job.next += slice.passages().size();
        if (job.next < job.passages.size()) {
            return;
        }
        OptionalLong ready = store.markReady(job.owner, job.documentId);
        if (ready.isEmpty() || job.cancelled) {
            space.index().deleteDocument(job.owner, job.documentId);
        } else {
            readyHere.accept(ready.getAsLong());
            log.info("Indexed document {}: {} chunks in {} ms", job.documentId, job.passages.size(),
                    Duration.between(job.started, clock.instant()).toMillis());
        }
        finish(job);
    }

    /**
     * The vectors of {@code texts} in {@code space}, computed on every core in slices of {@value
     * #EMBED_SLICE}; while interactive work runs, after a pause for it to end, one at a time on this
     * thread.
     */
    private List<float[]> embed(Space space, List<String> texts) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        int from = 0;
        while (from < texts.size()) {
            if (foreground.busy()) {
                foreground.awaitIdle(PAUSE);
            }
            if (foreground.activeWithin(QUIET_AFTER)) {
                vectors.add(space.embedder().embed(texts.get(from++)));
                continue;
            }
            int to = Math.min(texts.size(), from + EMBED_SLICE);
            List<float[]> slice = space.embedder().embedAll(texts.subList(from, to));
            if (slice.size() != to - from) {
                throw new IllegalStateException(
                        "the embedder returned " + slice.size() + " vectors for " + (to - from) + " texts");
            }
            vectors.addAll(slice);
            from = to;
        }
        return vectors;
    }

    private void removeDeleted(Space space, Job job) {
        try {
            space.index().deleteDocument(job.owner, job.documentId);
            log.info("Indexing of document {} stopped: deleted meanwhile", job.documentId);
        } finally {
            finish(job);
        }
    }

    private void failed(Space space, Job job, RuntimeException e) {
        log.warn("Indexing of document {} failed; removing its passages", job.documentId, e);
        end(space, job, FAILED_REASON);
    }

    /** Fails the job (removing its passages), whatever goes wrong while doing so. */
    private void end(Space space, Job job, String reason) {
        try {
            fail(space, job, job.documentId, reason);
        } catch (RuntimeException e) {
            log.warn("Could not clean up after document {}: {}", job.documentId, e.toString());
        } finally {
            finish(job);
        }
    }

    private void finish(Job job) {
        jobs.remove(job.documentId);
        job.done.complete(null);
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

    /** Whether {@link #close} has begun: no new round starts after it. */
    boolean stopping() {
        return stopping;
    }

    /**
     * Stops without interrupting (an interrupt can close the index's open files): each job stops at
     * its next round, removes what it wrote and marks its document failed, queued ones included. A
     * job still busy after the grace period is left; if the process then dies, {@code
     * Library.recover()} cleans up at the next start.
     */
    @Override
    public void close() {
        stopping = true;
        Instant deadline = clock.instant().plusSeconds(10);
        try {
            for (Thread thread : threads) {
                Duration left = Duration.between(clock.instant(), deadline);
                if (left.isNegative() || !thread.join(left)) {
                    log.warn("Library indexing threads did not stop within 10 s");
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
