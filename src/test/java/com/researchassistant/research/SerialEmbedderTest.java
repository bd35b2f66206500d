package com.researchassistant.research;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.embed.Embedder;
import com.researchassistant.testing.FakeEmbedder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SerialEmbedderTest {

    /** Counts the texts being embedded at once. */
    private static final class Counting implements Embedder {
        private final FakeEmbedder fake = new FakeEmbedder();
        private final AtomicInteger now = new AtomicInteger();
        private final AtomicInteger most = new AtomicInteger();

        @Override
        public int dimensions() {
            return fake.dimensions();
        }

        @Override
        public float[] embed(String text) {
            most.accumulateAndGet(now.incrementAndGet(), Math::max);
            try {
                return fake.embed(text);
            } finally {
                now.decrementAndGet();
            }
        }

        @Override
        public List<float[]> embedAll(List<String> texts) {
            throw new AssertionError("research must not spread a batch over every core");
        }
    }

    @Test
    void research_embeds_one_text_at_a_time_across_all_its_jobs_with_the_same_vectors() throws Exception {
        // given
        Counting counting = new Counting();
        SerialEmbedder serial = new SerialEmbedder(counting);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            texts.add("passage number " + i + " about sleep");
        }

        // when four jobs embed at once
        List<Thread> jobs = new ArrayList<>();
        List<List<float[]>> results = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int j = 0; j < 4; j++) {
            jobs.add(Thread.ofVirtual().start(() -> results.add(serial.embedAll(texts))));
        }
        for (Thread job : jobs) {
            job.join();
        }

        // then
        assertThat(counting.most.get()).isEqualTo(1);
        assertThat(results)
                .hasSize(4)
                .allSatisfy(vectors -> assertThat(vectors.get(7)).isEqualTo(new FakeEmbedder().embed(texts.get(7))));
    }
}
