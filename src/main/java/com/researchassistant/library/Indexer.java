package com.researchassistant.library;

import com.researchassistant.db.StoreUnavailableException;
import com.researchassistant.retrieve.Passage;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * waiting in the queue. Many small documents (a bulk import of abstracts) thus share one index
 * write and one commit, instead of paying for each per document; a long document still goes
 * batch by batch. A round is written (index write, commit, progress,
 * readiness) on a writer thread of its own while the indexing thread embeds the next round, so
 * the cores embedding do not stand idle through the write; the next write waits for the one
 * before it, so a document's batches are written in order, one round at a time per thread.
 *
 * <p><b>Yielding.</b> While {@link Foreground} says interactive work is running, a round pauses
 * until it ends, for at most {@link #PAUSE} at a time, and if it still runs embeds one text on
 * the indexing thread (one core) before looking again. For {@link #QUIET_AFTER} after interactive
 * work it keeps to that one core, so a person's next search finds a core free; otherwise its
 * texts go to every core, each core taking the next text when its last is done, with the check
 * before each ({@link RoundEmbedding}). Either way the vectors are the same: every text is
 * embedded alone. A round's write also waits (at most {@link #PAUSE}) while interactive work
 * runs, so its commit and searcher refresh do not compete with a search.
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
    /** The longest ingestion waits for interactive work before going on with one core. */
    static final Duration PAUSE = Duration.ofMillis(200);
    /** How long after interactive work ingestion stays on one core. */
    static final Duration QUIET_AFTER = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(Indexer.class);
    private static final long POLL_MILLIS = 100;
    /** How often a thread waiting for its round's write looks for a new job meanwhile. */
    private static final long WRITE_POLL_MILLIS = 5;

    private final JdbcDocumentStore store;
    private final LiveSpace live;
    private final LongConsumer readyHere;
    private final Foreground foreground;
    private final int batchSize;
    private final Clock clock;
    private final BlockingQueue<Job> queue;
    private final List<Thread> threads = new ArrayList<>();
    /** Writes each indexing thread's rounds while that thread embeds its next one. */
    private final ExecutorService writers;
    /** Embeds the rounds' texts on every core, yielding to interactive work. */
    private final RoundEmbedding embedding;

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
        /** Passages already in a round (embedded, or being written); only the indexing thread plans. */
        int next;
        /** Whether a round has taken this job's last batch (a job of no passages has one empty batch). */
        boolean planned;

        Job(String owner, String documentId, List<Passage> passages, Instant started) {
            this.owner = owner;
            this.documentId = documentId;
            this.passages = passages;
            this.started = started;
        }

        List<Passage> nextBatch(int batchSize) {
            return passages.subList(next, Math.min(passages.size(), next + batchSize));
        }

        /** Puts the batch in a round: the next round plans the batch after it. */
        Slice plan(List<Passage> batch) {
            next += batch.size();
            planned = next >= passages.size();
            return new Slice(this, batch);
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
    Indexer(
            JdbcDocumentStore store,
            LiveSpace live,
            LongConsumer readyHere,
            Foreground foreground,
            int batchSize,
            int threads,
            int queue,
            Clock clock) {
        this.store = store;
        this.live = Objects.requireNonNull(live, "live");
        this.readyHere = readyHere;
        this.foreground = foreground;
        this.batchSize = batchSize;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.queue = new LinkedBlockingQueue<>(queue);
        this.embedding = new RoundEmbedding(foreground, Runtime.getRuntime().availableProcessors());
        this.writers = Executors.newFixedThreadPool(
                threads,
                Thread.ofPlatform()
                        .name("library-index-writer-", 1)
                        .daemon(true)
                        .factory());
        for (int i = 1; i <= threads; i++) {
            this.threads.add(Thread.ofPlatform()
                    .name("library-indexer-" + i)
                    .daemon(true)
                    .start(this::work));
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
        Future<?> writing = null;
        try {
            Space space = live.current();
            while (!started.isEmpty()) {
                List<Slice> round = round(started, !live.switchWaiting());
                if (round.isEmpty()) { // every started job's last batch is being written
                    if (writing == null || !awaitWriteOrJob(writing, started)) {
                        awaitWrite(writing);
                        writing = null;
                    }
                } else {
                    List<float[]> vectors = embedRound(space, round, writing);
                    awaitWrite(writing);
                    writing = vectors == null ? null : writers.submit(() -> write(space, round, vectors));
                }
                started.removeIf(job -> job.done.isDone());
            }
        } finally {
            try {
                awaitWrite(writing);
            } finally {
                inOneSpace.unlock();
            }
        }
    }

    /**
     * The round's vectors, computed while the round before it is written ({@code writing}); null
     * (after failing the round's documents) if embedding failed. Nothing is embedded once closing.
     */
    private List<float[]> embedRound(Space space, List<Slice> round, Future<?> writing) {
        try {
            if (stopping) {
                return List.of();
            }
            return embed(
                    space,
                    round.stream()
                            .flatMap(slice -> slice.passages().stream())
                            .map(EmbeddedText::of)
                            .toList());
        } catch (RuntimeException e) {
            awaitWrite(writing); // a failing job's earlier batch may be in it
            round.forEach(slice -> failed(space, slice.job(), e));
            return null;
        } catch (Error e) {
            awaitWrite(writing);
            round.forEach(slice -> end(space, slice.job(), FAILED_REASON));
            throw e;
        }
    }

    /** One round's index write and progress, on a writer thread; a failure fails the round's documents. */
    private void write(Space space, List<Slice> round, List<float[]> vectors) {
        try {
            index(space, round, vectors);
        } catch (RuntimeException e) {
            round.forEach(slice -> failed(space, slice.job(), e));
        } catch (Error e) {
            round.forEach(slice -> end(space, slice.job(), FAILED_REASON));
            throw e;
        }
    }

    /**
     * Waits until the round being written is done (then false) or a queued job has been started
     * (then true), so that a document arriving during the write is embedded meanwhile.
     */
    private boolean awaitWriteOrJob(Future<?> writing, List<Job> started) {
        while (!writing.isDone()) {
            if (live.switchWaiting()) {
                return false;
            }
            Job next = poll(WRITE_POLL_MILLIS);
            if (next != null) {
                started.add(next);
                return true;
            }
        }
        return false;
    }

    /** Waits for a round being written, whatever interrupts come: the next write and the job lock wait for it. */
    private static void awaitWrite(Future<?> writing) {
        if (writing == null) {
            return;
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    writing.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw new IllegalStateException("a round's write failed", e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Job poll() {
        return poll(POLL_MILLIS);
    }

    private Job poll(long millis) {
        try {
            return queue.poll(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            return null; // only close() could mean it, and close() sets stopping
        }
    }

    /**
     * The next batch of each started job with one left to plan, then (if {@code topUp}) of queued
     * ones, while they fit in one batch.
     */
    private List<Slice> round(List<Job> started, boolean topUp) {
        List<Slice> round = new ArrayList<>();
        int size = 0;
        for (Job job : started) {
            if (job.planned) {
                continue; // its last batch is being written
            }
            List<Passage> batch = job.nextBatch(batchSize);
            if (!round.isEmpty() && size + batch.size() > batchSize) {
                return round;
            }
            round.add(job.plan(batch));
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
            round.add(queued.plan(batch));
            size += batch.size();
        }
        return round;
    }

    /**
     * Writes one embedded round ({@code vectors} in the order of its passages) in one index write of
     * {@code space}, then records each document's progress. A job that has ended meanwhile (failed
     * with an earlier round) is left out; so is everything once closing.
     */
    private void index(Space space, List<Slice> round, List<float[]> vectors) {
        List<Slice> going = new ArrayList<>(round.size());
        List<float[]> goingVectors = new ArrayList<>(vectors.size());
        int from = 0;
        for (Slice slice : round) {
            int to = from + slice.passages().size();
            if (slice.job().done.isDone()) {
                // ended with an earlier round
            } else if (stopping) {
                end(space, slice.job(), INTERRUPTED_REASON);
            } else if (slice.job().cancelled) {
                removeDeleted(space, slice.job());
            } else {
                going.add(slice);
                goingVectors.addAll(vectors.subList(from, to));
            }
            from = to;
        }
        if (going.isEmpty()) {
            return;
        }
        if (foreground.busy()) {
            foreground.awaitIdle(PAUSE); // the write's commit and refresh give way to a search too
        }
        space.index()
                .add(going.stream().flatMap(slice -> slice.passages().stream()).toList(), goingVectors);
        from = 0;
        for (Slice slice : going) {
            int to = from + slice.passages().size();
            try {
                recordProgress(space, slice, goingVectors.subList(from, to));
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
        if (done < job.passages.size()) {
            return;
        }
        OptionalLong ready = store.markReady(job.owner, job.documentId);
        if (ready.isEmpty() || job.cancelled) {
            space.index().deleteDocument(job.owner, job.documentId);
        } else {
            readyHere.accept(ready.getAsLong());
            log.info(
                    "Indexed document {}: {} chunks in {} ms",
                    job.documentId,
                    job.passages.size(),
                    Duration.between(job.started, clock.instant()).toMillis());
        }
        finish(job);
    }

    /** The vectors of {@code texts} in {@code space}, one text per call, on every core unless yielding. */
    private List<float[]> embed(Space space, List<String> texts) {
        return embedding.embed(space.embedder(), texts);
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
            writers.shutdown();
            embedding.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
