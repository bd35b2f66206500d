package com.researchassistant.library;

import com.researchassistant.embed.Embedder;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
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
 * thus comes every ~10 ms on each core.
 *
 * <p>The workers (one a core) are shared by the indexing threads, so ingestion never runs more
 * embedding calls at once than there are cores.
 */
final class RoundEmbedding implements AutoCloseable {

    private final Foreground foreground;
    private final int cores;
    private final ExecutorService workers;

    RoundEmbedding(Foreground foreground, int cores) {
        this.foreground = Objects.requireNonNull(foreground, "foreground");
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be at least 1: " + cores);
        }
        this.cores = cores;
        this.workers = Executors.newFixedThreadPool(
                cores, Thread.ofPlatform().name("onnx-embed-i", 1).daemon(true).factory());
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
                    vectors[i] = embedder.embed(texts.get(i));
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

    private static void embedOne(
            Embedder embedder,
            String text,
            float[][] vectors,
            int index,
            Semaphore free,
            AtomicReference<Throwable> failure) {
        try {
            List<float[]> one = embedder.embedAll(List.of(text)); // a call of one text, on this worker
            if (one.size() != 1) {
                throw new IllegalStateException("the embedder returned " + one.size() + " vectors for 1 text");
            }
            vectors[index] = one.getFirst();
        } catch (RuntimeException | Error e) {
            failure.compareAndSet(null, e);
        } finally {
            free.release();
        }
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
        workers.shutdown();
    }
}
