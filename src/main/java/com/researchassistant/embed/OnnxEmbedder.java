package com.researchassistant.embed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sentence-transformers/all-MiniLM-L6-v2 (8-bit quantized ONNX, from the langchain4j artifact)
 * running in-process on the CPU: 384 dimensions, mean pooling, L2-normalised, the same vectors as
 * langchain4j's {@code AllMiniLmL6V2QuantizedEmbeddingModel} for texts up to 128 word pieces. The
 * other shipped models ({@link EmbeddingModel}) run the same way with their own pooling and input
 * limit.
 *
 * <p>Memory: the model file is extracted once to the cache directory and ONNX Runtime loads it from
 * there, so its 23 MB of weights live in native memory, not the Java heap.
 *
 * <p>Threads: every ONNX call runs on one thread. {@link #embed} runs on the caller's thread, so a
 * query never waits behind an ingestion batch; {@link #embedAll} spreads its texts over a fixed
 * pool of workers, one per core by default.
 *
 * <p>Long texts: only the first {@value #MAX_TOKENS} word pieces (including [CLS] and [SEP]) are
 * embedded, as sentence-transformers does for this model; the rest is ignored. Callers that need
 * all of a long text embedded split it first (the library's chunker does). The stock langchain4j
 * class instead averages 510-token partitions, each of which its tokenizer cuts to 128 tokens.
 *
 * <p>Blank text (empty or whitespace only) is rejected with {@link IllegalArgumentException}: it has
 * no meaning to embed, and a vector for it would match arbitrary passages.
 */
public final class OnnxEmbedder implements Embedder, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OnnxEmbedder.class);

    static final ModelResource MODEL = EmbeddingModel.ALL_MINILM_L6_V2.weights();
    static final String TOKENIZER = EmbeddingModel.ALL_MINILM_L6_V2.tokenizer();
    static final int MAX_TOKENS = 256;
    static final int DIMENSIONS = 384;

    private final EmbeddingModel model;
    private final BertEncoder encoder;
    private final ExecutorService workers;
    private final int workerCount;
    private final AtomicBoolean closed = new AtomicBoolean();

    private OnnxEmbedder(EmbeddingModel model, BertEncoder encoder, int workerCount) {
        this.model = model;
        this.encoder = encoder;
        this.workerCount = workerCount;
        this.workers = Executors.newFixedThreadPool(
                workerCount,
                Thread.ofPlatform().name("onnx-embed-", 0).daemon(true).factory());
    }

    /** Opens the model with one batch worker per available processor; see {@link #open(Path, int)}. */
    public static OnnxEmbedder open(Path cacheDir) {
        return open(cacheDir, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Extracts the model into {@code cacheDir} (e.g. {@code <dataDir>/models}) unless an intact
     * copy is there, and opens it.
     *
     * @param workers threads that {@link #embedAll} spreads a batch over
     */
    public static OnnxEmbedder open(Path cacheDir, int workers) {
        return open(cacheDir, workers, false);
    }

    /**
     * As {@link #open(Path, int)}; {@code onnxArena} turns ONNX Runtime's own memory arena back on
     * (off in production: it keeps peak allocations for good; kept for the benchmark's comparison).
     */
    static OnnxEmbedder open(Path cacheDir, int workers, boolean onnxArena) {
        return open(cacheDir, EmbeddingModel.ALL_MINILM_L6_V2, workers, onnxArena);
    }

    /** Another of the shipped models, with one batch worker per available processor. */
    public static OnnxEmbedder open(Path cacheDir, EmbeddingModel model) {
        return open(cacheDir, model, Runtime.getRuntime().availableProcessors(), false);
    }

    static OnnxEmbedder open(Path cacheDir, EmbeddingModel choice, int workers, boolean onnxArena) {
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(choice, "choice");
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1: " + workers);
        }
        long start = System.nanoTime();
        Path model = choice.weights().extractTo(cacheDir);
        try (InputStream tokenizer = openTokenizer(choice.tokenizer())) {
            BertEncoder encoder = BertEncoder.open(
                    model, tokenizer, choice.maxTokens(), choice.dimensions(), onnxArena, choice.pooling(), 1);
            log.info("Embedding model {} loaded in {} ms, {} workers", model, millisSince(start), workers);
            return new OnnxEmbedder(choice, encoder, workers);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tokenizer " + choice.tokenizer(), e);
        }
    }

    private static InputStream openTokenizer(String name) {
        InputStream in = OnnxEmbedder.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new EmbeddingException("tokenizer resource " + name + " is not on the class path");
        }
        return in;
    }

    /** The model this embedder runs. */
    public EmbeddingModel model() {
        return model;
    }

    @Override
    public int dimensions() {
        return model.dimensions();
    }

    @Override
    public float[] embed(String text) {
        requireText(text, "text");
        return encoder.encode(text);
    }

    /** On the caller's thread; {@code stop} ends the ONNX call between two of the model's operations. */
    @Override
    public float[] embedAlone(String text, StopSwitch stop) {
        requireText(text, "text");
        Objects.requireNonNull(stop, "stop");
        return encoder.encode(text, stop);
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        for (int i = 0; i < texts.size(); i++) {
            requireText(texts.get(i), "texts[" + i + "]");
        }
        long start = System.nanoTime();
        float[][] vectors = new float[texts.size()][];
        int slices = Math.min(workerCount, texts.size());
        if (slices <= 1) {
            encodeSlice(texts, vectors, 0, 1);
        } else {
            List<Future<?>> running = new ArrayList<>(slices);
            for (int slice = 0; slice < slices; slice++) {
                int first = slice;
                running.add(workers.submit(() -> encodeSlice(texts, vectors, first, slices)));
            }
            awaitAll(running);
        }
        log.debug("Embedded {} texts in {} ms", texts.size(), millisSince(start));
        return Arrays.asList(vectors);
    }

    /**
     * Encodes every {@code stride}-th text from {@code first}; striding evens out mixed lengths.
     * One text per ONNX call on purpose: the model is dynamically quantized, so in a padded batch
     * a text's vector would depend on its neighbours (see docs/benchmarks.md).
     */
    private void encodeSlice(List<String> texts, float[][] vectors, int first, int stride) {
        for (int i = first; i < texts.size(); i += stride) {
            vectors[i] = encoder.encode(texts.get(i));
        }
    }

    private static void awaitAll(List<Future<?>> running) {
        try {
            for (Future<?> future : running) {
                future.get();
            }
        } catch (InterruptedException e) {
            running.forEach(future -> future.cancel(true));
            Thread.currentThread().interrupt();
            throw new EmbeddingException("interrupted while embedding a batch", e);
        } catch (ExecutionException e) {
            running.forEach(future -> future.cancel(true));
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new EmbeddingException("embedding a batch failed", e.getCause());
        }
    }

    private static void requireText(String text, String what) {
        Objects.requireNonNull(text, what);
        if (text.isBlank()) {
            throw new IllegalArgumentException(what + " is blank: \"" + text + "\"");
        }
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /** Stops the workers, waiting for running batches, then frees the native model. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        workers.shutdown();
        try {
            if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new EmbeddingException("embedding workers still busy after 30 s; model not closed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddingException("interrupted while closing the embedder", e);
        }
        encoder.close();
    }
}
