package com.researchassistant.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.researchassistant.embed.Embedder;
import com.researchassistant.testing.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RoundEmbeddingTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final Foreground foreground = new Foreground(clock);
    private final RoundEmbedding embedding = new RoundEmbedding(foreground, 2);

    @AfterEach
    void close() {
        embedding.close();
    }

    @Test
    void the_other_core_goes_on_with_the_next_texts_while_one_text_takes_long() throws Exception {
        // given: "slow" is held until the three texts after it are embedded
        CountDownLatch othersDone = new CountDownLatch(3);
        LengthEmbedder embedder = new LengthEmbedder("slow", othersDone);

        // when
        CompletableFuture<List<float[]>> vectors = CompletableFuture.supplyAsync(
                () -> embedding.embed(embedder, List.of("slow", "a", "bb", "ccc")),
                runnable -> Thread.ofPlatform().start(runnable));

        // then: no lockstep (the three were embedded while "slow" waited), and the order is kept
        assertThat(vectors.get(10, TimeUnit.SECONDS))
                .extracting(vector -> vector[0])
                .containsExactly(4f, 1f, 2f, 3f);
        assertThat(embedder.alone).isTrue();
    }

    @Test
    void while_interactive_work_ran_shortly_before_every_text_is_embedded_on_the_calling_thread() {
        // given
        LengthEmbedder embedder = new LengthEmbedder("", new CountDownLatch(0));
        foreground.begin().close();

        // when
        List<float[]> vectors = embedding.embed(embedder, List.of("a", "bb"));

        // then
        assertThat(vectors).extracting(vector -> vector[0]).containsExactly(1f, 2f);
        assertThat(embedder.callerThreadTexts).isEqualTo(2);
    }

    @Test
    void a_failing_text_fails_the_round_once_the_texts_in_flight_are_done() {
        // given
        LengthEmbedder embedder = new LengthEmbedder("", new CountDownLatch(0));

        // when / then
        assertThatThrownBy(() -> embedding.embed(embedder, List.of("a", "fail", "c")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fail");
    }

    /** A text's vector is its length; {@code held} waits for the latch; "fail" is rejected. */
    private static final class LengthEmbedder implements Embedder {
        private final String held;
        private final CountDownLatch others;
        final AtomicBoolean alone = new AtomicBoolean(true);
        volatile int callerThreadTexts;

        LengthEmbedder(String held, CountDownLatch others) {
            this.held = held;
            this.others = others;
        }

        @Override
        public int dimensions() {
            return 1;
        }

        @Override
        public synchronized float[] embed(String text) {
            callerThreadTexts++;
            return vector(text);
        }

        @Override
        public List<float[]> embedAll(List<String> texts) {
            if (texts.size() != 1) {
                alone.set(false);
            }
            String text = texts.getFirst();
            if (text.equals(held)) {
                try {
                    assertThat(others.await(10, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            } else {
                others.countDown();
            }
            return List.of(vector(text));
        }

        private static float[] vector(String text) {
            if (text.equals("fail")) {
                throw new IllegalArgumentException("cannot embed " + text);
            }
            return new float[] {text.length()};
        }
    }
}
