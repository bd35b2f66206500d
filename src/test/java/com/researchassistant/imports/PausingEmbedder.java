package com.researchassistant.imports;

import com.researchassistant.embed.Embedder;
import com.researchassistant.testing.FakeEmbedder;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A fake embedder that, from its call number {@code pauseAt} on, waits until released. */
final class PausingEmbedder implements Embedder {

    private final FakeEmbedder fake = new FakeEmbedder();
    private final CountDownLatch paused = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicInteger calls = new AtomicInteger();
    private final int pauseAt;

    PausingEmbedder(int pauseAt) {
        this.pauseAt = pauseAt;
    }

    void awaitPause() throws InterruptedException {
        if (!paused.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the import never reached embedding call " + pauseAt);
        }
    }

    void release() {
        released.countDown();
    }

    @Override
    public int dimensions() {
        return fake.dimensions();
    }

    @Override
    public float[] embed(String text) {
        return fake.embed(text);
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        if (calls.incrementAndGet() >= pauseAt) {
            paused.countDown();
            try {
                if (!released.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while paused", e);
            }
        }
        return fake.embedAll(texts);
    }
}
