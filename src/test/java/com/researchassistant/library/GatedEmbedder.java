package com.researchassistant.library;

import com.researchassistant.embed.Embedder;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bag-of-words embedder whose {@code embedAll} call number {@code gatedCall} (from 1) first
 * signals {@link #reached} and then waits for {@link #open()}, or fails when told to.
 */
final class GatedEmbedder implements Embedder {

    final CountDownLatch reached = new CountDownLatch(1);

    private final BagOfWordsEmbedder words = new BagOfWordsEmbedder();
    private final CountDownLatch gate = new CountDownLatch(1);
    private final AtomicInteger calls = new AtomicInteger();
    private final int gatedCall;
    private final boolean failAtGate;

    private GatedEmbedder(int gatedCall, boolean failAtGate) {
        this.gatedCall = gatedCall;
        this.failAtGate = failAtGate;
    }

    /** Blocks batch {@code call} until {@link #open()}. */
    static GatedEmbedder blockingAt(int call) {
        return new GatedEmbedder(call, false);
    }

    /** Throws at batch {@code call}, as a model running out of memory would. */
    static GatedEmbedder failingAt(int call) {
        return new GatedEmbedder(call, true);
    }

    void open() {
        gate.countDown();
    }

    /** The size of every {@code embedAll} call so far, in order. */
    List<Integer> batchSizes() {
        return words.batchSizes;
    }

    @Override
    public int dimensions() {
        return words.dimensions();
    }

    @Override
    public float[] embed(String text) {
        return words.embed(text);
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        if (calls.incrementAndGet() == gatedCall) {
            reached.countDown();
            if (failAtGate) {
                throw new IllegalStateException("embedding model failed");
            }
            try {
                if (!gate.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("gate never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted at the gate", e);
            }
        }
        return words.embedAll(texts);
    }
}
