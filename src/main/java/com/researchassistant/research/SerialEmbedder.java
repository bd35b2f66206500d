package com.researchassistant.research;

import com.researchassistant.embed.Embedder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedder as research jobs use it: one text at a time, and one job at a time across the
 * process. The real embedder spreads a batch over every core; research embeds hundreds of
 * passages, and doing that on all cores would slow the chats answered beside it, so research
 * keeps to one core and leaves the others to chat (whose own embeddings do not wait here).
 */
final class SerialEmbedder implements Embedder {

    private final Embedder embedder;
    private final ReentrantLock turn = new ReentrantLock(true);

    SerialEmbedder(Embedder embedder) {
        this.embedder = embedder;
    }

    @Override
    public int dimensions() {
        return embedder.dimensions();
    }

    @Override
    public float[] embed(String text) {
        turn.lock();
        try {
            return embedder.embed(text);
        } finally {
            turn.unlock();
        }
    }

    /** Text by text, each under the turn, so a long batch of one job does not hold others back. */
    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (String text : texts) {
            vectors.add(embed(text));
        }
        return vectors;
    }
}
