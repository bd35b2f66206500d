package com.researchassistant.library;

import com.researchassistant.embed.Embedder;
import com.researchassistant.embed.EmbeddingStopped;
import com.researchassistant.embed.StopSwitch;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Embeds the texts of the {@link Indexer}'s rounds, one text per embedding call, keeping every core
 * busy: each worker takes the next text as soon as its last one is done. (Calls of two texts at a
 * time, as before, held both cores in lockstep: the one given the shorter text waited for the other,
 * and the import of one long PDF used ~70 % of each core.) The vectors are the same either way:
 * every text is embedded alone.
 *
 * <p><b>Yielding.</b> Before each text is handed out: while {@link Foreground} says interactive work
 * is running, it pauses until it ends, for at most {@link Indexer#PAUSE}; while interactive work runs
 * or ended less than {@link Indexer#QUIET_AFTER} ago, it waits for the texts in flight and embeds the
 * next one on the calling thread, on one core, so a person's next search finds a core free. The check
 * thus comes every ~10 ms on each core. And when interactive work begins, the calls running are
 * stopped at once ({@link StopSwitch}) rather than left to finish: each such text is embedded again
 * after the pause, to the end this time, so a text costs at most one wasted part-call and a stream
 * of searches slows ingestion but cannot stop it.
 *
 * <p>The workers (one a core) are shared by the indexing threads, so ingestion never runs more
 * embedding calls at once than there are cores.
 */
final class RoundEmbedding implements AutoCloseable {

    private final Foreground foreground;
    private final int cores;
    private final ExecutorService workers;
    private final Set<StopSwitch> running = ConcurrentHashMap.newKeySet();
    private final Runnable stopListening;

    RoundEmbedding(Foreground foreground, int cores) {
        this.foreground = Objects.requireNonNull(foreground, "foreground");
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be at least 1: " + cores);
        }
        this.cores = cores;
        this.workers = Executors.newFixedThreadPool(
                cores, Thread.ofPlatform().name("onnx-embed-i", 1).daemon(true).factory());
        this.stopListening = foreground.onBegin(() -> running.forEach(StopSwitch::stop));
    }

    /**
     * The vectors of {@code texts}, in their order; the first failure of any text is thrown once
     * the texts in flight are done (a {@link RuntimeException} or {@link Error} as thrown).
     */
    List<float[]> embed(Embedder embedder, List<String> texts) {
        float[][] vectors = new float[texts.size()][];
        Semaphore free = new Semaphore(cores);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int i = 0; i < texts.size() && failure.get() == null; i++) {
            free.acquireUninterruptibly(); // a core is free
            if (foreground.busy()) {
                foreground.awaitIdle(Indexer.PAUSE);
            }
            if (foreground.activeWithin(Indexer.QUIET_AFTER)) {
                free.acquireUninterruptibly(cores - 1); // the texts in flight end: one core only
                try {
                    vectors[i] = embedGivingWay(embedder, texts.get(i));
                } finally {
                    free.release(cores);
                }
            } else {
                int index = i;
                workers.execute(() -> embedOne(embedder, texts.get(index), vectors, index, free, failure));
            }
        }
        free.acquireUninterruptibly(cores); // every text in flight is done
        rethrow(failure.get());
        return Arrays.asList(vectors);
    }

    private void embedOne(
            Embedder embedder,
            String text,
            float[][] vectors,
            int index,
            Semaphore free,
            AtomicReference<Throwable> failure) {
        try {
            vectors[index] = embedGivingWay(embedder, text); // a call of one text, on this worker
        } catch (RuntimeException | Error e) {
            failure.compareAndSet(null, e);
        } finally {
            free.release();
        }
    }

    /**
     * One text alone, in a call that interactive work beginning meanwhile stops; then, once that
     * work is over (or {@link Indexer#PAUSE} has passed), the text again, in a call nothing stops.
     */
    private float[] embedGivingWay(Embedder embedder, String text) {
        StopSwitch stop = new StopSwitch();
        running.add(stop);
        try {
            return embedder.embedAlone(text, stop);
        } catch (EmbeddingStopped e) {
            // the search has the core; the text is embedded again below
        } finally {
            running.remove(stop);
        }
        foreground.awaitIdle(Indexer.PAUSE);
        return embedder.embedAlone(text, new StopSwitch());
    }

    private static void rethrow(Throwable failure) {
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }

    /** Stops the workers once the texts handed to them are embedded. */
    @Override
    public void close() {
        stopListening.run();
        workers.shutdown();
    }
}
